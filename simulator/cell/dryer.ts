/**
 * Desiccant dryer and resin moisture (domain-model §3.11, F06):
 * - dew point → DP_set (−40 °C) with healthy regeneration, toward the ambient dew point otherwise,
 *   first-order with the exam time constant τ_DP (7 min; real 1–3 h);
 * - M_out = M_eq(DP, T_dry) + (M_in − M_eq)·exp(−t_r/τ_dry(T_dry)), t_r = hopper mass / throughput;
 * - M_barrel(t) = M_out(t − t_r/2) through a delay line, compressed ×DRYER_TIME_COMPRESSION (10) in exam
 *   time, with a first-order spread for the residence distribution.
 * The resin moisture is hidden truth: no online analyser (candidates measure it with a diagnostic gesture).
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import type { BlenderModel } from './blender.ts';
import { type DryerFaults, nominalDryerFaults } from './fault-surface.ts';
import type { Material } from './materials.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Alarms, Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const DRYER_DP_SET = -40;
export const DRYER_TAU_DP_S = 420;
export const DRYER_TIME_COMPRESSION = 10;
export const DRYER_HOPPER_KG = 30;
export const DRYER_AIRFLOW_NOM = 35;
export const DRYER_BLOWER_W = 750;
export const DRYER_PROCESS_HEATER_W = 4000;
export const DRYER_REGEN_W = 3000;
const DELAY_SLOT_S = 10;
const DELAY_SLOTS = 360;

/** §3.11 M_eq table columns */
const DP_COLS = [-40, -20, -5, 10] as const;

export function equilibriumMoisture(m: Material, dp: number, tDry: number): number {
  const t = m.Meq;
  let v: number;
  if (dp <= DP_COLS[0]) v = t[0];
  else if (dp >= DP_COLS[3]) v = t[3] + ((t[3] - t[2]) / 15) * (dp - 10);
  else {
    let i = 0;
    while (dp > DP_COLS[i + 1]!) i++;
    const f = (dp - DP_COLS[i]!) / (DP_COLS[i + 1]! - DP_COLS[i]!);
    v = t[i]! + f * (t[i + 1]! - t[i]!);
  }
  // a colder drying air holds more water in the pellets [A]
  return v * (1 + 0.03 * Math.max(0, m.dryTempC - tDry));
}

export interface DryerState {
  dp: number;
  tDry: number;
  regenT: number;
  airflow: number;
  mOut: number;
  mBarrel: number;
  delay: number[];
  head: number;
  lastSlot: number;
  heaterDuty: number;
  energyJ: number;
}

export class DryerModel implements Model {
  readonly id = 'dryer';
  faults: DryerFaults = nominalDryerFaults();
  s: DryerState;
  private h: Record<string, number> = {};
  private noise!: Noise;
  private ambient!: AmbientModel;
  private blender!: BlenderModel;
  private readonly m: Material;
  private readonly runInit: boolean;
  readonly alarms = new Alarms({
    DEW_POINT_HIGH: {
      severity: 'alarm',
      fr: 'Sécheur : point de rosée trop élevé',
      en: 'Dryer: dew point high',
    },
    DRYING_TEMP_LOW: {
      severity: 'warning',
      fr: 'Sécheur : température de séchage basse',
      en: 'Dryer: drying temperature low',
    },
  });
  /** throughput in kg/h, set by the IMM */
  throughputKgH = 0;

  constructor(m: Material, running: boolean) {
    this.m = m;
    this.runInit = running;
    const dp = running ? DRYER_DP_SET : 10;
    this.s = {
      dp,
      tDry: running ? m.dryTempC : 25,
      regenT: running ? 180 : 25,
      airflow: running ? DRYER_AIRFLOW_NOM : 0,
      mOut: m.Min,
      mBarrel: m.Min,
      delay: new Array<number>(DELAY_SLOTS).fill(m.Min),
      head: 0,
      lastSlot: 0,
      heaterDuty: 0,
      energyJ: 0,
    };
  }

  /** moisture of the resin at the screw, % (hidden truth) */
  get moisture(): number {
    return this.s.mBarrel;
  }

  get powerW(): number {
    if (!this.runningNow) return 0;
    const v2 = this.ambient.voltage ** 2;
    return (
      DRYER_BLOWER_W * this.faults.airflowFactor +
      this.s.heaterDuty * DRYER_PROCESS_HEATER_W * v2 * this.faults.processHeaterHealth +
      0.5 * DRYER_REGEN_W * v2 * this.faults.regenHealth
    );
  }

  private runningNow = false;

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('dryer', 'DeviceSet/Dryer_1', MODBUS_BLOCKS.dryer);
    b.bool('running', { fr: 'Sécheur en marche', en: 'Dryer running' }, this.runInit, 'Operation/Running', {
      write: OP_WRITE,
      kind: 'setpoint',
    })
      .setpoint(
        'temp_sp',
        { fr: 'Consigne température de séchage', en: 'Drying temperature set point' },
        '°C',
        { min: 40, max: 140 },
        this.m.dryTempC,
        'ProcessSetpoints/DryingTemperature',
      )
      .measurement(
        'dew_point',
        { fr: 'Point de rosée', en: 'Dew point' },
        '°C',
        { min: -60, max: 30 },
        'DewPoint',
        { sigma: 1 },
      )
      .measurement(
        'process_air_temp',
        { fr: 'Température air process (entrée trémie)', en: 'Process air temperature (hopper inlet)' },
        '°C',
        { min: 0, max: 200 },
        'ProcessAirTemperature',
        { sigma: 0.3 },
      )
      .measurement(
        'return_air_temp',
        { fr: 'Température air retour', en: 'Return air temperature' },
        '°C',
        { min: 0, max: 200 },
        'ReturnAirTemperature',
        { sigma: 0.3 },
      )
      .measurement(
        'regen_temp',
        { fr: 'Température de régénération', en: 'Regeneration temperature' },
        '°C',
        { min: 0, max: 300 },
        'RegenerationTemperature',
        { sigma: 1 },
      )
      .measurement('airflow', { fr: "Débit d'air", en: 'Airflow' }, 'm³/h', { min: 0, max: 100 }, 'Airflow', {
        sigma: 0.3,
      })
      .measurement(
        'heater_output',
        { fr: 'Sortie chauffage process', en: 'Process heater output' },
        '%',
        { min: 0, max: 100 },
        'ProcessHeaterOutput',
        { sigma: 0.5 },
      )
      .hidden(
        'resin_moisture_true',
        { fr: 'Humidité résine à la vis (vraie)', en: 'Resin moisture at the screw (true)' },
        '%',
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of [
      'running',
      'temp_sp',
      'dew_point',
      'process_air_temp',
      'return_air_temp',
      'regen_temp',
      'airflow',
      'heater_output',
      'resin_moisture_true',
    ]) {
      this.h[k] = ctx.handle(`dryer.${k}`);
    }
    this.noise = new Noise(ctx.stream('tags'));
    this.ambient = ctx.model<AmbientModel>('ambient');
    this.blender = ctx.model<BlenderModel>('blender');
  }

  /** residence time in the hopper, s (real) */
  private residenceS(): number {
    return (3600 * DRYER_HOPPER_KG) / Math.max(1, this.throughputKgH);
  }

  private outletMoisture(mIn: number): number {
    const s = this.s;
    if (!this.runningNow) return mIn;
    const meq = equilibriumMoisture(this.m, s.dp, s.tDry);
    const tau =
      (3600 * this.m.tauDryH * Math.exp(0.03 * Math.max(0, this.m.dryTempC - s.tDry))) /
      Math.sqrt(Math.max(0.05, this.faults.airflowFactor));
    return meq + (mIn - meq) * Math.exp(-this.residenceS() / tau);
  }

  /** steady production state (moisture pipeline full of dried resin) */
  settle(throughputKgH: number, blender: BlenderModel, ambient: AmbientModel): void {
    this.throughputKgH = throughputKgH;
    this.runningNow = this.runInit;
    this.ambient = ambient;
    const m = this.outletMoisture(blender.moistureIn);
    this.s.mOut = m;
    this.s.mBarrel = m;
    this.s.delay.fill(m);
    this.s.heaterDuty = this.runInit ? 0.5 : 0;
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const s = this.s;
    const f = this.faults;
    const dt = ctx.dt;
    this.runningNow = st.getBool(this.h.running!);
    const run = this.runningNow;
    const dpAmb = this.ambient.s.dpC;
    const dpTarget = run ? DRYER_DP_SET + (dpAmb - DRYER_DP_SET) * (1 - f.regenHealth) : dpAmb;
    s.dp += ((dpTarget - s.dp) * dt) / DRYER_TAU_DP_S;
    const sp = st.get(this.h.temp_sp!);
    const tAmb = this.ambient.s.tC;
    // process air: the heater (health-limited) drives it to the set point, τ ≈ 5 min
    const reach = tAmb + (sp - tAmb) * Math.min(1, 1.6 * f.processHeaterHealth);
    const tTarget = run ? Math.min(sp, reach) : tAmb;
    s.tDry += ((tTarget - s.tDry) * dt) / 300;
    s.heaterDuty = run
      ? Math.min(1, (0.5 * (s.tDry - tAmb)) / Math.max(1, sp - tAmb) / Math.max(0.05, f.processHeaterHealth))
      : 0;
    const regenTarget = run ? tAmb + (180 - tAmb) * f.regenHealth : tAmb;
    s.regenT += ((regenTarget - s.regenT) * dt) / 120;
    s.airflow = run ? DRYER_AIRFLOW_NOM * f.airflowFactor : 0;
    s.mOut = this.outletMoisture(this.blender.moistureIn);
    // transport delay t_r/2 (compressed), sampled every 10 s
    const slot = Math.floor(ctx.t / DELAY_SLOT_S);
    if (slot !== s.lastSlot) {
      s.lastSlot = slot;
      s.head = (s.head + 1) % DELAY_SLOTS;
      s.delay[s.head] = s.mOut;
    }
    const delayS = Math.min(
      (DELAY_SLOTS - 1) * DELAY_SLOT_S,
      (0.5 * this.residenceS()) / DRYER_TIME_COMPRESSION,
    );
    const back = Math.round(delayS / DELAY_SLOT_S);
    const delayed = s.delay[(s.head - back + DELAY_SLOTS) % DELAY_SLOTS]!;
    s.mBarrel += ((delayed - s.mBarrel) * dt) / Math.max(30, delayS / 3);
    s.energyJ += this.powerW * dt;

    this.alarms.set(ctx, 'DEW_POINT_HIGH', run && s.dp > -20);
    this.alarms.set(ctx, 'DRYING_TEMP_LOW', run && s.tDry < sp - 10 && ctx.t > 1200);
    if (ctx.tick % 10 !== 8) return; // 1 Hz (§7.2 0.1–1 Hz)
    const n = this.noise;
    n.begin();
    st.set(this.h.dew_point!, quant(s.dp + n.g(), 0.1));
    st.set(this.h.process_air_temp!, quant(s.tDry + 0.3 * n.g(), 0.1));
    const pellets = run
      ? Math.min(25, (this.throughputKgH * 1.7 * Math.max(0, s.tDry - tAmb)) / Math.max(1, s.airflow))
      : 0;
    st.set(this.h.return_air_temp!, quant((run ? s.tDry - pellets - 15 : tAmb) + 0.3 * n.g(), 0.1));
    st.set(this.h.regen_temp!, quant(s.regenT + n.g(), 0.1));
    st.set(this.h.airflow!, quant(Math.max(0, s.airflow + (run ? 0.3 * n.g() : 0)), 0.1));
    st.set(this.h.heater_output!, quant(100 * s.heaterDuty, 0.1));
    st.set(this.h.resin_moisture_true!, Math.round(s.mBarrel * 10000) / 10000);
  }

  snapshot(): unknown {
    return structuredClone({
      s: this.s,
      faults: this.faults,
      thr: this.throughputKgH,
      run: this.runningNow,
      alarms: this.alarms.active,
    });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: DryerState;
      faults: DryerFaults;
      thr: number;
      run: boolean;
      alarms: string[];
    };
    this.s = x.s;
    this.faults = x.faults;
    this.throughputKgH = x.thr;
    this.runningNow = x.run;
    this.alarms.active = x.alarms;
  }
}
