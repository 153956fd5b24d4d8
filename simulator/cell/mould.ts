/**
 * The 2-cavity mould (domain-model §1.1, §3.7): 4 cooling circuits (A1, A2 on the fixed half fed by TCU 1;
 * B1, B2 on the moving half fed by TCU 2), one cavity-surface node per circuit, Reynolds-dependent heat
 * transfer with the NTU limit, lateral conduction inside a half, supply/return temperatures and flows; the
 * IoT tool sensors (4 cavity-pressure sensors with their measurement path, surface thermocouples, flow
 * meters, the mould's own shot counter) with their own sampling rates.
 *
 * Circuit *1 cools cavity 1, circuit *2 cools cavity 2.
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import { type MouldFaults, nominalMouldFaults } from './fault-surface.ts';
import type { HotRunnerModel } from './hotrunner.ts';
import type { ImmModel } from './imm/imm.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { capacityRate, effectiveUA } from './physics/heat-transfer.ts';
import { Noise, quant, SignalBuilder } from './signals.ts';
import type { TcuModel } from './tcu.ts';
import { TCU_CIRCUIT_FLOW } from './tcu.ts';

export const CIRCUITS = ['a1', 'a2', 'b1', 'b2'] as const;
/** §3.7 node capacity per circuit (≈ 35 kJ/K), lateral conductance inside a half, loss to the platens/air */
export const MOULD_C_NODE = 35_000;
export const MOULD_G_LAT = 30;
export const MOULD_G_AMB = 0.5;
/** conduction left when the water stands still (steel to frame), W/K */
export const MOULD_UA_STAGNANT = 0.5;
/** drop heat into the cavity plate at steady state (0.4 W/K × ≈ 180 K), for the pre-settle */
const HR_SETTLE_DROP_W = 72;
export const SENSOR_NAMES = ['cav1_gate', 'cav1_eof', 'cav2_gate', 'cav2_eof'] as const;

export interface MouldState {
  t: [number, number, number, number];
  /** part heat flux still to deliver (W, per circuit) and until when (s) */
  fluxW: number;
  fluxUntil: number;
  shotCounter: number;
  flow: [number, number, number, number];
  supply: [number, number, number, number];
  ret: [number, number, number, number];
  qW: [number, number, number, number];
}

/** steady surface temperature of one circuit node with a given heat load (W) — used for references */
export function steadySurface(supplyC: number, heatW: number, flow = TCU_CIRCUIT_FLOW, ambC = 25): number {
  const ua = effectiveUA(flow, supplyC) + MOULD_UA_STAGNANT;
  return (heatW + ua * supplyC + MOULD_G_AMB * ambC) / (ua + MOULD_G_AMB);
}

export class MouldModel implements Model {
  readonly id = 'mould';
  faults: MouldFaults = nominalMouldFaults();
  s: MouldState;
  private h: Record<string, number> = {};
  private noise!: Noise;
  private tcu!: [TcuModel, TcuModel];
  private ambient!: AmbientModel;
  private imm!: ImmModel;
  private hr: HotRunnerModel | undefined;
  private readonly mouldId: string;
  private readonly spC: number;

  constructor(mouldId: string, spC: number, start: 'production' | 'cold', shotCounter = 125_000) {
    this.mouldId = mouldId;
    this.spC = spC;
    const t = start === 'production' ? spC : 25;
    this.s = {
      t: [t, t, t, t],
      fluxW: 0,
      fluxUntil: 0,
      shotCounter,
      flow: [0, 0, 0, 0],
      supply: [t, t, t, t],
      ret: [t, t, t, t],
      qW: [0, 0, 0, 0],
    };
  }

  /** mean cavity-surface temperature of the fixed (A) and moving (B) halves */
  get fixedC(): number {
    return 0.5 * (this.s.t[0] + this.s.t[1]);
  }
  get movingC(): number {
    return 0.5 * (this.s.t[2] + this.s.t[3]);
  }
  /** cavity-surface temperature at the gate of cavity c (mean of its two halves) */
  gateWallC(c: number): number {
    return 0.5 * (this.s.t[c]! + this.s.t[2 + c]!);
  }
  /** the hottest circuit node in contact with cavity c (§3.6 sink) */
  hottestC(c: number): number {
    return Math.max(this.s.t[c]!, this.s.t[2 + c]!);
  }

  /** part heat of one shot (J), delivered uniformly to the 4 nodes over the time the mould stays closed */
  injectHeat(qJ: number, durationS: number, now: number): void {
    const remaining = this.s.fluxUntil > now ? this.s.fluxW * (this.s.fluxUntil - now) : 0;
    this.s.fluxW = (qJ / 4 + remaining) / durationS;
    this.s.fluxUntil = now + durationS;
  }

  countShot(): void {
    this.s.shotCounter++;
  }

  /**
   * The cavity-pressure measurement path (F14): gain, offset growing during the shot (charge-amplifier
   * drift from the reset at injection start), open sensor, spikes. `frac` = time since reset / shot time.
   */
  measureCavity(sensor: number, pTrue: number, frac: number, spike: number): number {
    const f = this.faults.cavitySensors[sensor]!;
    if (f.flatLine) return 0;
    return f.gain * pTrue + f.offsetMPa * (0.3 + 0.7 * Math.min(1, frac)) + f.noiseMPa * spike;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('mould', 'DeviceSet/IMM_1/Moulds/Mould_1', MODBUS_BLOCKS.mould, 200);
    CIRCUITS.forEach((c, i) => {
      const C = c.toUpperCase();
      const z = `TemperatureZones/TemperatureZone_${i + 1}`;
      b.measurement(
        `circuit_${c}.surface_temp`,
        {
          fr: `Température surface empreinte (circuit ${C})`,
          en: `Cavity surface temperature (circuit ${C})`,
        },
        '°C',
        { min: 0, max: 200 },
        `${z}/ActualTemperature`,
        { sigma: 0.3 },
      )
        .measurement(
          `circuit_${c}.temp_nominal`,
          { fr: `Consigne zone moule ${C}`, en: `Mould zone ${C} nominal temperature` },
          '°C',
          { min: 0, max: 200 },
          `${z}/NominalTemperature`,
        )
        .measurement(
          `circuit_${c}.flow`,
          { fr: `Débit circuit ${C}`, en: `Circuit ${C} flow` },
          'L/min',
          { min: 0, max: 30 },
          `CoolingCircuits/Circuit_${C}/FlowRate`,
          { sigma: 0.1 },
        )
        .measurement(
          `circuit_${c}.supply_temp`,
          { fr: `Température entrée circuit ${C}`, en: `Circuit ${C} supply temperature` },
          '°C',
          { min: 0, max: 150 },
          `CoolingCircuits/Circuit_${C}/SupplyTemperature`,
          { sigma: 0.1 },
        )
        .measurement(
          `circuit_${c}.return_temp`,
          { fr: `Température sortie circuit ${C}`, en: `Circuit ${C} return temperature` },
          '°C',
          { min: 0, max: 150 },
          `CoolingCircuits/Circuit_${C}/ReturnTemperature`,
          { sigma: 0.1 },
        );
    });
    b.measurement(
      'temp_fixed',
      { fr: 'Température moule partie fixe', en: 'Mould temperature, fixed half' },
      '°C',
      { min: 0, max: 200 },
      'FixedHalfTemperature',
      { sigma: 0.3 },
    ).measurement(
      'temp_moving',
      { fr: 'Température moule partie mobile', en: 'Mould temperature, moving half' },
      '°C',
      { min: 0, max: 200 },
      'MovingHalfTemperature',
      { sigma: 0.3 },
    );
    SENSOR_NAMES.forEach((n, i) => {
      const cav = (i >> 1) + 1;
      const pos =
        i & 1
          ? { fr: 'fin d’écoulement', en: 'end of flow', p: 'EndOfFlow' }
          : { fr: 'près du seuil', en: 'near gate', p: 'NearGate' };
      b.measurement(
        `cavity${cav}.${i & 1 ? 'eof' : 'gate'}_pressure`,
        { fr: `Pression empreinte ${cav} ${pos.fr}`, en: `Cavity ${cav} pressure ${pos.en}` },
        'MPa',
        { min: -10, max: 250 },
        `CavityPressureSensors/Cavity${cav}${pos.p}/ActualPressure`,
        { sigma: 0.2 },
      );
      void n;
    });
    b.counter(
      'shot_counter',
      { fr: 'Compteur de coups moule', en: 'Mould shot counter' },
      'MouldLifetimeCycleCounter',
      { initial: this.s.shotCounter },
    )
      .enumeration(
        'status',
        { fr: 'État du moule', en: 'Mould status' },
        ['OTHER', 'MOULD_NOT_INSTALLED', 'MOULD_CHANGE', 'MOULD_INSTALLED'],
        3,
        'MouldStatus',
      )
      .text('mould_id', { fr: 'Identifiant moule', en: 'Mould id' }, this.mouldId, 'Id');
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const c of CIRCUITS) {
      for (const k of ['surface_temp', 'temp_nominal', 'flow', 'supply_temp', 'return_temp']) {
        this.h[`${c}.${k}`] = ctx.handle(`mould.circuit_${c}.${k}`);
      }
    }
    this.h.fixed = ctx.handle('mould.temp_fixed');
    this.h.moving = ctx.handle('mould.temp_moving');
    this.h.p0 = ctx.handle('mould.cavity1.gate_pressure');
    this.h.p1 = ctx.handle('mould.cavity1.eof_pressure');
    this.h.p2 = ctx.handle('mould.cavity2.gate_pressure');
    this.h.p3 = ctx.handle('mould.cavity2.eof_pressure');
    this.h.counter = ctx.handle('mould.shot_counter');
    this.noise = new Noise(ctx.stream('tags'));
    this.tcu = [ctx.model<TcuModel>('tcu1'), ctx.model<TcuModel>('tcu2')];
    this.ambient = ctx.model<AmbientModel>('ambient');
    this.imm = ctx.model<ImmModel>('imm');
    try {
      this.hr = ctx.model<HotRunnerModel>('hotrunner');
    } catch {
      this.hr = undefined;
    }
  }

  /** Steady production state for a given part heat per circuit (W) at the TCU set point. */
  settle(heatPerCircuitW: number, tcu: [TcuModel, TcuModel], hotRunner: boolean): void {
    for (let j = 0; j < 4; j++) {
      const hr = hotRunner ? 0.5 * HR_SETTLE_DROP_W : 0;
      this.s.t[j] = steadySurface(this.spC, heatPerCircuitW + hr);
      this.s.flow[j] = TCU_CIRCUIT_FLOW;
      this.s.supply[j] = this.spC;
    }
    for (let k = 0; k < 2; k++) {
      let q = 0;
      for (const j of [2 * k, 2 * k + 1])
        q += effectiveUA(TCU_CIRCUIT_FLOW, this.spC) * (this.s.t[j] - this.spC);
      tcu[k]!.settle(this.spC, q, 2 * TCU_CIRCUIT_FLOW);
    }
  }

  step(ctx: StepContext): void {
    const s = this.s;
    const dt = ctx.dt;
    const tAmb = this.ambient.s.tC;
    const flux = ctx.t < s.fluxUntil ? s.fluxW : 0;
    for (let k = 0; k < 2; k++) {
      const tcu = this.tcu[k]!;
      const sup = tcu.supplyC;
      let qSum = 0;
      let fSum = 0;
      let rSum = 0;
      for (let jj = 0; jj < 2; jj++) {
        const j = 2 * k + jj;
        const flow = tcu.delivering ? TCU_CIRCUIT_FLOW * this.faults.circuitFlowFactor[j]! : 0;
        // the Reynolds/Nusselt evaluation is cached until the flow or the water temperature moves
        if (flow !== this.uaFlow[j] || Math.abs(sup - this.uaTemp[j]!) > 0.05) {
          this.uaFlow[j] = flow;
          this.uaTemp[j] = sup;
          this.uaCache[j] = effectiveUA(flow, sup) + MOULD_UA_STAGNANT;
        }
        const ua = this.uaCache[j]!;
        const tj = s.t[j]!;
        const q = ua * (tj - sup);
        const other = s.t[j ^ 1]!;
        const hrHeat = this.hr ? 0.5 * this.hr.dropHeatToMouldW(jj) : 0;
        s.t[j] =
          tj +
          ((flux + hrHeat - q - MOULD_G_LAT * (tj - other) - MOULD_G_AMB * (tj - tAmb)) * dt) / MOULD_C_NODE;
        s.flow[j] = flow;
        s.supply[j] = sup;
        const cr = capacityRate(flow);
        s.ret[j] = flow > 0 ? sup + q / cr : sup;
        s.qW[j] = q;
        qSum += q;
        fSum += flow;
        rSum += flow * s.ret[j]!;
      }
      tcu.setLoad(qSum, fSum, fSum > 0 ? rSum / fSum : sup);
    }

    const st = ctx.store;
    const n = this.noise;
    // cavity-pressure IoT box: 10 Hz live values (the 100 Hz curves travel in the ShotRecord)
    n.begin();
    for (let i = 0; i < 4; i++) {
      const live = this.imm.liveCavity(i, ctx.t);
      const meas = this.measureCavity(i, live.p, live.frac, n.g());
      st.set(this.h[`p${i}`]!, quant(meas + 0.2 * n.g(), 0.01));
    }
    st.set(this.h.counter!, s.shotCounter);
    if (ctx.tick % 10 !== 6) return; // 1 Hz mould thermocouples and flow meters (§7.2)
    for (let j = 0; j < 4; j++) {
      const c = CIRCUITS[j]!;
      st.set(this.h[`${c}.surface_temp`]!, quant(s.t[j]! + 0.3 * n.g(), 0.1));
      st.set(this.h[`${c}.temp_nominal`]!, ctx.store.get(this.tcuSpHandle(j)));
      st.set(this.h[`${c}.flow`]!, quant(Math.max(0, s.flow[j]! + (s.flow[j]! > 0 ? 0.1 * n.g() : 0)), 0.1));
      st.set(this.h[`${c}.supply_temp`]!, quant(s.supply[j]! + 0.1 * n.g(), 0.1));
      st.set(this.h[`${c}.return_temp`]!, quant(s.ret[j]! + 0.1 * n.g(), 0.1));
    }
    st.set(this.h.fixed!, quant(this.fixedC + 0.3 * n.g(), 0.1));
    st.set(this.h.moving!, quant(this.movingC + 0.3 * n.g(), 0.1));
  }

  private readonly uaFlow = [-1, -1, -1, -1];
  private readonly uaTemp = [0, 0, 0, 0];
  private readonly uaCache = [0, 0, 0, 0];
  private spHandles: number[] = [];
  private tcuSpHandle(j: number): number {
    if (this.spHandles.length === 0) {
      this.spHandles = [0, 1].map((k) => this.tcu[k]!.spHandle());
    }
    return this.spHandles[j >> 1]!;
  }

  snapshot(): unknown {
    return structuredClone({
      s: this.s,
      faults: this.faults,
      ua: { flow: this.uaFlow, temp: this.uaTemp, cache: this.uaCache },
    });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: MouldState;
      faults: MouldFaults;
      ua: { flow: number[]; temp: number[]; cache: number[] };
    };
    this.s = x.s;
    this.faults = x.faults;
    for (let j = 0; j < 4; j++) {
      this.uaFlow[j] = x.ua.flow[j]!;
      this.uaTemp[j] = x.ua.temp[j]!;
      this.uaCache[j] = x.ua.cache[j]!;
    }
  }
}
