/**
 * A small test machine for the MES tests: EUROMAP 77/83-shaped signals under `DeviceSet/IMM_1` (mode,
 * production status, job counters, JobName — so the MES must not declare them again), a writable material
 * lot, a trainer-only canary, and one ShotRecord-shaped record (domain-model §7.3) per cycle while in
 * AUTOMATIC. A dryer stub raises `dryer/DEW_POINT_HIGH`; wet material then gives splay rejects. Tests drive
 * it through its public fields (stops, defects, drifts) or through the command API.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { RandomStream } from '../../simulator/kernel/rng.ts';
import type { SignalDefInput } from '../../simulator/kernel/signal-schema.ts';
import { Station } from '../../simulator/kernel/station.ts';
import { createMesModels, type MesMachineLink } from '../../simulator/mes/index.ts';

const MODES = ['OTHER', 'AUTOMATIC', 'SEMI_AUTOMATIC', 'MANUAL', 'SETUP', 'SLEEP'];
const PROD = ['OTHER', 'NO_PRODUCTION', 'START_UP', 'READY_FOR_PRODUCTION', 'PRODUCTION', 'DRY_RUN'];
const READ = ['operator', 'technician', 'maintenance', 'trainer', 'mes', 'observer'] as const;
const R = 'DeviceSet/IMM_1';

export class DryerStub implements Model {
  readonly id = 'dryer';
  /** dew point the test sets, °C */
  dp = -40;
  private h = 0;
  private alarm = false;

  declare(): SignalDefInput[] {
    return [
      {
        id: 'dew_point',
        label: { fr: 'Point de rosée', en: 'Dew point' },
        type: 'float',
        unit: '°C',
        range: { min: -60, max: 20 },
        access: { read: [...READ] },
        visibility: 'candidate',
        kind: 'measurement',
        initial: -40,
        channels: { mqtt: { topic: 'dryer/dew_point' }, opcua: { browsePath: 'DeviceSet/Dryer_1/DewPoint' } },
      },
    ];
  }

  bind(ctx: BindContext): void {
    this.h = ctx.handle('dryer.dew_point');
  }

  step(ctx: StepContext): void {
    ctx.store.set(this.h, this.dp);
    const high = this.dp > -20;
    if (high !== this.alarm) {
      this.alarm = high;
      ctx.raise({
        code: 'DEW_POINT_HIGH',
        state: high ? 'active' : 'cleared',
        severity: 'alarm',
        text: { fr: 'Sécheur : point de rosée trop élevé', en: 'Dryer: dew point high' },
      });
    }
  }

  snapshot(): unknown {
    return { dp: this.dp, alarm: this.alarm };
  }

  restore(s: unknown): void {
    Object.assign(this, s as object);
  }
}

export interface MachineState {
  cycleStart: number | null;
  shot: number;
  counters: { cycle: number; parts: number; good: number; bad: number };
  autoRun: boolean;
  stopAfter: boolean;
  /** a stop: until this simulation second the machine is down with this alarm (null: running) */
  downUntil: number;
  downAlarm: string;
  /** process drifts the tests inject */
  weightShift: number;
  cushionSigma: number;
  cycleTimeS: number;
  forcedDefect: string | null;
  forcedDefectEvery: number;
}

export class MesTestMachine implements Model, MesMachineLink {
  readonly id = 'imm';
  s: MachineState = {
    cycleStart: null,
    shot: 0,
    counters: { cycle: 0, parts: 0, good: 0, bad: 0 },
    autoRun: true,
    stopAfter: false,
    downUntil: 0,
    downAlarm: '',
    weightShift: 0,
    cushionSigma: 0.08,
    cycleTimeS: 20,
    forcedDefect: null,
    forcedDefectEvery: 0,
  };
  private h: Record<string, number> = {};
  private rng!: RandomStream;
  private dryer!: DryerStub;

  declare(): SignalDefInput[] {
    const counter = (id: string, leaf: string): SignalDefInput => ({
      id,
      label: { fr: leaf, en: leaf },
      type: 'int',
      access: { read: [...READ] },
      visibility: 'candidate',
      kind: 'counter',
      channels: {
        opcua: { browsePath: `${R}/Jobs/ActiveJobValues/${leaf}` },
        mqtt: { topic: `imm/${id.replace(/\./g, '/')}` },
      },
    });
    return [
      {
        id: 'mode',
        label: { fr: 'Mode machine', en: 'Machine mode' },
        type: 'enum',
        enumValues: MODES,
        initial: 1,
        access: { read: [...READ], write: ['operator', 'technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { opcua: { browsePath: `${R}/MachineStatus/MachineMode` }, mqtt: { topic: 'imm/mode' } },
      },
      {
        id: 'production_status',
        label: { fr: 'État de production', en: 'Production status' },
        type: 'enum',
        enumValues: PROD,
        initial: 3,
        access: { read: [...READ] },
        visibility: 'candidate',
        kind: 'state',
        channels: {
          opcua: { browsePath: `${R}/MachineMESStatus/ProductionControl/ProductionStatus` },
          mqtt: { topic: 'imm/production_status' },
        },
      },
      counter('job.cycle_counter', 'JobCycleCounter'),
      counter('job.parts_counter', 'JobPartsCounter'),
      counter('job.good_parts', 'JobGoodPartsCounter'),
      counter('job.bad_parts', 'JobBadPartsCounter'),
      {
        id: 'job.name',
        label: { fr: 'Job', en: 'Job' },
        type: 'string',
        initial: 'R-PP',
        access: { read: [...READ] },
        visibility: 'candidate',
        kind: 'state',
        channels: { opcua: { browsePath: `${R}/Jobs/ActiveJob/JobName` }, mqtt: { topic: 'imm/job/name' } },
      },
      {
        id: 'lot',
        label: { fr: 'Lot matière', en: 'Material lot' },
        type: 'string',
        initial: 'L-PP-2411-017',
        access: { read: [...READ], write: ['technician', 'mes', 'trainer'] },
        visibility: 'candidate',
        kind: 'state',
        channels: { opcua: { browsePath: 'DeviceSet/Blender_1/MaterialLot' }, mqtt: { topic: 'imm/lot' } },
      },
      {
        id: 'hold_sp',
        label: { fr: 'Pression de maintien', en: 'Hold pressure' },
        type: 'float',
        unit: 'MPa',
        range: { min: 0, max: 150 },
        initial: 45,
        access: { read: [...READ], write: ['technician', 'trainer'] },
        visibility: 'candidate',
        kind: 'setpoint',
        channels: { mqtt: { topic: 'imm/hold_sp' } },
      },
      {
        id: 'canary_true',
        label: { fr: 'Vérité cachée', en: 'Hidden truth' },
        type: 'float',
        access: { read: ['trainer'] },
        visibility: 'trainer',
        kind: 'measurement',
      },
    ];
  }

  bind(ctx: BindContext): void {
    for (const d of this.declare()) this.h[d.id] = ctx.handle(`imm.${d.id}`);
    this.rng = ctx.stream('shot');
    this.dryer = ctx.model<DryerStub>('dryer');
    ctx.registerAction({
      name: 'imm.break_down',
      roles: ['trainer'],
      visibility: 'trainer',
      args: z.strictObject({ seconds: z.number().min(1).max(86_400), alarm: z.string().max(40) }),
      apply: (a, c) => {
        this.breakDown(c.t, a.seconds, a.alarm);
        return { down: true };
      },
    });
  }

  // MesMachineLink
  setAutomaticRunEnabled(on: boolean): void {
    this.s.autoRun = on;
  }
  stopAtCycleEnd(): void {
    this.s.stopAfter = true;
  }
  resetJobCounters(): void {
    this.s.counters = { cycle: 0, parts: 0, good: 0, bad: 0 };
  }

  /** a breakdown: the running cycle aborts, the machine is down `seconds` with alarm `alarm` (equipment imm) */
  pendingAlarm: { code: string; state: 'active' | 'cleared' } | null = null;
  breakDown(t: number, seconds: number, alarm: string): void {
    this.s.downUntil = t + seconds;
    this.s.downAlarm = alarm;
    this.s.cycleStart = null;
    this.pendingAlarm = { code: alarm, state: 'active' };
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const s = this.s;
    const t = ctx.t;
    if (this.pendingAlarm) {
      ctx.raise({
        ...this.pendingAlarm,
        severity: 'critical',
        text: { fr: this.pendingAlarm.code, en: this.pendingAlarm.code },
      });
      this.pendingAlarm = null;
    }
    if (s.downAlarm && t >= s.downUntil) {
      ctx.raise({
        code: s.downAlarm,
        state: 'cleared',
        severity: 'critical',
        text: { fr: s.downAlarm, en: s.downAlarm },
      });
      s.downAlarm = '';
    }
    const auto = st.get(this.h.mode!) === 1;
    const running = auto && s.autoRun && !s.stopAfter && t >= s.downUntil;
    if (!running && s.cycleStart !== null && !(s.stopAfter && auto)) s.cycleStart = null;
    if (running && s.cycleStart === null) s.cycleStart = t;
    if (s.cycleStart !== null && t >= s.cycleStart + s.cycleTimeS - 1e-9) {
      this.emit(ctx, s.cycleStart, t);
      s.cycleStart = running ? t : null;
      if (s.stopAfter) s.cycleStart = null;
    }
    st.set(this.h.production_status!, s.cycleStart !== null ? 4 : auto ? 3 : 1);
    st.set(this.h.canary_true!, 123.456);
  }

  private emit(ctx: StepContext, t0: number, t1: number): void {
    const s = this.s;
    const g = () => this.rng.gaussian();
    const wet = this.dryer.dp > -20;
    s.shot++;
    const parts = [1, 2].map((cavity) => {
      const defects: { type: string; severity: number; location: string; cavity: number }[] = [];
      if (wet && this.rng.next() < 0.5)
        defects.push({ type: 'splay', severity: 0.6, location: 'gate', cavity });
      if (s.forcedDefect && s.forcedDefectEvery > 0 && s.shot % s.forcedDefectEvery === 0 && cavity === 2)
        defects.push({ type: s.forcedDefect, severity: 0.8, location: 'edge', cavity });
      const bad = defects.length > 0;
      return {
        cavity,
        weight: Math.round((24 + s.weightShift + 0.03 * g()) * 1000) / 1000,
        dimension: Math.round((113 + 0.03 * g()) * 1000) / 1000,
        defects,
        vision: { cavity, result: bad ? 'reject' : 'good', reasons: defects.map((d) => d.type) },
        quality: bad ? 'bad' : 'good',
        reason: bad ? `vision:${defects.map((d) => d.type).join(';')}` : '',
      };
    });
    const good = parts.filter((p) => p.quality === 'good').length;
    const k = s.counters;
    k.cycle++;
    k.parts += 2;
    k.good += good;
    k.bad += 2 - good;
    const st = ctx.store;
    st.set(this.h['job.cycle_counter']!, k.cycle);
    st.set(this.h['job.parts_counter']!, k.parts);
    st.set(this.h['job.good_parts']!, k.good);
    st.set(this.h['job.bad_parts']!, k.bad);
    ctx.cycleEnd({
      shot_id: s.shot,
      job: 'R-PP',
      material: 'PP',
      material_lot: st.getStr(this.h.lot!),
      mode: 'AUTOMATIC',
      t_start: Math.round(t0 * 1000) / 1000,
      t_end: Math.round(t1 * 1000) / 1000,
      cycle_time: Math.round((t1 - t0) * 1000) / 1000,
      times: { fill: 0.89 + 0.004 * g(), dose: 4.5 + 0.05 * g(), cool: 8 },
      peak_inj_pressure: 70 + 0.5 * g(),
      transfer_pressure: 68 + 0.5 * g(),
      cushion_end: Math.round((8 + s.cushionSigma * g()) * 1000) / 1000,
      melt_T: 230 + 0.5 * g(),
      RV: 62 + 0.5 * g(),
      zones: {
        sp: [195, 210, 225, 230, 230],
        actual: [195, 210, 225, 230, 230],
        output_pct: [40, 45, 50, 42, 30],
      },
      mould: {
        T_fixed: 40,
        T_moving: 40,
        circuits: [
          { id: 'a1', flow: 8 },
          { id: 'b2', flow: 8 },
        ],
      },
      cavity_pressure: [
        { sensor: 'cav1_gate', pmax: 38 + 0.4 * g(), integral: 120 },
        { sensor: 'cav1_eof', pmax: 25 + 0.3 * g(), integral: 80 },
        { sensor: 'cav2_gate', pmax: 38 + 0.4 * g(), integral: 120 },
        { sensor: 'cav2_eof', pmax: 25 + 0.3 * g(), integral: 80 },
      ],
      curves: { dt_ms: 10, screw_position: new Array(200).fill(0) },
      weights: parts.map((p) => p.weight),
      dimensions: parts.map((p) => p.dimension),
      parts,
      quality: good === 2 ? 'good' : 'bad',
      energy: { kwh_total: 0.05, sec: 0.9 },
      ejector_force_peak: [1, 1.1, 1, 1],
      vacuum_min: -70,
      alarms: [],
      regrind_ratio: 0.15,
      dryer_dp: this.dryer.dp,
      resin_moisture: wet ? 0.2 : 0.02,
      data_quality: 'good',
      trainer: { secret_fault: 'F06' },
    });
  }

  snapshot(): unknown {
    return structuredClone(this.s);
  }

  restore(state: unknown): void {
    this.s = structuredClone(state) as MachineState;
  }
}

/** The models of a test station: dryer, machine, then ERP, MES, GMAO. */
export function mesTestModels(opts: { seed?: boolean; material?: 'PP' | 'ABS' | 'PA6' } = {}): Model[] {
  const cell = [new DryerStub(), new MesTestMachine()];
  return [
    ...cell,
    ...createMesModels({ material: opts.material ?? 'PP', peers: cell, seed: opts.seed ?? true }),
  ];
}

export function mesStation(id = 'st1', seed = 7, opts: { seed?: boolean } = {}): Station {
  return new Station({ id, seed, models: mesTestModels(opts) });
}

/** A minimal shot record: cycle [t0, t1] (s), both parts good unless `bad` names a defect of cavity 2. */
export function scriptedRecord(id: number, t0: number, t1: number, bad?: string): Record<string, unknown> {
  const part = (cavity: number, defect?: string) => ({
    cavity,
    weight: 24,
    dimension: 113,
    defects: defect ? [{ type: defect, severity: 0.5, location: 'edge', cavity }] : [],
    quality: defect ? 'bad' : 'good',
    reason: defect ? `vision:${defect}` : '',
  });
  return {
    shot_id: id,
    material_lot: 'L-PP-2411-017',
    t_start: t0,
    t_end: t1,
    cycle_time: Math.round((t1 - t0) * 1000) / 1000,
    cushion_end: 8,
    weights: [24, 24],
    parts: [part(1), part(2, bad)],
    quality: bad ? 'bad' : 'good',
    regrind_ratio: 0.15,
  };
}

/** Emits prepared records when the clock passes their `t_end`: exact scenarios (no machine signals at all). */
export class ScriptedShots implements Model {
  readonly id = 'press';
  private i = 0;
  readonly records: readonly Record<string, unknown>[];
  constructor(records: readonly Record<string, unknown>[]) {
    this.records = records;
  }
  declare(): SignalDefInput[] {
    return [];
  }
  bind(): void {}
  step(ctx: StepContext): void {
    while (this.i < this.records.length && (this.records[this.i]!.t_end as number) <= ctx.t + 1e-9) {
      ctx.cycleEnd(this.records[this.i]!);
      this.i++;
    }
  }
  snapshot(): unknown {
    return { i: this.i };
  }
  restore(s: unknown): void {
    this.i = (s as { i: number }).i;
  }
}
