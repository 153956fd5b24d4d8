/**
 * Temperature control unit (domain-model §1.1, §3.7, F05; data model OPC 40082-1 / EUROMAP 82.1).
 *
 * One lumped water loop (tank, heater, hoses and the mould circuits' water, C ≈ 84 kJ/K) heated by a 9 kW
 * heater and cooled by a solenoid valve to plant water (UA ≈ 280 W/K fully open); a split-range PI drives
 * heater (output > 0) or valve (output < 0). The pump (0.5 kW) feeds 2 circuits at ≈ 8 L/min each; the mould
 * model returns the heat it hands to the water each tick. [A] values are calibrated to the F05 signatures:
 * heater stuck on → +2–3 K/min up to ≈ SP + 13 K; valve stuck closed → creep ≈ +10 K; stuck open → heater
 * duty ≈ 60 % holding the set point.
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import { nominalTcuFaults, type TcuFaults } from './fault-surface.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Alarms, clamp, Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const TCU_C_J_PER_K = 84_000;
export const TCU_HEATER_W = 9000;
export const TCU_PUMP_W = 500;
/** share of the pump power that ends up as heat in the water */
export const TCU_PUMP_HEAT = 0.7;
export const TCU_COOL_UA = 280;
export const TCU_LOSS_G = 40;
export const TCU_CIRCUIT_FLOW = 8;

/** OPC 40082-1 OperatingModeEnumeration (order as in the NodeSet) */
export const TCU_OPERATING_MODES = [
  'OTHER',
  'READY_TO_OPERATE',
  'NORMAL_OPERATION',
  'LEAK_STOPPER',
  'MOULD_EVACUATION',
  'PRESSURE_RELIEF',
  'COOLING',
  'SAFETY_COOLING',
  'ECO',
  'BOOST',
] as const;

export interface TcuState {
  tC: number;
  integ: number;
  heater: number;
  valve: number;
  /** water heat returned by the mould circuits this tick, W; total flow L/min; mixed return temperature */
  loadW: number;
  flow: number;
  returnC: number;
  energyJ: number;
}

export class TcuModel implements Model {
  readonly id: string;
  private readonly index: number;
  faults: TcuFaults = nominalTcuFaults();
  s: TcuState;
  private h: Record<string, number> = {};
  private noise!: Noise;
  private ambient!: AmbientModel;
  readonly alarms: Alarms;
  private readonly initialSp: number;

  constructor(index: 1 | 2, spC: number, start: 'production' | 'cold' = 'production') {
    this.id = `tcu${index}`;
    this.index = index;
    this.initialSp = spC;
    const t0 = start === 'production' ? spC : 25;
    this.s = { tC: t0, integ: 0, heater: 0, valve: 0, loadW: 0, flow: 0, returnC: t0, energyJ: 0 };
    const half =
      index === 1 ? { fr: 'partie fixe', en: 'fixed half' } : { fr: 'partie mobile', en: 'moving half' };
    this.alarms = new Alarms({
      NO_FLOW: {
        severity: 'alarm',
        fr: `Thermorégulateur ${index} (${half.fr}) : pas de débit`,
        en: `TCU ${index} (${half.en}): no flow`,
      },
      OVER_TEMP: {
        severity: 'alarm',
        fr: `Thermorégulateur ${index} : surchauffe`,
        en: `TCU ${index}: over-temperature`,
      },
      DEVIATION: {
        severity: 'warning',
        fr: `Thermorégulateur ${index} : écart de température`,
        en: `TCU ${index}: temperature deviation`,
      },
    });
  }

  /** supply temperature seen by the mould circuits */
  get supplyC(): number {
    return this.s.tC;
  }

  /** the pump delivers flow */
  get delivering(): boolean {
    return this.on && this.faults.pumpRunning;
  }

  private on = true;

  /** electrical power, W */
  get powerW(): number {
    return this.s.heater * TCU_HEATER_W * this.vf2 + (this.delivering ? TCU_PUMP_W : 0);
  }

  private vf2 = 1;

  /** handle of the set point (the mould mirrors it as the EUROMAP mould-zone NominalTemperature) */
  spHandle(): number {
    return this.h.temp_sp!;
  }

  /** called by the mould each tick: heat handed to the water (W), total flow, mixed return temperature */
  setLoad(loadW: number, flow: number, returnC: number): void {
    this.s.loadW = loadW;
    this.s.flow = flow;
    this.s.returnC = returnC;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder(this.id, `DeviceSet/TCU_${this.index}`, MODBUS_BLOCKS[this.id as 'tcu1']);
    b.measurement(
      'supply_temp',
      { fr: 'Température départ', en: 'Supply temperature' },
      '°C',
      { min: 0, max: 150 },
      'DeviceZone/Temperature/ActualValue',
      { sigma: 0.2 },
    )
      .setpoint(
        'temp_sp',
        { fr: 'Consigne température', en: 'Temperature set point' },
        '°C',
        { min: 10, max: 95 },
        this.initialSp,
        'DeviceZone/Temperature/SetValue',
      )
      .measurement(
        'return_temp',
        { fr: 'Température retour', en: 'Return temperature' },
        '°C',
        { min: 0, max: 150 },
        'DeviceZone/TemperatureReturnLine',
        { sigma: 0.2 },
      )
      .measurement(
        'flow',
        { fr: 'Débit', en: 'Flow rate' },
        'L/min',
        { min: 0, max: 60 },
        'DeviceZone/FlowRate/ActualValue',
        { sigma: 0.1 },
      )
      .measurement(
        'heater_output',
        { fr: 'Sortie chauffage', en: 'Heater output' },
        '%',
        { min: 0, max: 100 },
        'DeviceZone/HeaterOutput',
        { sigma: 0.5 },
      )
      .measurement(
        'cooling_output',
        { fr: 'Sortie refroidissement', en: 'Cooling valve output' },
        '%',
        { min: 0, max: 100 },
        'DeviceZone/CoolingValveOutput',
        { sigma: 0.5 },
      )
      .measurement(
        'process_power',
        { fr: 'Puissance de chauffe', en: 'Heating power' },
        'kW',
        { min: 0, max: 20 },
        'DeviceZone/ActualProcessPower',
        { sigma: 0.05 },
      )
      .bool('pump_running', { fr: 'Pompe en marche', en: 'Pump running' }, true, 'Operation/PumpRunning')
      .bool(
        'switched_on',
        { fr: 'Marche thermorégulateur', en: 'TCU switched on' },
        true,
        'Operation/SwitchedOn',
        { write: OP_WRITE, kind: 'setpoint' },
      )
      .enumeration(
        'operating_mode',
        { fr: 'Mode de fonctionnement', en: 'Operating mode' },
        TCU_OPERATING_MODES,
        2,
        'Operation/OperatingMode',
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of [
      'supply_temp',
      'temp_sp',
      'return_temp',
      'flow',
      'heater_output',
      'cooling_output',
      'process_power',
      'pump_running',
      'switched_on',
      'operating_mode',
    ]) {
      this.h[k] = ctx.handle(`${this.id}.${k}`);
    }
    this.noise = new Noise(ctx.stream('tags'));
    this.ambient = ctx.model<AmbientModel>('ambient');
  }

  /** Steady state at the set point under a given mould load (production pre-settle). */
  settle(spC: number, loadW: number, flow: number): void {
    this.s.tC = spC;
    this.s.loadW = loadW;
    this.s.flow = flow;
    const net = loadW + TCU_PUMP_HEAT * TCU_PUMP_W - TCU_LOSS_G * (spC - 25);
    const y = net > 0 ? -net / (TCU_COOL_UA * Math.max(1, spC - 20)) : -net / TCU_HEATER_W;
    this.s.integ = clamp(y, -1, 1);
    this.s.heater = Math.max(0, y);
    this.s.valve = Math.max(0, -y);
    this.s.returnC = spC + (flow > 0 ? loadW / ((flow / 60) * 4150) : 0);
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const s = this.s;
    const f = this.faults;
    const dt = ctx.dt;
    const sp = st.get(this.h.temp_sp!);
    this.on = st.getBool(this.h.switched_on!);
    const v = this.ambient.voltage;
    this.vf2 = v * v;
    const plant = this.ambient.faults.plantWaterC;
    // split-range PI: y > 0 heats, y < 0 opens the cooling valve
    const e = sp - s.tC;
    let y = 0;
    if (this.on) {
      s.integ = clamp(s.integ + (0.5 * e * dt) / 150, -1, 1);
      y = clamp(0.5 * e + s.integ, -1, 1);
    } else s.integ = 0;
    s.heater = f.heaterStuckOn ? 1 : Math.max(0, y);
    s.valve = f.coolingValve === 'stuck_open' ? 1 : f.coolingValve === 'stuck_closed' ? 0 : Math.max(0, -y);
    const qHeat = s.heater * TCU_HEATER_W * this.vf2;
    const qCool = s.valve * TCU_COOL_UA * Math.max(0, s.tC - plant);
    const qPump = this.delivering ? TCU_PUMP_HEAT * TCU_PUMP_W : 0;
    const qLoss = TCU_LOSS_G * (s.tC - this.ambient.s.tC);
    s.tC += ((qHeat + qPump + s.loadW - qCool - qLoss) * dt) / TCU_C_J_PER_K;
    s.energyJ += this.powerW * dt;

    this.alarms.set(ctx, 'NO_FLOW', this.on && s.flow < 2);
    this.alarms.set(ctx, 'OVER_TEMP', s.tC > sp + 10);
    this.alarms.set(
      ctx,
      'DEVIATION',
      this.on && Math.abs(s.tC - sp) > 5 && !this.alarms.isActive('OVER_TEMP'),
    );

    if (ctx.tick % 10 !== 3 + this.index) return; // 1 Hz (§7.2)
    const n = this.noise;
    n.begin();
    st.set(this.h.supply_temp!, quant(s.tC + 0.2 * n.g(), 0.1));
    st.set(this.h.return_temp!, quant((s.flow > 0 ? s.returnC : s.tC) + 0.2 * n.g(), 0.1));
    st.set(this.h.flow!, quant(Math.max(0, s.flow + (s.flow > 0 ? 0.1 * n.g() : 0)), 0.1));
    st.set(this.h.heater_output!, quant(100 * s.heater, 0.1));
    st.set(this.h.cooling_output!, quant(100 * s.valve, 0.1));
    st.set(this.h.process_power!, quant(qHeat / 1000, 0.01));
    st.setBool(this.h.pump_running!, this.delivering);
    st.set(this.h.operating_mode!, this.on ? 2 : 1);
  }

  snapshot(): unknown {
    return structuredClone({
      s: this.s,
      faults: this.faults,
      on: this.on,
      vf2: this.vf2,
      alarms: this.alarms.active,
    });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: TcuState;
      faults: TcuFaults;
      on: boolean;
      vf2: number;
      alarms: string[];
    };
    this.s = x.s;
    this.faults = x.faults;
    this.on = x.on;
    this.vf2 = x.vf2;
    this.alarms.active = x.alarms;
  }
}
