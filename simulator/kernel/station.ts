/**
 * A station: one independent cell instance with its own signals, clock, random streams, hooks and
 * command queue. One process holds N stations (issue 2 §6).
 *
 * Data flow of one tick (DESIGN.md): commands queued during the last tick are applied at the boundary →
 * the clock advances → models step → discrete events are delivered → the registry collects the changes
 * → adapters receive one batch.
 */
import { createHash } from 'node:crypto';
import type { ActionContext, ActionDef } from './actions.ts';
import { VirtualClock } from './clock.ts';
import type { Actor, Command, CommandInput, CommandRecord, CommandSink, Rejection } from './command-types.ts';
import { HookBus } from './hooks.ts';
import type { AlarmEvent, BindContext, CycleEndEvent, Model, StationEvent, StepContext } from './model.ts';
import { type EquipmentSignals, SignalRegistry } from './registry.ts';
import { RandomStreams } from './rng.ts';
import type { RegisteredSignal } from './signal-schema.ts';
import { type ChangeBatch, SignalStore, type SignalValue } from './signal-store.ts';
import { TickStats } from './tick-stats.ts';
import { checkWrite, isPrivileged } from './validate-write.ts';

/** Dynamic check of a write at the boundary: a reason to refuse, or null. */
export type Interlock = (sig: RegisteredSignal, value: SignalValue, station: Station) => string | null;

export interface StationHooks {
  /** after the models stepped, before the changes are collected */
  tick: { readonly tick: number; readonly t: number };
  change: ChangeBatch;
  command: CommandRecord;
  cycleEnd: CycleEndEvent;
  alarm: AlarmEvent;
  event: StationEvent;
}

export interface StationOptions {
  readonly id: string;
  readonly seed: number | string;
  readonly models: readonly Model[];
  readonly tickMs?: number;
  readonly sink?: CommandSink;
  /** the most commands waiting for a boundary; beyond it a command is refused (bounded queue) */
  readonly maxPending?: number;
}

/** Commands waiting for the boundary; a group of several is applied all or nothing. */
interface Pending {
  readonly seqs: readonly number[];
  readonly cmds: readonly Command[];
  readonly resolve: (r: CommandRecord[]) => void;
}

type Prepared =
  | { readonly rejection: Rejection }
  | { readonly sig: RegisteredSignal; readonly value: SignalValue }
  | { readonly def: ActionDef<unknown>; readonly args: unknown };

type QueuedEvent =
  | { readonly hook: 'alarm'; readonly payload: AlarmEvent }
  | { readonly hook: 'cycleEnd'; readonly payload: CycleEndEvent }
  | { readonly hook: 'event'; readonly payload: StationEvent };

const groupRejection = (cause: Rejection): Rejection => ({
  code: cause.code,
  message: `refused with the rest of the group: ${cause.message}`,
  ...(cause.signal ? { signal: cause.signal } : {}),
});

export class Station {
  readonly id: string;
  readonly registry: SignalRegistry;
  readonly store: SignalStore;
  readonly clock: VirtualClock;
  readonly rng: RandomStreams;
  readonly hooks = new HookBus<StationHooks>();
  readonly stats = new TickStats();
  readonly models: readonly Model[];
  private readonly modelById = new Map<string, Model>();
  private readonly actions = new Map<string, ActionDef<unknown>>();
  private readonly interlocks = new Map<string, Interlock[]>();
  private readonly sink: CommandSink | undefined;
  private readonly maxPending: number;
  private pending: Pending[] = [];
  /** static rejections waiting to be journaled with the next boundary's batch */
  private rejectedEarly: CommandRecord[] = [];
  private readonly replay = new Map<number, Command[]>();
  private events: QueuedEvent[] = [];
  private seq = 0;
  private readonly stepCtx: StepContext;

  constructor(opts: StationOptions) {
    this.id = opts.id;
    this.models = opts.models;
    this.sink = opts.sink;
    this.maxPending = opts.maxPending ?? 1000;
    this.clock = new VirtualClock(opts.tickMs ?? 100);
    this.rng = new RandomStreams(`${opts.seed}/${opts.id}`);
    const decls: EquipmentSignals[] = [];
    for (const m of opts.models) {
      if (this.modelById.has(m.id)) throw new Error(`station ${opts.id}: duplicate model id "${m.id}"`);
      this.modelById.set(m.id, m);
      decls.push({ equipment: m.id, signals: m.declare() });
    }
    this.registry = new SignalRegistry(decls);
    this.store = new SignalStore(this.registry);
    for (const m of opts.models) m.bind(this.bindContext(m));
    const self = this;
    let current = '';
    this.stepCtx = {
      get t() {
        return self.clock.seconds;
      },
      get dt() {
        return self.clock.dt;
      },
      get tick() {
        return self.clock.tick;
      },
      store: this.store,
      raise(a) {
        self.events.push({ hook: 'alarm', payload: { ...a, equipment: current, t: self.clock.now } });
      },
      cycleEnd(record) {
        self.events.push({ hook: 'cycleEnd', payload: { equipment: current, t: self.clock.now, record } });
      },
      event(type, data) {
        self.events.push({
          hook: 'event',
          payload: { type, equipment: current, t: self.clock.now, ...(data ? { data } : {}) },
        });
      },
    };
    // the model currently stepping, so its events carry its equipment id
    this.setCurrent = (id: string) => {
      current = id;
    };
  }

  private readonly setCurrent: (id: string) => void;

  private bindContext(m: Model): BindContext {
    return {
      stationId: this.id,
      registry: this.registry,
      store: this.store,
      stream: (name) => this.rng.stream(`${m.id}/${name}`),
      handle: (key) => this.registry.indexOf(key),
      registerAction: (def) => this.registerAction(def),
      addInterlock: (key, check) => this.addInterlock(key, check),
      on: (hook, fn) => {
        this.hooks.on(hook, fn, { owner: m.id, priority: -100 });
      },
      model: <T extends Model>(id: string) => {
        const other = this.modelById.get(id);
        if (!other) throw new Error(`station ${this.id}: model "${m.id}" needs missing model "${id}"`);
        return other as T;
      },
    };
  }

  model<T extends Model>(id: string): T | undefined {
    return this.modelById.get(id) as T | undefined;
  }

  registerAction<A>(def: ActionDef<A>): void {
    if (this.actions.has(def.name)) throw new Error(`station ${this.id}: duplicate action "${def.name}"`);
    this.actions.set(def.name, def as ActionDef<unknown>);
  }

  actionNames(visibleTo?: Actor): string[] {
    return [...this.actions.values()]
      .filter((a) => !visibleTo || a.visibility !== 'trainer' || isPrivileged(visibleTo.roles))
      .map((a) => a.name)
      .sort();
  }

  action(name: string): ActionDef<unknown> | undefined {
    return this.actions.get(name);
  }

  /** Add a dynamic check on writes to `signalKey` ("*" for every signal). */
  addInterlock(signalKey: string, check: Interlock): void {
    const list = this.interlocks.get(signalKey) ?? [];
    list.push(check);
    this.interlocks.set(signalKey, list);
  }

  /** Static validation: everything that does not depend on the state at the boundary. */
  private prepare(cmd: Command): Prepared {
    const { actor, input } = cmd;
    if (actor.station !== undefined && actor.station !== this.id) {
      return {
        rejection: {
          code: 'other_station',
          message: `station ${this.id}: your identity is bound to another station`,
        },
      };
    }
    if (input.kind === 'write') {
      const sig = this.registry.get(input.signal);
      const r = checkWrite(sig, input.signal, input.value, actor);
      return r.ok ? { sig: sig!, value: r.value } : { rejection: r.rejection };
    }
    const def = this.actions.get(input.action);
    if (!def || (def.visibility === 'trainer' && !isPrivileged(actor.roles))) {
      return { rejection: { code: 'unknown_action', message: `${input.action}: unknown action` } };
    }
    if (!actor.roles.some((r) => def.roles.includes(r)) && !actor.roles.includes('system')) {
      return {
        rejection: {
          code: 'forbidden',
          message: `${input.action}: role ${actor.roles.join('/') || 'none'} may not do it (requires ${def.roles.join(' or ')})`,
        },
      };
    }
    const parsed = def.args.safeParse(input.args ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      const path = i.path.length ? `args.${i.path.join('.')}` : 'args';
      return { rejection: { code: 'invalid_args', message: `${input.action}: ${path}: ${i.message}` } };
    }
    return { def, args: parsed.data };
  }

  /**
   * Submit a command. Static errors are refused at once; otherwise the command waits for the next tick
   * boundary, where it is checked against interlocks, applied, journaled durably and then acknowledged.
   */
  submit(cmd: Command): Promise<CommandRecord> {
    return this.submitAll([cmd]).then((rs) => rs[0]!);
  }

  /**
   * Submit several signal writes to be applied together or not at all (a Modbus FC16 block write):
   * if any is refused, statically or at the boundary, every one is refused with that reason.
   */
  submitAll(cmds: readonly Command[]): Promise<CommandRecord[]> {
    const seqs = cmds.map(() => ++this.seq);
    let first: Rejection | null = null;
    const rejections = cmds.map((cmd) => {
      const p = this.prepare(cmd);
      if ('rejection' in p) {
        first ??= p.rejection;
        return p.rejection;
      }
      if (cmds.length > 1 && cmd.input.kind !== 'write') {
        const r: Rejection = {
          code: 'invalid_args',
          message: `${cmd.input.action}: only writes can be grouped`,
        };
        first ??= r;
        return r;
      }
      return null;
    });
    if (!first && this.pending.length >= this.maxPending) {
      first = { code: 'unavailable', message: `station ${this.id}: command queue full, try again` };
    }
    if (first) {
      const recs = cmds.map((cmd, i) =>
        this.makeRecord(seqs[i]!, cmd, 'rejected', { rejection: rejections[i] ?? groupRejection(first!) }),
      );
      this.rejectedEarly.push(...recs);
      return Promise.resolve(recs);
    }
    return new Promise((resolve) => this.pending.push({ seqs, cmds, resolve }));
  }

  /** Convenience for trusted code (scenario scripts, tests): submit and throw on rejection. */
  async command(actor: Actor, input: CommandInput): Promise<CommandRecord> {
    const rec = await this.submit({ station: this.id, actor, input });
    if (rec.status === 'rejected') throw new Error(rec.rejection!.message);
    return rec;
  }

  /** Schedule commands to be applied at the boundary before tick `tick` (journal replay). */
  scheduleReplay(tick: number, cmd: Command): void {
    const list = this.replay.get(tick) ?? [];
    list.push(cmd);
    this.replay.set(tick, list);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private makeRecord(
    seq: number,
    cmd: Command,
    status: 'accepted' | 'rejected',
    extra: Partial<Pick<CommandRecord, 'rejection' | 'previous' | 'applied' | 'result'>>,
  ): CommandRecord {
    return {
      seq,
      tick: this.clock.tick,
      t: this.clock.now,
      station: this.id,
      actor: cmd.actor,
      input: cmd.input,
      ...(cmd.corr !== undefined ? { corr: cmd.corr } : {}),
      status,
      ...extra,
    };
  }

  /** Apply a group of writes all or nothing. */
  private applyGroup(p: Pending): CommandRecord[] {
    if (p.cmds.length === 1) return [this.applyOne(p.seqs[0]!, p.cmds[0]!)];
    const checks = p.cmds.map((cmd) => {
      const prep = this.prepare(cmd);
      if ('rejection' in prep) return prep.rejection;
      if (!('sig' in prep))
        return { code: 'invalid_args', message: 'only writes can be grouped' } as Rejection;
      const why = this.interlock(prep.sig, prep.value);
      return why
        ? ({ code: 'interlock', signal: prep.sig.key, message: `${prep.sig.key}: ${why}` } as Rejection)
        : null;
    });
    const first = checks.find((c) => c !== null);
    if (first) {
      return p.cmds.map((cmd, i) =>
        this.makeRecord(p.seqs[i]!, cmd, 'rejected', { rejection: checks[i] ?? groupRejection(first) }),
      );
    }
    return p.cmds.map((cmd, i) => this.applyOne(p.seqs[i]!, cmd));
  }

  private interlock(sig: RegisteredSignal, value: SignalValue): string | null {
    for (const key of [sig.key, '*']) {
      for (const lock of this.interlocks.get(key) ?? []) {
        const why = lock(sig, value, this);
        if (why) return why;
      }
    }
    return null;
  }

  private applyOne(seq: number, cmd: Command): CommandRecord {
    const p = this.prepare(cmd);
    if ('rejection' in p) return this.makeRecord(seq, cmd, 'rejected', { rejection: p.rejection });
    if ('sig' in p) {
      const { sig, value } = p;
      const why = this.interlock(sig, value);
      if (why) {
        return this.makeRecord(seq, cmd, 'rejected', {
          rejection: { code: 'interlock', signal: sig.key, message: `${sig.key}: ${why}` },
        });
      }
      const previous = this.store.value(sig.index);
      this.store.assign(sig, value);
      return this.makeRecord(seq, cmd, 'accepted', { previous, applied: this.store.value(sig.index) });
    }
    const ctx: ActionContext = {
      stationId: this.id,
      actor: cmd.actor,
      store: this.store,
      t: this.clock.seconds,
      tick: this.clock.tick,
    };
    const why = p.def.check?.(p.args, ctx) ?? null;
    if (why) {
      return this.makeRecord(seq, cmd, 'rejected', {
        rejection: { code: 'precondition', message: `${p.def.name}: ${why}` },
      });
    }
    const result = p.def.apply(p.args, ctx);
    return this.makeRecord(seq, cmd, 'accepted', result === undefined ? {} : { result });
  }

  /** Apply the commands queued since the last boundary, journal them, then acknowledge. */
  private boundary(): void {
    const replayed = this.replay.get(this.clock.tick);
    if (replayed) {
      this.replay.delete(this.clock.tick);
      const first: Pending[] = replayed.map((cmd) => ({
        seqs: [++this.seq],
        cmds: [cmd],
        resolve: () => {},
      }));
      this.pending = [...first, ...this.pending];
    }
    if (this.pending.length === 0 && this.rejectedEarly.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const records: CommandRecord[] = this.rejectedEarly;
    this.rejectedEarly = [];
    const applied = batch.map((p) => this.applyGroup(p));
    for (const a of applied) records.push(...a);
    records.sort((a, b) => a.seq - b.seq);
    // durable before acknowledgement (DESIGN.md "The journal")
    this.sink?.record(records);
    for (const r of records) this.hooks.emit('command', r);
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(applied[i]!);
  }

  /** One tick. */
  step(): void {
    this.boundary();
    this.clock.advance();
    this.store.now = this.clock.now;
    const ctx = this.stepCtx;
    for (let i = 0; i < this.models.length; i++) {
      const m = this.models[i]!;
      this.setCurrent(m.id);
      m.step(ctx);
    }
    if (this.events.length) {
      const evs = this.events;
      this.events = [];
      for (const e of evs) {
        if (e.hook === 'alarm') this.hooks.emit('alarm', e.payload);
        else if (e.hook === 'cycleEnd') this.hooks.emit('cycleEnd', e.payload);
        else this.hooks.emit('event', e.payload);
      }
    }
    this.hooks.emit('tick', { tick: this.clock.tick, t: this.clock.now });
    const batch = this.store.collect(this.clock.now);
    this.hooks.emit('change', batch);
  }

  /** Fast-forward: run `n` ticks as fast as the CPU allows. */
  runTicks(n: number): void {
    for (let i = 0; i < n; i++) this.step();
  }

  /** Fast-forward by a simulated duration in ms (rounded up to whole ticks). */
  runFor(ms: number): void {
    this.runTicks(Math.ceil(ms / this.clock.tickMs));
  }

  snapshot(): StationSnapshot {
    const models: Record<string, unknown> = {};
    for (const m of this.models) models[m.id] = m.snapshot();
    return {
      station: this.id,
      tick: this.clock.tick,
      seq: this.seq,
      store: this.store.snapshot(),
      rng: this.rng.snapshot(),
      models,
    };
  }

  restore(s: StationSnapshot): void {
    if (s.station !== this.id) throw new Error(`snapshot of station ${s.station} cannot restore ${this.id}`);
    this.clock.restore(s.tick);
    this.store.now = this.clock.now;
    this.seq = s.seq;
    this.store.restore(s.store);
    this.rng.restore(s.rng);
    for (const m of this.models) if (m.id in s.models) m.restore(s.models[m.id]);
  }

  /** SHA-256 of the complete state: values bit for bit, random states and model states. */
  stateHash(): string {
    const h = createHash('sha256');
    h.update(`${this.id}/${this.clock.tick}/`);
    h.update(new Uint8Array(this.store.num.buffer));
    h.update(new Uint8Array(this.store.srcTs.buffer));
    h.update(this.store.quality);
    h.update(JSON.stringify(this.store.str));
    h.update(JSON.stringify(this.rng.snapshot()));
    for (const m of this.models) h.update(JSON.stringify(m.snapshot()));
    return h.digest('hex');
  }
}

export interface StationSnapshot {
  readonly station: string;
  readonly tick: number;
  readonly seq: number;
  readonly store: ReturnType<SignalStore['snapshot']>;
  readonly rng: Record<string, number[]>;
  readonly models: Record<string, unknown>;
}
