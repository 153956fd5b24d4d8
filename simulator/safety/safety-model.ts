/**
 * The professional gestures as simulator actions (domain-model §5.2, issue 4): PPE, controlled stop,
 * lockout/tagout per person and energy, purge, robot cell entry, restart, quarantine/scrap/first article/
 * release, cyber incident gestures, measurements, and the timed diagnostic measurements and repairs of
 * §5.2 K. Every gesture is a command (`act.*`): validated, journaled with the candidate's identity,
 * applied at the tick boundary; its preconditions are enforced here and a refusal names the reason.
 *
 * The model writes the cell's safety signals (guards, E-stop, modes, carriage, robot mode…) through the
 * store the way the cell reads them, and adds interlocks so that no channel (OPC UA, Modbus, MQTT, REST)
 * can restart a locked-out machine. Its own signals show the lockout and work state and the last
 * measurement result: what a real cell's safety panel and the technician's instruments show.
 */
import { createHash } from 'node:crypto';
import { type EmittedShotRecord, fromEmitted, type ShotRecord } from '../cell/shot-record.ts';
import type { TcuModel } from '../cell/tcu.ts';
import type { DatasetInfo, DiagContext, DiagResult } from '../faults/diagnostics.ts';
import type { FaultEngine, StationLink } from '../faults/engine.ts';
import type { ActionContext } from '../kernel/actions.ts';
import type { Actor } from '../kernel/command-types.ts';
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { Role, SignalDefInput } from '../kernel/signal-schema.ts';
import type { SignalStore } from '../kernel/signal-store.ts';
import { CellBridge, K } from './cell-bridge.ts';
import { GESTURE_ARGS, GESTURE_GROUP, type GestureName } from './gesture-args.ts';
import { registerLotoGestures } from './gestures/loto.ts';
import { registerMaintenanceGestures } from './gestures/maintenance.ts';
import { registerPurgeRobotGestures } from './gestures/purge-robot.ts';
import { registerRestartGestures } from './gestures/restart.ts';
import { registerStopGestures } from './gestures/stop.ts';
import { completeWork } from './gestures/work.ts';
import type { ReqContext } from './requirements.ts';
import { newSafetyState, type SafetyState, type Work } from './state.ts';

/** Everyone on the shop floor may perform a gesture; trainers too (demonstrations, tests). */
export const FLOOR: Role[] = ['operator', 'technician', 'maintenance', 'trainer'];
/** maintenance work and measurements: technicians */
export const TECH: Role[] = ['technician', 'maintenance', 'trainer'];

const READ: Role[] = ['operator', 'technician', 'maintenance', 'trainer', 'mes', 'integrator', 'observer'];
export const WORK_STATES = [
  'idle',
  'measuring',
  'repairing',
  'testing',
  'inspecting',
  'swapping',
  'restoring',
] as const;
const WORK_STATE_OF: Record<Work['kind'], (typeof WORK_STATES)[number]> = {
  diag: 'measuring',
  repair: 'repairing',
  vacuum_test: 'testing',
  inspect_eoat: 'inspecting',
  swap: 'swapping',
  dataset: 'restoring',
};

/** A journal entry the lab records for the safety model (a measurement result, with the candidate). */
export interface SafetyJournalEntry {
  readonly type: 'event';
  readonly t: number;
  readonly actor: Pick<Actor, 'user' | 'roles' | 'channel' | 'client'>;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface GestureDef<A> {
  readonly roles?: readonly Role[];
  check?(a: A, c: ActionContext): string | null;
  apply(a: A, c: ActionContext): unknown;
}

const MAX_AUDIT = 200;
const MAX_SHOTS = 260;
const MAX_RECENT = 12;

/** keys of the dataset (candidate-visible numeric set points, operating controls and modes excluded) */
const isDatasetKey = (key: string, kind: string, type: string): boolean =>
  kind === 'setpoint' && (type === 'float' || type === 'int' || type === 'enum') && !/(^|\.)mode$/.test(key);

export class SafetyModel implements Model {
  readonly id = 'safety';
  s: SafetyState = newSafetyState();
  b!: CellBridge;
  engine: FaultEngine | undefined;
  link: StationLink | undefined;
  /** trainer-side journal of results (wired by the lab) */
  onJournal: ((e: SafetyJournalEntry) => void) | undefined;
  store!: SignalStore;
  rng!: RandomStream;
  stationId = '';
  nowS = 0;
  private h: Record<string, number> = {};
  private tcus: TcuModel[] = [];
  private captured = false;
  private ctx!: BindContext;
  readonly req: ReqContext;

  constructor() {
    const self = this;
    this.req = {
      get s() {
        return self.s;
      },
      get b() {
        return self.b;
      },
      waterC: () => self.tcus.map((t) => t.s.tC),
      conveyorStopped: () => {
        const run = self.store.registry.get('conveyor.run');
        const trip = self.store.registry.get('conveyor.tripped');
        if (!run) return true;
        return !self.store.getBool(run.index) || (!!trip && self.store.getBool(trip.index));
      },
    };
  }

  declare(): SignalDefInput[] {
    const opc = (p: string) => ({ opcua: { browsePath: `DeviceSet/Safety_1/${p}` } });
    const sig = (
      id: string,
      fr: string,
      en: string,
      type: 'bool' | 'int' | 'float' | 'string' | 'enum',
      opcPath: string,
      extra: Partial<SignalDefInput> = {},
    ): SignalDefInput => ({
      id,
      label: { fr, en },
      type,
      access: { read: READ, write: [] },
      visibility: 'candidate',
      kind: type === 'float' ? 'measurement' : 'state',
      channels: { ...opc(opcPath), mqtt: { topic: `safety/${id.replaceAll('.', '/')}` } },
      ...extra,
    });
    return [
      sig(
        'loto.locks',
        'Cadenas de consignation posés',
        'Lockout padlocks applied',
        'int',
        'Lockout/Padlocks',
        { initial: 0 },
      ),
      sig(
        'loto.main_isolated',
        'Sectionneur général consigné',
        'Main switch isolated',
        'bool',
        'Lockout/MainIsolated',
        { initial: false },
      ),
      sig(
        'loto.air_isolated',
        'Air comprimé consigné',
        'Compressed air isolated',
        'bool',
        'Lockout/AirIsolated',
        { initial: false },
      ),
      sig('loto.water_isolated', 'Eau consignée', 'Water isolated', 'bool', 'Lockout/WaterIsolated', {
        initial: false,
      }),
      sig(
        'loto.hr_isolated',
        'Canal chaud consigné',
        'Hot runner isolated',
        'bool',
        'Lockout/HotRunnerIsolated',
        { initial: false },
      ),
      sig(
        'loto.verified',
        "Absence d'énergie vérifiée",
        'Absence of energy verified',
        'bool',
        'Lockout/Verified',
        { initial: false },
      ),
      sig(
        'robot.cell_entry',
        'Personne dans la cellule robot',
        'Person inside the robot cell',
        'bool',
        'RobotCell/Entry',
        { initial: false },
      ),
      sig('work.state', 'Intervention en cours', 'Intervention in progress', 'enum', 'Work/State', {
        enumValues: [...WORK_STATES],
        initial: 0,
      }),
      sig(
        'work.target',
        'Composant de l’intervention',
        'Component of the intervention',
        'string',
        'Work/Target',
        { initial: '' },
      ),
      sig(
        'work.remaining_s',
        'Temps restant de l’intervention',
        'Intervention time left',
        'float',
        'Work/RemainingTime',
        {
          unit: 's',
          range: { min: 0, max: 86400 },
          initial: 0,
        },
      ),
      sig('result.seq', 'Résultats de mesure', 'Measurement results', 'int', 'Result/Sequence', {
        initial: 0,
        kind: 'counter',
      }),
      sig('result.text', 'Dernier résultat', 'Last result', 'string', 'Result/Text', { initial: '' }),
      sig('result.values', 'Dernier résultat (valeurs)', 'Last result (values)', 'string', 'Result/Values', {
        initial: '{}',
      }),
    ];
  }

  bind(ctx: BindContext): void {
    this.ctx = ctx;
    this.stationId = ctx.stationId;
    this.store = ctx.store;
    this.rng = ctx.stream('gestures');
    for (const d of this.declare()) this.h[d.id] = ctx.handle(`safety.${d.id}`);
    this.b = new CellBridge(ctx);
    for (const id of ['tcu1', 'tcu2']) {
      try {
        this.tcus.push(ctx.model<TcuModel>(id));
      } catch {
        // no TCU
      }
    }
    try {
      this.engine = ctx.model<FaultEngine>('faults');
    } catch {
      this.engine = undefined;
    }
    registerStopGestures(this);
    registerLotoGestures(this);
    registerPurgeRobotGestures(this);
    registerRestartGestures(this);
    registerMaintenanceGestures(this);
    this.addInterlocks(ctx);
    ctx.on('cycleEnd', (e) => {
      if (e.equipment === 'imm') this.noteShot(fromEmitted(e.record as unknown as EmittedShotRecord));
    });
    ctx.on('command', (r) => {
      if (r.status !== 'accepted' || r.input.kind !== 'write') return;
      const a = r.actor;
      const privileged = a.roles.includes('trainer') || a.roles.includes('system');
      this.s.audit.push({
        t: r.t,
        user: privileged ? 'system' : a.user,
        channel: privileged ? 'system' : a.channel,
        ...(!privileged && a.client ? { client: a.client } : {}),
        signal: r.input.signal,
        ...(r.previous !== undefined ? { old: r.previous } : {}),
        ...(r.applied !== undefined ? { new: r.applied } : {}),
        ...(r.input.reason ? { reason: r.input.reason } : {}),
      });
      if (this.s.audit.length > MAX_AUDIT) this.s.audit.splice(0, this.s.audit.length - MAX_AUDIT);
    });
  }

  attach(link: StationLink): void {
    this.link = link;
  }

  /** Register one gesture with its schema, labels and group from gesture-args.ts. */
  gesture<N extends GestureName>(name: N, def: GestureDef<import('./gesture-args.ts').GestureArgs<N>>): void {
    const g = GESTURE_ARGS[name];
    this.ctx.registerAction({
      name,
      label: { fr: g.fr, en: g.en },
      group: GESTURE_GROUP[name],
      roles: [...(def.roles ?? FLOOR)],
      args: g.args as never,
      ...(def.check ? { check: def.check } : {}),
      apply: def.apply,
    });
  }

  registerTrainer(def: Parameters<BindContext['registerAction']>[0]): void {
    this.ctx.registerAction(def);
  }

  // ---------------------------------------------------------------------------------- interlocks

  /** Who holds a lock, for refusal messages. */
  lockHolders(): string {
    return this.s.locks.map((l) => l.user).join(', ');
  }

  private addInterlocks(ctx: BindContext): void {
    const isolated =
      (point: keyof SafetyState['isolated'], what: string) => (_sig: unknown, value: unknown) =>
        value === true || value === 1
          ? this.s.isolated[point]
            ? `${what} is locked out (lockout/tagout applied)`
            : null
          : null;
    const reg = (key: string, f: (sig: unknown, value: unknown) => string | null) => {
      if (ctx.registry.get(key)) ctx.addInterlock(key, f);
    };
    reg(K.mode, (_sig, value) => {
      if (value !== 1 && value !== 2) return null;
      if (this.s.locks.length) return `padlock(s) still applied by ${this.lockHolders()}: remove them first`;
      if (Object.values(this.s.isolated).some(Boolean)) return 'an energy is still isolated (lockout)';
      if (this.s.work) return `maintenance work in progress on ${this.s.work.target}`;
      if (this.s.robot.doorLockedBy) return `someone (${this.s.robot.doorLockedBy}) is inside the robot cell`;
      return null;
    });
    reg(K.heaters, isolated('main', 'the main switch'));
    reg(K.pump, isolated('main', 'the main switch'));
    reg(K.conveyorRun, isolated('main', 'the main switch'));
    reg(K.tcu1On, isolated('water', 'the water supply'));
    reg(K.tcu2On, isolated('water', 'the water supply'));
    reg(K.hrPower, isolated('hr', 'the hot-runner controller'));
    reg(K.robotMode, (_sig, value) =>
      value === 3 && this.s.robot.doorLockedBy
        ? `the robot cell door is padlocked open by ${this.s.robot.doorLockedBy}`
        : null,
    );
  }

  // ---------------------------------------------------------------------------------- shots, dataset

  private noteShot(r: ShotRecord): void {
    const s = this.s;
    s.lastShotId = r.shot_id;
    s.shots.push({
      shot_id: r.shot_id,
      t_end: r.t_end,
      weights: [r.weights[0], r.weights[1]],
      dimensions: [r.dimensions[0], r.dimensions[1]],
      defects: r.defects.map((d) => d.type),
      vision: r.parts.map((p) => p.vision.result),
      quality: r.quality,
      mould: [r.mould.T_fixed, r.mould.T_moving],
    });
    if (s.shots.length > MAX_SHOTS) s.shots.splice(0, s.shots.length - MAX_SHOTS);
    const { curves: _curves, ...rest } = r;
    s.recent.push(structuredClone(rest));
    if (s.recent.length > MAX_RECENT) s.recent.splice(0, s.recent.length - MAX_RECENT);
  }

  /** Capture the validated dataset (controlled repository): at the first tick, or on a trainer's request. */
  captureDataset(): void {
    const out: Record<string, number> = {};
    for (const sig of this.store.registry.signals) {
      if (sig.visibility !== 'candidate' || !isDatasetKey(sig.key, sig.kind, sig.type)) continue;
      out[sig.key] = this.store.get(sig.index);
    }
    this.s.cyber.validated = out;
  }

  datasetInfo(): DatasetInfo {
    const v = this.s.cyber.validated;
    const active: Record<string, number> = {};
    const diff: DatasetInfo['diff'][number][] = [];
    for (const key of Object.keys(v).sort()) {
      const sig = this.store.registry.get(key);
      if (!sig) continue;
      active[key] = this.store.get(sig.index);
      if (Math.abs(active[key]! - v[key]!) > 1e-9)
        diff.push({ signal: key, validated: v[key]!, active: active[key]! });
    }
    return {
      checksum: checksum(v),
      imm_hash: this.immHash(v),
      active_checksum: checksum(active),
      active_imm_hash: this.immHash(active),
      diff,
    };
  }

  /** the ShotRecord's `dataset_hash` of a dataset (the IMM's own algorithm over its set points) */
  private immHash(values: Record<string, number>): string {
    const imm = this.b.imm;
    if (!imm) return '';
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (const id of imm.setpointIds) {
      const key = `imm.${id}`;
      const raw = values[key] ?? this.store.get(imm.h[id]!);
      const x = Math.round(raw * 1000);
      h1 = Math.imul(h1 ^ x, 16777619) >>> 0;
      h2 = Math.imul(h2 ^ (x >>> 3), 2246822519) >>> 0;
    }
    return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
  }

  /** restore every validated set point (the gesture's effect, journaled as the action) */
  restoreDataset(): number {
    let n = 0;
    for (const [key, value] of Object.entries(this.s.cyber.validated)) {
      const sig = this.store.registry.get(key);
      if (!sig || this.store.get(sig.index) === value) continue;
      this.store.set(sig.index, value);
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------------------------- work, results

  /** context of a diagnostic measurement (the truth of the physics, never the fault list) */
  diagContext(): DiagContext {
    return {
      cell: this.engine?.cell ?? {},
      store: this.store,
      registry: this.store.registry,
      rng: this.rng,
      t: this.nowS,
      shots: this.s.recent as ShotRecord[],
      audit: this.s.audit,
      dataset: this.datasetInfo(),
      faults: this.engine?.active() ?? [],
    };
  }

  startWork(
    w: Omit<Work, 'startS' | 'endS'>,
    c: ActionContext,
    durationS: number,
  ): { status: 'started'; ready_in_s: number } {
    this.s.work = { ...w, startS: c.t, endS: c.t + durationS };
    this.publishWork(c.t);
    return { status: 'started', ready_in_s: durationS };
  }

  busy(): string | null {
    const w = this.s.work;
    return w
      ? `another intervention is in progress (${w.target}, ready in ${Math.ceil(w.endS - this.nowS)} s)`
      : null;
  }

  /** publish a result on the safety signals, as an event for the HMI, and to the journal */
  publish(w: Work, r: Pick<DiagResult, 'values' | 'text'> & { kind: string }, tS: number): void {
    const s = this.s;
    s.results++;
    const st = this.store;
    st.setStr(this.h['result.text']!, r.text.en);
    st.setStr(
      this.h['result.values']!,
      JSON.stringify({
        kind: r.kind,
        target: w.target,
        ...(w.op ? { op: w.op } : {}),
        ...(w.measurement ? { measurement: w.measurement } : {}),
        ...r.values,
      }),
    );
    st.set(this.h['result.seq']!, s.results);
    const payload = {
      event: 'maintenance_result',
      kind: r.kind,
      target: w.target,
      ...(w.op ? { op: w.op } : {}),
      ...(w.measurement ? { measurement: w.measurement } : {}),
      values: r.values,
      text: r.text,
    };
    this.onJournal?.({
      type: 'event',
      t: Math.round(tS * 1000),
      actor: {
        user: w.user,
        roles: w.roles as Role[],
        channel: w.channel as Actor['channel'],
        ...(w.client ? { client: w.client } : {}),
      },
      payload,
    });
  }

  private publishWork(t: number): void {
    const w = this.s.work;
    const st = this.store;
    st.set(this.h['work.state']!, w ? WORK_STATES.indexOf(WORK_STATE_OF[w.kind]) : 0);
    st.setStr(this.h['work.target']!, w ? w.target : '');
    st.set(this.h['work.remaining_s']!, w ? Math.max(0, Math.ceil(w.endS - t)) : 0);
  }

  /** publish the lockout and robot-cell state */
  publishState(): void {
    const st = this.store;
    const s = this.s;
    st.set(this.h['loto.locks']!, s.locks.length);
    st.setBool(this.h['loto.main_isolated']!, s.isolated.main);
    st.setBool(this.h['loto.air_isolated']!, s.isolated.air);
    st.setBool(this.h['loto.water_isolated']!, s.isolated.water);
    st.setBool(this.h['loto.hr_isolated']!, s.isolated.hr);
    st.setBool(this.h['loto.verified']!, s.verified.length > 0);
    st.setBool(this.h['robot.cell_entry']!, s.robot.doorLockedBy !== null);
  }

  step(ctx: StepContext): void {
    this.nowS = ctx.t;
    if (!this.captured) {
      this.captured = true;
      if (Object.keys(this.s.cyber.validated).length === 0) this.captureDataset();
    }
    const w = this.s.work;
    if (w) {
      if (ctx.t >= w.endS) {
        this.s.work = null;
        completeWork(this, w, ctx.t);
      }
      this.publishWork(ctx.t);
    }
    this.publishState();
  }

  snapshot(): unknown {
    return structuredClone({ s: this.s, captured: this.captured });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { s: SafetyState; captured: boolean };
    this.s = x.s;
    this.captured = x.captured;
  }
}

/** checksum of a dataset: SHA-256 of its sorted `key=value` lines, 16 hex digits */
export function checksum(values: Record<string, number>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(values).sort()) h.update(`${k}=${values[k]}\n`);
  return h.digest('hex').slice(0, 16);
}
