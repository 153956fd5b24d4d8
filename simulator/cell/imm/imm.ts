/**
 * The injection-moulding machine (domain-model §1.1, §2, §3.1–§3.10, §3.14): 10 Hz slow loop (barrel zones,
 * oil, dosing, live tags) and the §2.2 cycle state machine with exact phase times inside the tick; the
 * shot itself (fill/pack/hold, cavity pressure, weight) is evaluated once per shot by shot-model.ts.
 */
import type { BindContext, Model, StepContext } from '../../kernel/model.ts';
import type { RandomStream } from '../../kernel/rng.ts';
import type { SignalDefInput } from '../../kernel/signal-schema.ts';
import type { AmbientModel } from '../ambient.ts';
import type { BlenderModel } from '../blender.ts';
import type { DryerModel } from '../dryer.ts';
import type { Consumer, EnergyModel } from '../energy.ts';
import { type ImmFaults, nominalImmFaults } from '../fault-surface.ts';
import type { HopperModel } from '../hopper.ts';
import type { HotRunnerModel } from '../hotrunner.ts';
import type { LaserModel } from '../laser.ts';
import { AS_CM3_PER_MM, type Job, K_VOID, MATERIALS, type Material, meltDensity } from '../materials.ts';
import type { MouldModel } from '../mould.ts';
import { coolingTimeCentre } from '../physics/cooling.ts';
import { rvi } from '../physics/viscosity.ts';
import { computeRefs, type JobRefs, plastRate, T_DECOMPRESS } from '../reference.ts';
import type { RobotModel } from '../robot.ts';
import { Alarms, Noise } from '../signals.ts';
import type { VisionModel } from '../vision.ts';
import {
  type BarrelInputs,
  meltTemperature,
  newBarrel,
  settleBarrel,
  stepBarrel,
  zoneDeficit,
} from './barrel.ts';
import { advanceCycle } from './cycle.ts';
import { DRIVE_IDLE_W, DRIVE_MOTOR_EFF, pressureSigma, stepOil, velocitySigma } from './hydraulics.ts';
import { registerImmActions } from './imm-actions.ts';
import { DOSING_STATES, declareImm, JOB_STATUS, MODE } from './imm-signals.ts';
import { publishImm } from './publish.ts';
import { cavityPressure, computeShot, type ShotInputs } from './shot-model.ts';
import type { ImmState } from './state.ts';

/** §3.8 torque at the reference point, N·m (≈ 5 kW at 280 rpm) */
export const TORQUE_REF = 175;
/** share of the screw's mechanical power heating the barrel wall (the rest heats the melt) */
export const SHEAR_TO_BARREL = 0.3;
/** melt inventory of the barrel in shots (§3.2 residence) */
export const INVENTORY_SHOTS = 4;
/** nominal fill split between the cavities of the cold runner [A] (short-shot imbalance ≈ 1.2 %) */
export const CAVITY_SPLIT = 0.503;
/** averaging time of the throughput seen by the barrel and the dryer, s */
export const MDOT_TAU = 120;

export const IMM_ALARMS = {
  ZONE_DEV_1: { severity: 'alarm', fr: 'Zone 1 : écart de température', en: 'Zone 1: temperature deviation' },
  ZONE_DEV_2: { severity: 'alarm', fr: 'Zone 2 : écart de température', en: 'Zone 2: temperature deviation' },
  ZONE_DEV_3: { severity: 'alarm', fr: 'Zone 3 : écart de température', en: 'Zone 3: temperature deviation' },
  ZONE_DEV_4: { severity: 'alarm', fr: 'Zone 4 : écart de température', en: 'Zone 4: temperature deviation' },
  ZONE_DEV_5: { severity: 'alarm', fr: 'Buse : écart de température', en: 'Nozzle: temperature deviation' },
  TC_OPEN_1: { severity: 'alarm', fr: 'Zone 1 : thermocouple coupé', en: 'Zone 1: thermocouple open' },
  TC_OPEN_2: { severity: 'alarm', fr: 'Zone 2 : thermocouple coupé', en: 'Zone 2: thermocouple open' },
  TC_OPEN_3: { severity: 'alarm', fr: 'Zone 3 : thermocouple coupé', en: 'Zone 3: thermocouple open' },
  TC_OPEN_4: { severity: 'alarm', fr: 'Zone 4 : thermocouple coupé', en: 'Zone 4: thermocouple open' },
  TC_OPEN_5: { severity: 'alarm', fr: 'Buse : thermocouple coupé', en: 'Nozzle: thermocouple open' },
  INJ_PRESSURE_LIMIT: {
    severity: 'warning',
    fr: "Limite de pression d'injection atteinte",
    en: 'Injection pressure limit reached',
  },
  DOSE_EXCEEDS_COOL: {
    severity: 'warning',
    fr: 'Temps de dosage supérieur au temps de refroidissement',
    en: 'Dosing time exceeds cooling time',
  },
  DOSE_TIMEOUT: {
    severity: 'alarm',
    fr: 'Course de dosage non atteinte (temps dépassé)',
    en: 'Shot size not reached (dosing time-out)',
  },
  CUSHION_ZERO: {
    severity: 'warning',
    fr: 'Matelas nul : vis en butée',
    en: 'Cushion zero: screw bottomed out',
  },
  OIL_TEMP_HIGH: {
    severity: 'warning',
    fr: 'Température huile élevée (55 °C)',
    en: 'Oil temperature high (55 °C)',
  },
  OIL_TEMP_STOP: {
    severity: 'critical',
    fr: 'Température huile trop élevée : arrêt (65 °C)',
    en: 'Oil temperature too high: stop (65 °C)',
  },
  GUARD_OPEN: {
    severity: 'alarm',
    fr: 'Protecteur ouvert pendant le cycle',
    en: 'Guard opened during the cycle',
  },
  ESTOP: { severity: 'critical', fr: "Arrêt d'urgence", en: 'Emergency stop' },
  MOULD_PROTECT: {
    severity: 'alarm',
    fr: 'Sécurité moule : obstacle à la fermeture',
    en: 'Mould protection: obstruction on closing',
  },
  CAV_SENSOR_FAULT: {
    severity: 'warning',
    fr: 'Capteur de pression empreinte : signal absent',
    en: 'Cavity pressure sensor: no signal',
  },
  CLAMP_FORCE_DEV: {
    severity: 'warning',
    fr: 'Force de fermeture hors tolérance',
    en: 'Clamp force out of tolerance',
  },
  QUALITY_WINDOW: {
    severity: 'info',
    fr: 'Surveillance qualité : cycle hors fenêtre',
    en: 'Quality monitoring: cycle out of window',
  },
} as const;

export interface CellContext {
  readonly job: Job;
  readonly start: 'production' | 'cold';
}

export class ImmModel implements Model {
  readonly id = 'imm';
  readonly job: Job;
  readonly m: Material;
  readonly refs: JobRefs;
  readonly startMode: 'production' | 'cold';
  faults: ImmFaults = nominalImmFaults();
  s: ImmState;
  h: Record<string, number> = {};
  noise!: Noise;
  rng!: RandomStream;
  alarms = new Alarms(
    IMM_ALARMS as unknown as Record<
      string,
      { severity: 'info' | 'warning' | 'alarm' | 'critical'; fr: string; en: string }
    >,
  );
  mould!: MouldModel;
  hr: HotRunnerModel | undefined;
  dryer!: DryerModel;
  blender!: BlenderModel;
  hopper!: HopperModel;
  ambient!: AmbientModel;
  robot!: RobotModel;
  vision!: VisionModel;
  laser!: LaserModel;
  energy!: EnergyModel;
  store!: StepContext['store'];
  clockS = 0;
  /** reusable barrel inputs (no allocation per tick) */
  readonly bx: {
    sp: number[];
    heatersOn: boolean;
    health: number[];
    drift: number[];
    open: boolean[];
    voltage: number;
    ambC: number;
    feedC: number;
    mouldC: number;
    carriageForward: boolean;
    shearW: number;
    cpMelt: number;
    dHf: number;
  };
  private readonly live = { p: 0, frac: 0 };

  constructor(ctx: CellContext) {
    this.job = ctx.job;
    this.m = MATERIALS[ctx.job.material];
    this.refs = computeRefs(ctx.job);
    this.startMode = ctx.start;
    const s = ctx.job.settings;
    const prod = ctx.start === 'production';
    const t0 = prod ? [...s.zones] : [25, 25, 25, 25, 25];
    this.bx = {
      sp: [...s.zones],
      heatersOn: true,
      health: [1, 1, 1, 1, 1],
      drift: [0, 0, 0, 0, 0],
      open: [false, false, false, false, false],
      voltage: 1,
      ambC: 25,
      feedC: s.feedThroatC,
      mouldC: s.mouldC,
      carriageForward: true,
      shearW: 0,
      cpMelt: this.m.cp,
      dHf: this.m.dHf,
    };
    const dosed = s.shotSizeMm + s.decompressionMm;
    this.s = {
      state: prod ? 'READY' : 'HEATING',
      phaseStart: 0,
      phaseEnd: 0,
      mouldClosed: false,
      partUnejected: false,
      partInMould: false,
      ejectorFwd: false,
      carriageFwd: true,
      screwX: prod ? dosed : 0,
      dose: {
        state: prod ? 'DOSED' : 'IDLE',
        t0: 0,
        tEnd: 0,
        decEnd: 0,
        xFrom: 0,
        xTo: dosed,
        rate: 0,
        rpm: 0,
        torque: 0,
        massG: 0,
        voidFraction: 0,
        feedFactor: 1,
        lastTime: this.refs.tDoseRef,
        shearW: 0,
        driveW: 0,
      },
      barrel: newBarrel(t0),
      oil: { t: prod ? 45 : 25, valve: 0.34, energyJ: 0 },
      shot: null,
      cycle: this.emptyCycle(0, 0),
      parts: null,
      counters: { cycle: 0, parts: 0, good: 0, bad: 0, machine: 0, lastMs: 0, avgMs: 0 },
      mdotAvg: prod ? this.refs.shotMassG / this.refs.cycleEstS : 0,
      meltAges: prod ? [0, 1, 2, 3].map((k) => k * this.refs.cycleEstS) : [0, 0, 0, 0],
      tMeltDosed: this.refs.tMeltRef,
      startupLeft: prod ? 0 : 5,
      lastInjT: 0,
      estopLatched: false,
      stopAfterEject: false,
      semiStart: false,
      soakStart: prod ? -1e9 : -1,
      heating: !prod,
      heatedOnce: prod,
      pumpRunning: true,
      driveW: DRIVE_IDLE_W,
      heaterW: 0,
      aborted: false,
      modeSeen: prod ? MODE.AUTOMATIC : MODE.MANUAL,
      doseDriveJ: 0,
      continuing: false,
      shotPending: false,
      pendingClear: [],
      countersDirty: false,
      autoRunEnabled: true,
      jobStatus: -1,
      lastEjector: [0, 0, 0, 0],
    };
  }

  emptyCycle(id: number, t: number): ImmState['cycle'] {
    return {
      id,
      tStart: t,
      tLock: t,
      tInj: t,
      tHoldEnd: t,
      tCoolTimerEnd: t,
      tOpenStart: t,
      tOpenEnd: t,
      tEjectEnd: t,
      ejectStep: 0,
      ejectT: t,
      tEjFwd: t,
      energy0: {},
      alarms: [],
      doseWait: false,
      tMelt: 0,
      rvi: 1,
      residenceS: 0,
      clampKN: 0,
      vInj: 0,
      shotSize: 0,
      decompression: 0,
      rpm: 0,
      backPressure: 0,
      torque: 0,
      doseTime: 0,
      monitorBad: '',
    };
  }

  /** a new cycle starts at t: counters of energy and the alarms active at its start */
  beginCycle(t: number): void {
    const c = this.emptyCycle(this.s.cycle.id + 1, t);
    this.energy.cumulative(c.energy0 as Record<Consumer, number>);
    c.alarms = this.cellAlarms();
    this.s.cycle = c;
  }

  // ---------------------------------------------------------------------------------------- couplings
  get heaterW(): number {
    return this.s.heaterW;
  }
  get driveW(): number {
    return this.s.driveW;
  }
  get heaterEnergyJ(): number {
    return this.s.barrel.energyJ;
  }
  get driveEnergyJ(): number {
    return this.s.oil.energyJ;
  }
  /** the part of the current cycle sticks or tilts on the core (broken ejector pin, F13) */
  currentPartTilted(): boolean {
    return this.s.parts ? this.s.parts.some((p) => p.tilted) : false;
  }
  /** the robot left the part in the mould: the next close trips the mould protection */
  notePartLeftInMould(): void {
    this.s.partInMould = true;
  }

  /** exact time of an IMM event the robot reacts to */
  eventTime(e: 'mould_open' | 'ejector_forward'): number {
    return e === 'mould_open' ? this.s.cycle.tOpenEnd : this.s.cycle.tEjFwd;
  }

  /** exact time of a robot handshake output when the robot is simulated, else the tick time */
  robotTime(key: 'mould_area_free' | 'enable_ejector_forward' | 'enable_ejector_back', tick: number): number {
    return this.robot.internal ? Math.min(tick, this.robot.hsTime(key)) : tick;
  }

  /** live true cavity pressure of sensor i for the mould's IoT box (reused object, no allocation) */
  liveCavity(i: number, t: number): { p: number; frac: number } {
    const s = this.s;
    const sh = s.shot;
    const live = this.live;
    const st = s.state;
    if (!sh || !(st === 'INJECTION' || st === 'HOLDING' || st === 'COOLING' || st === 'OPENING')) {
      live.p = 0;
      live.frac = 0;
      return live;
    }
    const tr = t - s.cycle.tInj;
    live.p = st === 'OPENING' ? 0 : cavityPressure(sh, i, tr);
    live.frac = tr / Math.max(1, this.refs.tcActualRef);
    return live;
  }

  declare(): SignalDefInput[] {
    return declareImm(this.job, this.refs, this.startMode === 'production' ? MODE.AUTOMATIC : MODE.MANUAL);
  }

  /** ids of the IMM's set points (the active dataset, hashed in the ShotRecord) */
  setpointIds: string[] = [];

  bind(ctx: BindContext): void {
    for (const d of this.declare()) {
      this.h[d.id] = ctx.handle(`imm.${d.id}`);
      if (d.kind === 'setpoint' && d.type !== 'string') this.setpointIds.push(d.id);
    }
    for (const k of [
      'mould_area_free',
      'enable_mould_closure',
      'operation_with_robot',
      'enable_ejector_forward',
      'enable_ejector_back',
      'emergency_stop_robot',
    ]) {
      this.h[`robot.${k}`] = ctx.handle(`robot.em67.${k}`);
    }
    this.store = ctx.store;
    this.tcuSpH = [ctx.handle('tcu1.temp_sp'), ctx.handle('tcu2.temp_sp')];
    this.noise = new Noise(ctx.stream('tags'));
    this.rng = ctx.stream('shot');
    this.mould = ctx.model<MouldModel>('mould');
    try {
      this.hr = ctx.model<HotRunnerModel>('hotrunner');
    } catch {
      this.hr = undefined;
    }
    this.dryer = ctx.model<DryerModel>('dryer');
    this.blender = ctx.model<BlenderModel>('blender');
    this.hopper = ctx.model<HopperModel>('hopper');
    this.ambient = ctx.model<AmbientModel>('ambient');
    this.robot = ctx.model<RobotModel>('robot');
    this.vision = ctx.model<VisionModel>('vision');
    this.laser = ctx.model<LaserModel>('laser');
    this.energy = ctx.model<EnergyModel>('energy');
    for (const id of ['tcu1', 'tcu2', 'hotrunner', 'dryer', 'hopper', 'robot', 'conveyor', 'energy']) {
      try {
        const m = ctx.model<Model & { alarms?: Alarms }>(id);
        if (m.alarms) this.alarmSources.push({ id, alarms: m.alarms });
      } catch {
        // equipment not present (e.g. no hot runner)
      }
    }
    registerImmActions(this, ctx);
  }

  /** alarms of the other equipment shown in the ShotRecord as `<equipment>.<code>` */
  readonly alarmSources: { id: string; alarms: Alarms }[] = [];

  /** every active alarm of the cell: the IMM's codes bare, the others prefixed with their equipment */
  cellAlarms(): string[] {
    const out = [...this.alarms.active];
    for (const src of this.alarmSources) for (const a of src.alarms.active) out.push(`${src.id}.${a}`);
    return out;
  }

  /** Production pre-settle: barrel at its steady outputs under the nominal throughput and shear. */
  settle(): void {
    const r = this.refs;
    const dutyDose = r.tDoseRef / r.cycleEstS;
    const mech = this.screwMechW(this.job.settings.rpm, this.job.settings.backPressureMPa, 1, 0, 1);
    this.s.barrel.mdot = r.shotMassG / r.cycleEstS;
    this.bx.shearW = SHEAR_TO_BARREL * mech * dutyDose;
    this.bx.mouldC = r.tSurfRef;
    settleBarrel(this.s.barrel, this.bx as BarrelInputs, 7200);
    this.bx.shearW = 0;
  }

  /** §3.8 screw torque (N·m) and mechanical power (W) */
  screwTorque(rpm: number, bp: number, rviNow: number, deficit: number, ff: number): number {
    return (
      TORQUE_REF *
      (rpm / 280) ** 0.3 *
      (1 + 0.02 * (bp - 8)) *
      rviNow ** 0.3 *
      Math.exp(0.009 * deficit) *
      Math.min(1, 0.3 + 0.7 * ff)
    );
  }
  screwMechW(rpm: number, bp: number, rviNow: number, deficit: number, ff: number): number {
    return (this.screwTorque(rpm, bp, rviNow, deficit, ff) * rpm * 2 * Math.PI) / 60;
  }

  private tcuSpH: number[] = [];
  /** set point of TCU k (0 fixed half, 1 moving half) */
  tcuSp(k: number): number {
    return this.store.get(this.tcuSpH[k]!);
  }

  sp(key: string): number {
    return this.store.get(this.h[key]!);
  }

  /** melt temperature (°C) and RVI of the melt in front of the screw right now */
  meltState(): { tMelt: number; rvi: number; residence: number } {
    const s = this.s;
    const res = s.meltAges[0]!;
    const deg = 1 - Math.min(0.3, 0.1 * Math.max(0, res / this.m.maxResidenceS - 1));
    const r = rvi(this.m, {
      tMelt: s.tMeltDosed,
      tRef: this.refs.tMeltRef,
      mfiFactor: this.blender.mfiFactor,
      moisture: this.dryer.moisture,
      degradation: deg,
    });
    return { tMelt: s.tMeltDosed, rvi: r, residence: res };
  }

  // ---------------------------------------------------------------------------------------- dosing (§3.8)
  startDosing(t0: number): void {
    const s = this.s;
    const d = s.dose;
    const rpm = this.sp('screw_speed_sp');
    const bp = this.sp('back_pressure_sp');
    const shot = this.sp('shot_size_sp');
    const dec = this.sp('decompression_sp');
    const def = zoneDeficit(s.barrel, this.job.settings.zones);
    const ms = this.meltState();
    const ff = this.blender.drawFeedFactor() * this.hopper.feedAvailability;
    const fv = K_VOID * Math.max(0, 1 - ff);
    const visc = Math.exp(-0.009 * def) * ms.rvi ** -0.6;
    const mdot =
      plastRate(this.refs.mdot0, rpm, bp) *
      ff *
      this.blender.bulkDensityFactor *
      visc *
      (1 + 0.012 * this.rng.gaussian());
    const rho = meltDensity(this.m, ms.tMelt);
    d.state = 'ROTATE';
    d.t0 = t0;
    d.xFrom = s.screwX;
    d.xTo = shot;
    d.rate = mdot / Math.max(1e-6, rho * AS_CM3_PER_MM * (1 - fv));
    const stroke = Math.max(0, shot - s.screwX);
    const tDose = mdot > 1e-6 ? stroke / d.rate : Number.POSITIVE_INFINITY;
    const tMax = this.sp('dose_timeout_sp');
    d.tEnd = t0 + Math.min(tDose, tMax);
    d.decEnd = d.tEnd + T_DECOMPRESS;
    d.rpm = rpm;
    d.torque = this.screwTorque(rpm, bp, ms.rvi, def, ff);
    d.massG = rho * AS_CM3_PER_MM * stroke * (1 - fv);
    d.voidFraction = fv;
    d.feedFactor = ff;
    const mech = (d.torque * rpm * 2 * Math.PI) / 60;
    d.shearW = SHEAR_TO_BARREL * mech;
    d.driveW = mech / DRIVE_MOTOR_EFF;
    if (tDose > tMax) {
      d.state = 'TIMEOUT';
      d.lastTime = tMax;
      d.decEnd = d.tEnd;
      d.xTo = s.screwX + d.rate * tMax;
    } else {
      d.xTo = shot + dec;
      d.lastTime = tDose;
    }
    // the newly dosed melt: temperature from the barrel, rpm and back-pressure shear (§3.2)
    const noz = this.faults.nozzleRestriction;
    s.tMeltDosed =
      meltTemperature(s.barrel, this.m, rpm, bp, def) +
      0.03 * Math.max(0, noz - 1) * this.job.pRefMPa * 0.35 +
      0.5 * this.rng.gaussian();
  }

  /** advance the dosing sub-state to time t (exact transitions) */
  stepDosing(t: number): void {
    const s = this.s;
    const d = s.dose;
    if (d.state === 'ROTATE' || (d.state === 'TIMEOUT' && t < d.tEnd)) {
      if (t >= d.tEnd && d.state === 'ROTATE') {
        d.state = 'DECOMPRESS';
        s.screwX = this.sp('shot_size_sp');
        this.hopper.consume(d.massG);
      } else {
        s.screwX = d.xFrom + d.rate * (Math.min(t, d.tEnd) - d.t0);
      }
    }
    if (d.state === 'TIMEOUT' && t >= d.tEnd && s.screwX !== d.xTo) {
      s.screwX = d.xTo;
      this.hopper.consume(d.massG * ((d.xTo - d.xFrom) / Math.max(1e-6, this.sp('shot_size_sp') - d.xFrom)));
    }
    if (d.state === 'DECOMPRESS') {
      if (t >= d.decEnd) {
        d.state = 'DOSED';
        s.screwX = d.xTo;
      } else
        s.screwX =
          this.sp('shot_size_sp') + ((d.xTo - this.sp('shot_size_sp')) * (t - d.tEnd)) / T_DECOMPRESS;
    }
  }

  get rotating(): boolean {
    const d = this.s.dose;
    return (d.state === 'ROTATE' || d.state === 'TIMEOUT') && this.clockS < d.tEnd;
  }

  // ---------------------------------------------------------------------------------------- the shot
  startShot(tInj: number): void {
    const s = this.s;
    const f = this.faults;
    const r = this.refs;
    const g = () => this.rng.gaussian();
    const ms = this.meltState();
    const tOil = s.oil.t;
    const crf = f.checkRing;
    let vClose = crf.vCloseCm3 * Math.max(0.2, 1 + crf.sigmaCr * g());
    if (crf.pFly > 0 && this.rng.chance(crf.pFly)) vClose *= this.rng.uniform(3, 5);
    // per-cavity flow split: cold runner asymmetry or hot-runner drop resistances (§3.12)
    const rc: [number, number] = this.hr
      ? [this.hr.dropRvi(this.m, ms.tMelt, 0), this.hr.dropRvi(this.m, ms.tMelt, 1)]
      : [1, 1];
    const w0 = (this.hr ? 0.5 : CAVITY_SPLIT) / rc[0];
    const w1 = (this.hr ? 0.5 : 1 - CAVITY_SPLIT) / rc[1];
    const split: [number, number] = [w0 / (w0 + w1), w1 / (w0 + w1)];
    const tWall = 0.5 * (this.mould.gateWallC(0) + this.mould.gateWallC(1));
    const dtSurf = 0.5 * (this.mould.fixedC + this.mould.movingC) - r.tSurfRef;
    const sv = velocitySigma(tOil);
    const sp = pressureSigma(tOil);
    const wShot = 0.0011 * g();
    const x: ShotInputs = {
      m: this.m,
      refs: r,
      vCav: this.job.vCavCm3,
      aProjCm2: this.job.aProjCm2,
      gateMm: this.job.gateMm,
      pRef: this.job.pRefMPa,
      xStart: s.screwX,
      shotSize: this.sp('shot_size_sp'),
      decompression: Math.max(0, s.screwX - this.sp('shot_size_sp')),
      vSet: this.sp('injection_speed_sp'),
      transferMode: this.sp('transfer_mode'),
      xTransfer: this.sp('transfer_position_sp'),
      pTransferSp: this.sp('transfer_pressure_sp'),
      tTransferSp: this.sp('transfer_time_sp'),
      cavTransferSp: this.sp('transfer_cavity_pressure_sp'),
      tMax: this.sp('transfer_time_max'),
      pLimit: this.sp('injection_pressure_limit'),
      pHoldSp: this.sp('hold_pressure_sp'),
      tHold: this.sp('hold_time_sp'),
      clampKN: Math.max(0, this.sp('clamp_force_sp') - f.clampForceLossKN),
      tMelt: ms.tMelt,
      rvi: ms.rvi,
      rNoz: f.nozzleRestriction,
      voidFraction: s.dose.voidFraction,
      crDelta: crf.deltaMm,
      vClose,
      tWall,
      split,
      rviCav: rc,
      ventClog: f.ventClog,
      gapSpotMm: f.partingLineGapMm,
      spotLength: f.partingLineLength,
      velFactor: 1 + sv * g(),
      viscFactor: 1 + 0.006 * g(),
      holdFactor: 1 + sp * g(),
      cavNoise: [1 + 0.008 * g(), 1 + 0.008 * g(), 1 + 0.008 * g(), 1 + 0.008 * g()],
      weightNoise: [1 + wShot + 0.001 * g(), 1 + wShot + 0.001 * g()],
      dtSurf,
    };
    const tcCl = (k: number) =>
      coolingTimeCentre(this.job.wallMm, this.m.alpha, ms.tMelt, this.mould.gateWallC(k), this.m.Teject);
    s.shot = computeShot(x, [tcCl(0), tcCl(1)]);
    const c = s.cycle;
    c.tInj = tInj;
    c.tMelt = ms.tMelt;
    c.rvi = ms.rvi;
    c.residenceS = ms.residence;
    c.clampKN = x.clampKN;
    c.vInj = x.vSet * x.velFactor;
    c.shotSize = x.shotSize;
    c.decompression = x.decompression;
    // the injected melt leaves the barrel: shift the inventory ages (§3.2 residence)
    s.meltAges.shift();
    s.meltAges.push(0);
    s.lastInjT = tInj;
    s.shotPending = true;
    s.barrel.mdot += this.refs.shotMassG / MDOT_TAU;
    // part heat to the mould over the time the mould stays closed (§3.7)
    const qJ = this.refs.shotMassG * (this.m.cp * (ms.tMelt - this.m.Teject) + this.m.dHf);
    const closed = s.shot.tFill + x.tHold + this.sp('cooling_time_sp');
    this.mould.injectHeat(qJ, Math.max(2, closed), tInj);
    this.mould.countShot();
  }

  step(ctx: StepContext): void {
    const s = this.s;
    const st = ctx.store;
    const dt = ctx.dt;
    const t = ctx.t;
    this.clockS = t;
    const f = this.faults;
    // barrel (§3.1)
    const bx = this.bx;
    for (let i = 0; i < 5; i++) {
      bx.sp[i] = st.get(this.h[`zone${i + 1}.temp_sp`]!);
      bx.health[i] = f.heaterHealth[i]!;
      bx.drift[i] = f.tcDriftK[i]!;
      bx.open[i] = f.tcOpen[i]!;
    }
    bx.heatersOn = st.getBool(this.h.heaters_on!);
    bx.voltage = this.ambient.voltage;
    bx.ambC = this.ambient.s.tC;
    bx.feedC = st.get(this.h.feed_throat_temp_sp!);
    bx.mouldC = this.mould.fixedC;
    bx.carriageForward = s.carriageFwd;
    bx.shearW = this.rotating ? s.dose.shearW : 0;
    s.heaterW = stepBarrel(s.barrel, bx as BarrelInputs, dt);
    // throughput: exponential average of the shot impulses, τ = 120 s; melt ages grow (§3.2)
    s.barrel.mdot *= Math.exp(-dt / MDOT_TAU);
    // the melt only ages (degrades) while the barrel is at processing temperature
    if (s.barrel.zones[2]!.t > this.refs.tMeltRef - 30) {
      for (let k = 0; k < s.meltAges.length; k++) s.meltAges[k] = s.meltAges[k]! + dt;
    }
    this.dryer.throughputKgH = 3.6 * s.barrel.mdot;

    if (s.pendingClear.length) {
      for (const a of s.pendingClear) this.alarms.set(ctx, a, false);
      s.pendingClear = [];
    }
    if (s.countersDirty) {
      s.countersDirty = false;
      const k = s.counters;
      st.set(this.h['job.cycle_counter']!, k.cycle);
      st.set(this.h['job.parts_counter']!, k.parts);
      st.set(this.h['job.good_parts']!, k.good);
      st.set(this.h['job.bad_parts']!, k.bad);
    }
    advanceCycle(this, ctx);
    this.stepDosing(t);

    // drive power (§3.14) and oil (§3.10)
    s.pumpRunning = st.getBool(this.h.pump_on!) && !s.estopLatched && !this.alarms.isActive('OIL_TEMP_STOP');
    s.driveW = s.pumpRunning ? DRIVE_IDLE_W + phaseDriveW(this) : 0;
    stepOil(
      s.oil,
      s.driveW,
      s.pumpRunning,
      f.oilCoolerUaFactor,
      f.oilCoolerValveStuckClosed,
      this.ambient.faults.plantWaterC,
      this.ambient.s.tC,
      dt,
    );

    publishImm(this, ctx);
  }

  /** Zero the EUROMAP 77 job counters (action `imm.reset_job_counters`, MES ResetJobCounters). */
  resetJobCounters(): void {
    const k = this.s.counters;
    k.cycle = 0;
    k.parts = 0;
    k.good = 0;
    k.bad = 0;
    this.s.countersDirty = true;
  }

  /**
   * What the MES may ask of the machine (simulator/mes/machine-link.ts): EUROMAP 77 leaves movements to
   * the machine; these gate automatic cycles, stop at the cycle end, reset counters and show the job.
   */
  readonly mesLink = {
    setAutomaticRunEnabled: (enabled: boolean): void => {
      this.s.autoRunEnabled = enabled;
    },
    // the running cycle completes (the READY state checks the flag), then no new automatic cycle
    stopAtCycleEnd: (): void => {
      this.s.autoRunEnabled = false;
    },
    resetJobCounters: (): void => this.resetJobCounters(),
    jobChanged: (job: { name: string; status: string }): void => {
      const i = (JOB_STATUS as readonly string[]).indexOf(job.status);
      this.s.jobStatus = i;
      if (job.name && this.store) this.store.setStr(this.h['job.name']!, job.name.slice(0, 200));
    },
  };

  snapshot(): unknown {
    return structuredClone({
      s: this.s,
      faults: this.faults,
      alarms: this.alarms.active,
      bx: this.bx,
      clock: this.clockS,
    });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: ImmState;
      faults: ImmFaults;
      alarms: string[];
      bx: ImmModel['bx'];
      clock: number;
    };
    this.s = x.s;
    this.faults = x.faults;
    this.alarms.active = x.alarms;
    Object.assign(this.bx, x.bx);
    this.clockS = x.clock;
  }
}

/** drive power above idle for the current phase, W (§3.14) */
function phaseDriveW(imm: ImmModel): number {
  const s = imm.s;
  let w = 0;
  switch (s.state) {
    case 'CLOSING':
    case 'MOULD_PROTECT':
    case 'OPENING':
      w = 2500;
      break;
    case 'LOCKUP':
      w = 3000;
      break;
    case 'INJECTION': {
      const sh = s.shot;
      // p·Q/η: specific pressure × screw flow, η ≈ 0.8
      w = sh ? (sh.pTransfer * AS_CM3_PER_MM * s.cycle.vInj) / 0.8 : 0;
      break;
    }
    case 'HOLDING':
      w = 1200;
      break;
    case 'EJECTING':
      w = s.cycle.ejectStep === 1 || s.cycle.ejectStep === 3 ? 1500 : 0;
      break;
    default:
      break;
  }
  if (imm.rotating) w += s.dose.driveW;
  return w;
}

export { DOSING_STATES };
