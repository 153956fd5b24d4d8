/**
 * Replay for a debrief: the scene driven from recorded process values instead of the live stream.
 * Values come from the historian (`GET /api/stations/:id/history?agg=raw`, at most 16 signals per query,
 * on-change samples held until the next), alarms from the station's alarm history (raised, cleared,
 * acknowledged times), and — for trainer and jury accounts only — the candidate's commands, gestures and
 * diagnoses as markers from `GET /api/stations/:id/replay/journal`. A candidate can replay only their own
 * station's candidate-visible values: the server enforces it on every route.
 *
 * The player moves a simulation time over the window (play, pause, speed, seek); the parts flow is
 * advanced through every recorded sample in order, and rebuilt from the window's start on a backward
 * seek, so a replayed minute shows the same flow as it did live.
 */
import type { WireAlarm } from '../../simulator/server/realtime/wire.ts';
import { type Bindings, type Meta, read } from './bindings.ts';
import type { TwinEngine } from './engine.ts';
import { newFlow } from './live-driver.ts';
import type { PartsFlow } from './parts-flow.ts';

export const HISTORY_CHUNK = 16;

export interface ReplaySeries {
  /** simulation ms, ascending */
  readonly t: Float64Array;
  readonly v: Float64Array;
}

export interface Marker {
  readonly seq: number;
  readonly t: number;
  readonly kind: 'write' | 'action' | 'gesture' | 'diagnosis';
  readonly user: string;
  readonly what: string;
  readonly status: string;
  readonly value?: unknown;
}

export type FetchJson = <T>(path: string) => Promise<T>;

interface HistoryAnswer {
  readonly t: number[];
  readonly values: (number | null)[][];
  readonly signals: string[];
}

/** Last index with t[i] <= x, or −1. */
function floorIndex(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

export class ReplayData {
  readonly from: number;
  readonly to: number;
  readonly series: ReadonlyMap<string, ReplaySeries>;
  readonly alarms: readonly WireAlarm[];
  /** sample times of the signals the parts flow follows, ascending */
  readonly flowTimes: Float64Array;
  readonly missing: readonly string[];

  constructor(o: {
    from: number;
    to: number;
    series: Map<string, ReplaySeries>;
    alarms: readonly WireAlarm[];
    flowKeys: readonly string[];
    missing?: readonly string[];
  }) {
    this.from = o.from;
    this.to = o.to;
    this.series = o.series;
    this.alarms = o.alarms;
    this.missing = o.missing ?? [];
    const times = new Set<number>();
    for (const k of o.flowKeys)
      for (const t of o.series.get(k)?.t ?? []) if (t >= o.from && t <= o.to) times.add(t);
    this.flowTimes = Float64Array.from([...times].sort((a, b) => a - b));
  }

  /** The value a signal had at `t` (its last sample at or before `t`). */
  value(key: string, t: number): number | null {
    const s = this.series.get(key);
    if (!s) return null;
    const i = floorIndex(s.t, t);
    return i < 0 ? null : s.v[i]!;
  }

  /** The alarms as they stood at `t`: raised and not yet cleared are active; acknowledged if done by then. */
  alarmsAt(t: number): WireAlarm[] {
    const out: WireAlarm[] = [];
    for (const a of this.alarms) {
      if (a.raisedAt > t) continue;
      const active = a.clearedAt === undefined || a.clearedAt > t;
      const acked = a.ackedAt !== undefined && a.ackedAt <= t;
      if (active || !acked) out.push({ ...a, active, acked });
    }
    return out;
  }
}

/** Load a window (simulation ms) of the bound signals and the alarm history. */
export async function loadReplay(o: {
  station: string;
  metas: readonly Meta[];
  flowKeys: readonly string[];
  from: number;
  to: number;
  epochMs: number;
  fetchJson: FetchJson;
}): Promise<ReplayData> {
  const st = encodeURIComponent(o.station);
  const keys = o.metas.filter((m) => m.type !== 'string').map((m) => m.key);
  const series = new Map<string, ReplaySeries>();
  const missing: string[] = [];
  const query = async (chunk: readonly string[]): Promise<void> => {
    const q = new URLSearchParams({
      signals: chunk.join(','),
      from: String(Math.floor(o.epochMs + o.from)),
      to: String(Math.ceil(o.epochMs + o.to)),
      agg: 'raw',
      maxPoints: '100000',
    });
    try {
      const a = await o.fetchJson<HistoryAnswer>(`/api/stations/${st}/history?${q}`);
      a.signals.forEach((key, j) => {
        const col = a.values[j] ?? [];
        const t: number[] = [];
        const v: number[] = [];
        for (let i = 0; i < a.t.length; i++) {
          const x = col[i];
          // a null is "no sample at this time" in an aligned answer: the previous value holds
          if (x === null || x === undefined) continue;
          t.push(a.t[i]! - o.epochMs);
          v.push(x);
        }
        series.set(key, { t: Float64Array.from(t), v: Float64Array.from(v) });
      });
    } catch {
      // one unknown signal fails its whole query: retry one by one and keep what answers
      if (chunk.length > 1) await Promise.all(chunk.map((k) => query([k])));
      else missing.push(chunk[0]!);
    }
  };
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += HISTORY_CHUNK) chunks.push(keys.slice(i, i + HISTORY_CHUNK));
  const [alarmsAnswer] = await Promise.all([
    o.fetchJson<{ active: WireAlarm[]; history: WireAlarm[] }>(`/api/stations/${st}/alarms`).catch(() => ({
      active: [],
      history: [],
    })),
    ...chunks.map(query),
  ]);
  const byId = new Map<number, WireAlarm>();
  for (const a of [...alarmsAnswer.history, ...alarmsAnswer.active]) byId.set(a.id, a);
  return new ReplayData({
    from: o.from,
    to: o.to,
    series,
    alarms: [...byId.values()],
    flowKeys: o.flowKeys,
    missing,
  });
}

/** Keys whose changes move parts along (robot step and part, vision counters, conveyor). */
export function flowKeysOf(b: Bindings): string[] {
  return [
    b.robot.step,
    b.robot.partPresent,
    b.robot.x,
    b.vision.inspected,
    b.vision.rejected,
    b.vision.result,
    b.conveyor.run,
    b.conveyor.speed,
    b.conveyor.tripped,
  ]
    .filter((m): m is Meta => !!m)
    .map((m) => m.key);
}

export class ReplayPlayer {
  t: number;
  playing = false;
  speed = 1;
  private readonly data: ReplayData;
  private readonly engine: TwinEngine;
  private readonly b: Bindings;
  private readonly onTime: (t: number, playing: boolean) => void;
  private flow: PartsFlow = newFlow();
  private flowT = Number.NEGATIVE_INFINITY;
  private idx = 0;
  private raf = 0;
  private last = 0;

  constructor(
    data: ReplayData,
    engine: TwinEngine,
    b: Bindings,
    onTime: (t: number, playing: boolean) => void,
  ) {
    this.data = data;
    this.engine = engine;
    this.b = b;
    this.onTime = onTime;
    this.t = data.from;
    this.seek(data.from);
  }

  private readingsAt(t: number) {
    return read(this.b, (k) => this.data.value(k, t));
  }

  /** Advance the parts flow through every recorded sample up to `t`, then to `t` itself. */
  private advanceFlow(t: number): void {
    if (t < this.flowT) {
      this.flow = newFlow();
      this.flowT = Number.NEGATIVE_INFINITY;
      this.idx = 0;
    }
    const ts = this.data.flowTimes;
    while (this.idx < ts.length && ts[this.idx]! <= t) {
      const x = ts[this.idx]!;
      if (x > this.flowT) this.flow.step(x, this.readingsAt(x));
      this.flowT = x;
      this.idx++;
    }
    if (t > this.flowT) {
      this.flow.step(t, this.readingsAt(t));
      this.flowT = t;
    }
  }

  private push(snap: boolean): void {
    this.advanceFlow(this.t);
    this.engine.update({
      r: this.readingsAt(this.t),
      t: this.t,
      alarms: this.data.alarmsAt(this.t),
      flow: this.flow,
      snap,
    });
    this.onTime(this.t, this.playing);
  }

  seek(t: number): void {
    const prev = this.t;
    this.t = Math.max(this.data.from, Math.min(this.data.to, t));
    // a jump (backward, or more than two seconds ahead) snaps the scene instead of easing
    this.push(this.t < prev || this.t - prev > 2000 || !this.playing);
  }

  play(): void {
    if (this.playing) return;
    if (this.t >= this.data.to) this.seek(this.data.from);
    this.playing = true;
    this.last = 0;
    this.raf = requestAnimationFrame(this.loop);
    this.onTime(this.t, true);
  }

  pause(): void {
    this.playing = false;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.onTime(this.t, false);
  }

  setSpeed(x: number): void {
    this.speed = x;
  }

  private readonly loop = (now: number): void => {
    this.raf = 0;
    if (!this.playing) return;
    const dt = this.last ? Math.min(200, now - this.last) : 0;
    this.last = now;
    this.t = Math.min(this.data.to, this.t + dt * this.speed);
    this.push(false);
    if (this.t >= this.data.to) {
      this.pause();
      return;
    }
    this.raf = requestAnimationFrame(this.loop);
  };

  dispose(): void {
    this.pause();
  }
}
