/**
 * Supervises one station's OPC UA worker process (reliability-security OPC-9, DR-1, DR-2, T10): forks
 * it, feeds it the signal model and the full current image, then one batch of changed values per tick;
 * answers its requests through the credentials and the command API; restarts it with back-off when it
 * dies or stops answering, and re-sends the full image. The simulation never waits for the worker.
 *
 * Outbound queues are bounded: telemetry is latest-value-wins (a dirty set of signals; the values are
 * read from the store when sent), per-shot events are kept in order up to a cap, with counters.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Actor, CommandRecord } from '../../kernel/command-types.ts';
import type { Station } from '../../kernel/station.ts';
import type { AdapterContext, AdapterIdentity } from '../adapter.ts';
import { cycleEventOf, type FieldLookup } from './cycle-event-map.ts';
import { CYCLE_EVENT_FIELDS } from './euromap.ts';
import type {
  CycleEvent,
  FromWorker,
  Reply,
  SignalSpec,
  ToWorker,
  WorkerInit,
  WorkerRequest,
} from './protocol.ts';

const WORKER = join(import.meta.dirname, 'worker.ts');
/** back-off between restarts; the attempt count resets after a minute of good service */
const BACKOFF_MS = [100, 250, 500, 1000, 2000, 4000] as const;
const STABLE_MS = 60_000;
/** a worker that does not become ready, or stops sending heartbeats, is killed and restarted */
const READY_TIMEOUT_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** at most this many value batches on the IPC pipe; beyond, changes coalesce (latest value wins) */
const MAX_INFLIGHT = 4;
const MAX_EVENTS = 512;
/** tries before a station that never served makes the adapter's start fail */
const FIRST_START_ATTEMPTS = 3;

export interface SupervisorOptions {
  readonly ctx: AdapterContext;
  readonly station: Station;
  readonly specs: readonly SignalSpec[];
  /** `signal index → spec index` (−1 when the signal has no OPC UA node) */
  readonly specOf: Int32Array;
  readonly init: Omit<WorkerInit, 't' | 'signals' | 'image'>;
}

export type SupervisorState = 'starting' | 'ready' | 'backoff' | 'stopped';

export class StationSupervisor {
  readonly station: Station;
  private readonly ctx: AdapterContext;
  private readonly specs: readonly SignalSpec[];
  private readonly specOf: Int32Array;
  private readonly initBase: SupervisorOptions['init'];
  private child: ChildProcess | null = null;
  state: SupervisorState = 'starting';
  endpoint = '';
  mode = '';
  unbound: readonly string[] = [];
  private attempt = 0;
  private readySince = 0;
  private lastBeat = 0;
  private timers = new Set<NodeJS.Timeout>();
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private everReady = false;
  private lastFatal = '';
  private readonly identities = new Map<string, AdapterIdentity>();
  // outbound: dirty set of spec indices (latest value wins) and the ordered event queue
  private readonly dirtyMark: Uint8Array;
  private readonly dirty: Int32Array;
  private dirtyCount = 0;
  private inflight = 0;
  private events: CycleEvent[] = [];
  private readonly unhook: (() => void)[] = [];
  private stderrTail: string[] = [];
  private containedBefore = 0;
  readonly stats = {
    starts: 0,
    restarts: 0,
    last_exit: '',
    last_start_ms: 0,
    /** malformed frames whose exception was contained (frame-guard.ts), all worker lives together */
    contained_frames: 0,
    batches: 0,
    values: 0,
    coalesced: 0,
    events: 0,
    events_dropped: 0,
    auth_ok: 0,
    auth_refused: 0,
    writes: 0,
    writes_rejected: 0,
    calls: 0,
    calls_rejected: 0,
  };

  /** event fields the record lacks, read from the signals at the same EUROMAP name under Jobs/ */
  private readonly fieldLookup: FieldLookup;

  constructor(o: SupervisorOptions) {
    this.ctx = o.ctx;
    this.station = o.station;
    this.specs = o.specs;
    this.specOf = o.specOf;
    this.initBase = o.init;
    this.dirtyMark = new Uint8Array(o.specs.length);
    this.dirty = new Int32Array(o.specs.length);
    const bySpec = new Map<string, SignalSpec>();
    for (const sp of o.specs) {
      const leaf = sp.path[sp.path.length - 1]!;
      if (sp.path.includes('Jobs') && (CYCLE_EVENT_FIELDS as readonly string[]).includes(leaf)) {
        if (!bySpec.has(leaf)) bySpec.set(leaf, sp);
      }
    }
    this.fieldLookup = (field) => {
      const sp = bySpec.get(field);
      if (!sp) return undefined;
      const v = o.station.store.value(o.station.registry.indexOf(sp.key));
      return sp.type === 'enum' && typeof v === 'number' ? sp.enumValues?.[v] : v;
    };
    this.unhook.push(
      o.station.hooks.on('change', (b) => this.onChange(b.indices, b.count), { owner: 'opcua' }),
      o.station.hooks.on(
        'cycleEnd',
        (e) => {
          const ev = cycleEventOf(e.record, this.ctx.epochMs + e.t, this.fieldLookup);
          if (ev) this.queueEvent(ev);
        },
        { owner: 'opcua' },
      ),
    );
  }

  /** Start the worker; resolves when it serves (or rejects after the ready timeout of the first try). */
  start(): Promise<void> {
    this.spawn();
    return this.whenReady();
  }

  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private spawn(): void {
    if (this.state === 'stopped') return;
    this.state = 'starting';
    this.stats.starts++;
    const t0 = performance.now();
    const child = fork(WORKER, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      // the parent's flags (type stripping on older Node) but never its debugger port
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    this.child = child;
    this.lastBeat = Date.now();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderrTail.push(...d.split('\n').filter((l) => l.trim() && !l.includes('NODE-OPCUA-W27')));
      if (this.stderrTail.length > 20) this.stderrTail = this.stderrTail.slice(-20);
    });
    child.on('message', (m) => this.onMessage(child, m as FromWorker, t0));
    child.on('error', () => {});
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.sendTo(child, { t: 'init', ...this.initBase, signals: this.specs, image: this.image() });
    this.watch(child);
  }

  /**
   * Kill a worker that is not ready in time or whose heartbeats stop (a hung stack is a dead one).
   * Silence counts in checks of this timer as well as in ms, so a busy main process that reads its
   * pipe late does not condemn a healthy worker.
   */
  private watch(child: ChildProcess, silentChecks = 0): void {
    this.later(1000, () => {
      if (this.child !== child || this.state === 'stopped') return;
      const now = Date.now();
      // a healthy worker beats every second: a check that saw none for 1.5 s counts as silent
      const checks = now - this.lastBeat > 1500 ? silentChecks + 1 : 0;
      // a starting worker loads its address space in one synchronous run: only the ready timeout applies
      const silent = this.state === 'ready' && now - this.lastBeat > HEARTBEAT_TIMEOUT_MS && checks >= 4;
      const late = this.state === 'starting' && now - this.lastBeat > READY_TIMEOUT_MS;
      if (silent || late) {
        this.ctx.log(
          `opcua ${this.station.id}: worker ${silent ? 'stopped answering' : 'not ready'}, killing`,
        );
        child.kill('SIGKILL');
        return;
      }
      this.watch(child, checks);
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    this.inflight = 0;
    this.containedBefore = this.stats.contained_frames;
    this.identities.clear();
    this.stats.last_exit = signal ?? `code ${code}`;
    if (this.state === 'stopped') return;
    // a station that never served (bad NodeSets, port in use…): report it instead of looping
    if (!this.everReady && this.attempt >= FIRST_START_ATTEMPTS - 1) {
      this.state = 'stopped';
      const why = this.lastFatal || this.stderrTail.slice(-1)[0] || this.stats.last_exit;
      const err = new Error(`opcua ${this.station.id}: the endpoint could not start: ${why}`);
      for (const w of this.readyWaiters.splice(0)) w.reject(err);
      return;
    }
    if (this.readySince && Date.now() - this.readySince > STABLE_MS) this.attempt = 0;
    this.readySince = 0;
    const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
    this.stats.restarts++;
    this.state = 'backoff';
    const tail = this.stderrTail.slice(-3).join(' | ');
    this.ctx.log(
      `opcua ${this.station.id}: worker exited (${this.stats.last_exit}), restarting in ${delay} ms${tail ? `: ${tail}` : ''}`,
    );
    this.later(delay, () => this.spawn());
  }

  private sendTo(child: ChildProcess, m: ToWorker, done?: () => void): boolean {
    if (!child.connected) return false;
    try {
      return child.send(m, (err) => {
        if (err && this.child === child)
          this.ctx.log(`opcua ${this.station.id}: IPC send failed: ${err.message}`);
        done?.();
      });
    } catch {
      return false;
    }
  }

  private onMessage(child: ChildProcess, m: FromWorker, t0: number): void {
    if (this.child !== child) return;
    this.lastBeat = Date.now();
    switch (m.t) {
      case 'heartbeat':
        this.stats.contained_frames = this.containedBefore + m.contained;
        return;
      case 'ready':
        this.state = 'ready';
        this.readySince = Date.now();
        this.endpoint = m.endpoint;
        this.mode = m.mode;
        this.unbound = m.unbound;
        this.stats.last_start_ms = Math.round(performance.now() - t0);
        for (const u of m.unbound) this.ctx.log(`opcua ${this.station.id}: not served: ${u}`);
        this.everReady = true;
        for (const w of this.readyWaiters.splice(0)) w.resolve();
        this.flush();
        return;
      case 'log':
        this.ctx.log(m.line);
        return;
      case 'fatal':
        this.lastFatal = m.message.split('\n')[0] ?? '';
        this.ctx.log(
          `opcua ${this.station.id}: worker failed: ${m.message.split('\n').slice(0, 4).join(' ← ')}`,
        );
        return;
      default:
        void this.answer(child, m);
    }
  }

  private async answer(child: ChildProcess, req: WorkerRequest): Promise<void> {
    let r: Reply;
    try {
      r = await this.resolve(req);
    } catch (e) {
      r = { ok: false, code: 'internal', message: e instanceof Error ? e.message : String(e) };
    }
    if (this.child === child) this.sendTo(child, { t: 'reply', id: req.id, r });
  }

  /** Authenticate, write or call on behalf of the worker; identity only from the main process. */
  private async resolve(req: WorkerRequest): Promise<Reply> {
    const st = this.station;
    if (req.t === 'auth') {
      const id = this.ctx.authenticate(req.user, req.password);
      // a station's endpoint accepts its own candidate, the trainer and the jury
      if (!id || (id.kind === 'candidate' && id.station !== st.id)) {
        this.stats.auth_refused++;
        return { ok: false, code: 'forbidden', message: 'wrong user name or password' };
      }
      this.stats.auth_ok++;
      this.identities.set(id.user, id);
      return { ok: true, identity: { user: id.user, kind: id.kind, roles: id.roles } };
    }
    const id = this.identities.get(req.user);
    if (!id) return { ok: false, code: 'no_identity', message: 'not authenticated on this endpoint' };
    const actor: Actor = {
      user: id.user,
      roles: id.roles,
      channel: 'opcua',
      ...(id.station ? { station: id.station } : {}),
      client: req.client,
    };
    const rec: CommandRecord =
      req.t === 'write'
        ? await st.submit({
            station: st.id,
            actor,
            input: { kind: 'write', signal: req.key, value: req.value },
          })
        : await st.submit({
            station: st.id,
            actor,
            input: { kind: 'action', action: req.action, args: req.args },
          });
    const kind = req.t === 'write' ? 'writes' : 'calls';
    this.stats[kind]++;
    if (rec.status === 'rejected') {
      this.stats[`${kind}_rejected`]++;
      return { ok: false, code: rec.rejection!.code, message: rec.rejection!.message };
    }
    return req.t === 'write' && rec.applied !== undefined
      ? { ok: true, applied: rec.applied, ts: this.ctx.epochMs + rec.t }
      : { ok: true };
  }

  /** Flattened quads of every served signal (the image sent at each (re)start). */
  private image(): (number | boolean | string)[] {
    const out: (number | boolean | string)[] = [];
    for (let i = 0; i < this.specs.length; i++) this.pushValue(out, i);
    this.dirtyCount = 0;
    this.dirtyMark.fill(0);
    return out;
  }

  private pushValue(out: (number | boolean | string)[], i: number): void {
    const store = this.station.store;
    const h = this.station.registry.indexOf(this.specs[i]!.key);
    out.push(i, store.value(h), store.quality[h]!, this.ctx.epochMs + store.srcTs[h]!);
  }

  private onChange(indices: Int32Array, count: number): void {
    for (let k = 0; k < count; k++) {
      const i = this.specOf[indices[k]!]!;
      if (i < 0) continue;
      if (this.dirtyMark[i]) this.stats.coalesced++;
      else {
        this.dirtyMark[i] = 1;
        this.dirty[this.dirtyCount++] = i;
      }
    }
    this.flush();
  }

  private queueEvent(e: CycleEvent): void {
    if (this.events.length >= MAX_EVENTS) {
      this.events.shift();
      this.stats.events_dropped++;
    }
    this.events.push(e);
    this.flush();
  }

  /** Send what is pending if the worker serves and the pipe is not backed up. */
  private flush(): void {
    const child = this.child;
    if (!child || this.state !== 'ready') return;
    if (this.dirtyCount > 0 && this.inflight < MAX_INFLIGHT) {
      const v: (number | boolean | string)[] = [];
      for (let k = 0; k < this.dirtyCount; k++) {
        const i = this.dirty[k]!;
        this.dirtyMark[i] = 0;
        this.pushValue(v, i);
      }
      this.stats.values += this.dirtyCount;
      this.dirtyCount = 0;
      this.inflight++;
      this.stats.batches++;
      const sent = this.sendTo(child, { t: 'values', v }, () => {
        this.inflight = Math.max(0, this.inflight - 1);
        if (this.dirtyCount > 0) this.flush();
      });
      if (!sent) this.inflight = Math.max(0, this.inflight - 1);
    }
    while (this.events.length) {
      this.stats.events++;
      this.sendTo(child, { t: 'event', e: this.events.shift()! });
    }
  }

  health(): Record<string, unknown> {
    return {
      state: this.state,
      pid: this.child?.pid ?? null,
      endpoint: this.endpoint,
      mode: this.mode,
      pending_values: this.dirtyCount,
      pending_events: this.events.length,
      inflight_batches: this.inflight,
      ...this.stats,
    };
  }

  /** Kill the worker now (tests and the robustness campaign); the supervisor restarts it. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    for (const u of this.unhook) u();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      if (!this.sendTo(child, { t: 'stop' })) child.kill('SIGKILL');
    });
  }
}
