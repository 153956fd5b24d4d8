/**
 * The historian (issue 10): taps each station's `change` and `cycleEnd` hooks, queues samples in a
 * bounded ring (the only work on the tick's hot path), and every `flushMs` writes them in one SQLite
 * transaction, feeds the downsampler and hands candidate-visible rows to the InfluxDB writer.
 *
 * What is stored: numeric, boolean and enum signals (enum as its index), candidate-visible and
 * trainer-only alike (the query API decides who sees what), on change, with their quality. A frozen
 * measurement (domain-model F22) does not change, so it produces no new samples: a visible gap.
 * Per-shot records are stored with their curves for the whole session.
 */
import { join } from 'node:path';
import type { RegisteredSignal } from '../../kernel/signal-schema.ts';
import type { Station } from '../../kernel/station.ts';
import { isPrivileged } from '../../kernel/validate-write.ts';
import type { LabConfig } from '../../session/config.ts';
import { curvesCsv, seriesCsv, shotsCsv } from './csv.ts';
import { type Bucket, bucketStart, Downsampler } from './downsample.ts';
import { type InfluxRow, InfluxWriter, type SeriesMeta } from './influx-writer.ts';
import { align, checkQuery, pickAggregation, type Retention } from './query.ts';
import { PointRing } from './ring.ts';
import { curveVisible, flatFields, shotIdOf, splitRecord, visibleSummary } from './shots.ts';
import { type AggRow, HistorianStore, type RawRow } from './store.ts';
import {
  type Aggregation,
  type CurvesRequest,
  HistorianError,
  type HistorianService,
  LEVELS,
  LIMITS,
  type QueryRequest,
  type SeriesResult,
  type ShotCurves,
  type ShotSummary,
  type ShotsRequest,
  type Viewer,
} from './types.ts';

export type HistorianConfig = LabConfig['historian'];

export interface HistorianOptions {
  readonly stations: ReadonlyMap<string, Station>;
  /** wall-clock ms of simulation time 0 */
  readonly epochMs: number;
  readonly dataDir: string;
  readonly config: HistorianConfig;
  readonly tickMs: number;
  readonly log?: (line: string) => void;
  /** start the flush timer (default true; tests drive `flush()` themselves) */
  readonly timers?: boolean;
  /** SQLite file name inside `dataDir` */
  readonly file?: string;
}

const STORABLE = new Set(['float', 'int', 'bool', 'enum']);
const SHOT_QUEUE_MAX = 10_000;
/** prune every minute of simulation time */
const RETENTION_EVERY_MS = 60_000;

interface Tap {
  readonly station: Station;
  /** series id by signal index, -1 when not stored */
  readonly sidOf: Int32Array;
  readonly sids: number[];
  readonly bySignal: Map<string, { sid: number; sig: RegisteredSignal }>;
  lastPrune: number;
  off: (() => void)[];
}

interface SeriesInfo {
  readonly meta: SeriesMeta;
  readonly toInflux: boolean;
}

export class Historian implements HistorianService {
  readonly store: HistorianStore | undefined;
  readonly influx: InfluxWriter | undefined;
  private readonly o: HistorianOptions;
  private readonly ring: PointRing;
  private readonly down: Downsampler | undefined;
  private readonly taps = new Map<string, Tap>();
  private readonly series = new Map<number, SeriesInfo>();
  private shotQueue: { station: string; equipment: string; t: number; record: Record<string, unknown> }[] =
    [];
  private timer: NodeJS.Timeout | undefined;
  private soon = false;
  private pendingBuckets: Bucket[] = [];
  private closed = false;
  private readonly retention: Retention;
  readonly counters = {
    raw_written: 0,
    aggregates_written: 0,
    shots_written: 0,
    shots_dropped: 0,
    invalid: 0,
    flushes: 0,
    flush_errors: 0,
    retention_deleted: 0,
    last_flush_ms: 0,
  };
  lastError: string | undefined;

  constructor(o: HistorianOptions) {
    this.o = o;
    const c = o.config;
    this.ring = new PointRing(c.queueMax);
    const h = 3_600_000;
    this.retention = {
      raw: c.rawRetentionHours * h,
      '1s': c.aggRetentionHours['1s'] * h,
      '10s': c.aggRetentionHours['10s'] * h,
      '1m': c.aggRetentionHours['1m'] * h,
    };
    if (c.enabled) {
      this.store = new HistorianStore(join(o.dataDir, o.file ?? 'historian.sqlite'));
      this.down = new Downsampler((b) => this.pendingBuckets.push(b));
    }
    // series ids: from the store when there is one (stable across restarts), else in memory
    let nextSid = 1;
    for (const [id, st] of o.stations) {
      const sidOf = new Int32Array(st.registry.size).fill(-1);
      const tap: Tap = { station: st, sidOf, sids: [], bySignal: new Map(), lastPrune: 0, off: [] };
      for (const sig of st.registry.signals) {
        if (!STORABLE.has(sig.type)) continue;
        const sid = this.store ? this.store.seriesId(id, sig.key) : nextSid++;
        sidOf[sig.index] = sid;
        tap.sids.push(sid);
        tap.bySignal.set(sig.key, { sid, sig });
        this.series.set(sid, {
          meta: [id, sig.equipment, sig.key],
          toInflux: sig.visibility === 'candidate',
        });
      }
      this.taps.set(id, tap);
    }
    if (c.influx) {
      const i = c.influx;
      this.influx = new InfluxWriter({
        url: i.url,
        database: i.database,
        username: i.username,
        password: i.password,
        batchSize: i.batchSize,
        flushMs: i.flushMs,
        bufferPoints: i.bufferPoints,
        spoolDir: join(o.dataDir, 'influx-spool'),
        spoolMaxBytes: i.spoolMaxMB * 1024 * 1024,
        retryMs: i.retryMs,
        meta: (sid) => this.series.get(sid)?.meta,
        ...(o.log ? { log: o.log } : {}),
      });
    }
  }

  /** Attach to the stations' hooks and start the timers. */
  start(): void {
    const half = this.ring.capacity >> 1;
    for (const [id, tap] of this.taps) {
      const st = tap.station;
      const { sidOf } = tap;
      const { num, quality } = st.store;
      tap.off.push(
        st.hooks.on(
          'change',
          (b) => {
            const t = b.serverTs;
            const idx = b.indices;
            for (let i = 0; i < b.count; i++) {
              const h = idx[i]!;
              const sid = sidOf[h]!;
              if (sid >= 0) this.ring.push(sid, t, num[h]!, quality[h]!);
            }
            if (this.ring.size > half && !this.soon) {
              // a fast-forward fills the ring quickly: flush at the next turn of the event loop
              this.soon = true;
              setImmediate(() => {
                this.soon = false;
                this.flush();
              });
            }
          },
          { owner: 'historian', priority: 100 },
        ),
      );
      tap.off.push(
        st.hooks.on(
          'cycleEnd',
          (e) => {
            if (this.shotQueue.length >= SHOT_QUEUE_MAX) {
              this.counters.shots_dropped++;
              return;
            }
            this.shotQueue.push({ station: id, equipment: e.equipment, t: e.t, record: e.record });
          },
          { owner: 'historian', priority: 100 },
        ),
      );
    }
    if (this.o.timers !== false) {
      this.timer = setInterval(() => this.flush(), this.o.config.flushMs);
      this.timer.unref?.();
    }
    this.influx?.start();
  }

  /** Write everything queued: one transaction for SQLite, one hand-over to the InfluxDB writer. */
  flush(): void {
    if (this.closed) return;
    const t0 = performance.now();
    const store = this.store;
    const down = this.down;
    const influx = this.influx;
    const epoch = this.o.epochMs;
    const rows: InfluxRow[] = [];
    const shots = this.shotQueue;
    this.shotQueue = [];
    try {
      store?.begin();
      let written = 0;
      this.ring.drain((sid, t, v, q) => {
        if (!Number.isFinite(v)) {
          this.counters.invalid++;
          return;
        }
        if (store) {
          store.insertRaw(sid, t, v, q);
          down!.add(sid, t, v, q);
          written++;
        }
        if (influx && this.series.get(sid)?.toInflux) rows.push([sid, epoch + t, v, q]);
      });
      this.counters.raw_written += written;
      for (const s of shots) {
        const { summary, curves } = splitRecord(s.record);
        if (store) {
          store.insertShot(s.station, s.t, s.equipment, shotIdOf(s.record), summary, curves);
          this.counters.shots_written++;
        }
        if (influx)
          rows.push({
            station: s.station,
            equipment: s.equipment,
            t: epoch + s.t,
            fields: flatFields(summary),
          });
      }
      if (store && down) {
        for (const tap of this.taps.values()) {
          const now = tap.station.clock.now;
          down.closeUntil(tap.sids, now);
          if (now - tap.lastPrune >= RETENTION_EVERY_MS) {
            tap.lastPrune = now;
            this.prune(tap, now);
          }
        }
        for (const b of this.pendingBuckets) store.insertAgg(b);
        this.counters.aggregates_written += this.pendingBuckets.length;
        this.pendingBuckets = [];
        store.commit();
      }
    } catch (e) {
      store?.rollback();
      this.pendingBuckets = [];
      this.counters.flush_errors++;
      this.lastError = e instanceof Error ? e.message : String(e);
      this.o.log?.(`historian: flush failed: ${this.lastError}`);
    }
    if (influx && rows.length) influx.push(rows);
    this.counters.flushes++;
    this.counters.last_flush_ms = Math.round((performance.now() - t0) * 100) / 100;
  }

  private prune(tap: Tap, now: number): void {
    const store = this.store!;
    let n = store.pruneRaw(tap.sids, now - this.retention.raw);
    LEVELS.forEach((l, i) => {
      n += store.pruneAgg(i, tap.sids, now - this.retention[l.name]);
    });
    this.counters.retention_deleted += n;
  }

  /** Run the retention job now for every station (tests; it also runs every simulated minute). */
  applyRetention(): void {
    if (!this.store) return;
    this.flush();
    this.store.begin();
    for (const tap of this.taps.values()) this.prune(tap, tap.station.clock.now);
    this.store.commit();
  }

  now(station: string): number | undefined {
    const tap = this.taps.get(station);
    return tap ? this.o.epochMs + tap.station.clock.now : undefined;
  }

  private tap(station: string): Tap {
    const tap = this.taps.get(station);
    if (!tap) throw new HistorianError('station', `"${station.slice(0, 40)}" not found`, 404);
    return tap;
  }

  private requireStore(): HistorianStore {
    if (!this.store) throw new HistorianError('historian', 'the embedded historian is disabled', 404);
    return this.store;
  }

  /** Resolve the signals of a query; trainer-only ones look unknown to a non-privileged viewer. */
  private resolve(tap: Tap, keys: readonly string[], viewer: Viewer) {
    return keys.map((key) => {
      const s = tap.bySignal.get(key);
      const hidden = s && s.sig.visibility === 'trainer' && viewer.roles && !isPrivileged(viewer.roles);
      if (!s || hidden) {
        const known = tap.station.registry.get(key);
        const why =
          known && !hidden && !STORABLE.has(known.type)
            ? `"${key}" is a ${known.type} signal; only numeric, boolean and enum signals are trended`
            : `"${key.slice(0, 200)}": unknown signal`;
        throw new HistorianError('signals', why, 404);
      }
      return s;
    });
  }

  query(req: QueryRequest): SeriesResult {
    const store = this.requireStore();
    const tap = this.tap(req.station);
    const { maxPoints } = checkQuery(req);
    const sigs = this.resolve(tap, req.signals, req);
    this.flush();
    const epoch = this.o.epochMs;
    const from = req.from - epoch;
    const to = req.to - epoch;
    const now = tap.station.clock.now;
    const agg: Aggregation =
      req.aggregation === 'auto'
        ? pickAggregation(to - from, maxPoints, this.o.tickMs, now - from, this.retention)
        : req.aggregation;
    let truncated = false;
    const units = sigs.map((s) => s.sig.unit);
    const signals = sigs.map((s) => s.sig.key);
    if (agg === 'raw') {
      const per = sigs.map(({ sid }) => {
        const rows: RawRow[] = store.raw(sid, from, to, maxPoints);
        if (rows.length >= maxPoints) truncated = true;
        if (!truncated && (rows.length === 0 || rows[0]!.t > from)) {
          // the value known at `from` (a set point changed an hour ago still has a value now)
          const p = store.prior(sid, from);
          if (p) rows.unshift({ t: from, v: p.v, q: p.q });
        }
        return rows;
      });
      const { t, cols } = align(per, [(r) => r.v, (r) => r.q]);
      return {
        station: req.station,
        aggregation: 'raw',
        bucketMs: 0,
        from: req.from,
        to: req.to,
        signals,
        units,
        t: t.map((x) => x + epoch),
        values: cols[0]!,
        quality: cols[1]!,
        truncated,
      };
    }
    const level = LEVELS.findIndex((l) => l.name === agg);
    const ms = LEVELS[level]!.ms;
    const start = bucketStart(from, ms);
    const per = sigs.map(({ sid }) => {
      const rows: AggRow[] = store.agg(level, sid, start, to, maxPoints);
      if (rows.length >= maxPoints) truncated = true;
      // the bucket still open (the present) comes from memory
      const open = this.down!.peek(sid, level);
      if (open && open.start >= start && open.start <= to && (rows.at(-1)?.t ?? -Infinity) < open.start) {
        if (rows.length >= maxPoints) rows.shift();
        rows.push({
          t: open.start,
          min: open.min,
          max: open.max,
          mean: open.mean,
          last: open.last,
          n: open.count,
          q: open.q,
        });
      }
      return rows;
    });
    const { t, cols } = align(per, [
      (r) => r.mean,
      (r) => r.q,
      (r) => r.min,
      (r) => r.max,
      (r) => r.last,
      (r) => r.n,
    ]);
    return {
      station: req.station,
      aggregation: agg,
      bucketMs: ms,
      from: req.from,
      to: req.to,
      signals,
      units,
      t: t.map((x) => x + epoch),
      values: cols[0]!,
      quality: cols[1]!,
      min: cols[2]!,
      max: cols[3]!,
      last: cols[4]!,
      count: cols[5]!,
      truncated,
    };
  }

  shots(req: ShotsRequest): ShotSummary[] {
    const store = this.requireStore();
    this.tap(req.station);
    const limit = req.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxShots) {
      throw new HistorianError('limit', `must be an integer from 1 to ${LIMITS.maxShots}`);
    }
    if (req.from !== undefined && req.to !== undefined && req.from >= req.to) {
      throw new HistorianError('from', 'must be before to');
    }
    this.flush();
    const epoch = this.o.epochMs;
    const from = req.from === undefined ? Number.MIN_SAFE_INTEGER : req.from - epoch;
    const to = req.to === undefined ? Number.MAX_SAFE_INTEGER : req.to - epoch;
    return store.shots(req.station, from, to, limit).map((r) => ({
      id: r.id,
      shotId: r.shotId,
      equipment: r.equipment,
      t: epoch + r.t,
      record: visibleSummary(r.summary, req.roles),
      curves: r.curveNames.filter((n) => curveVisible(n, req.roles)),
    }));
  }

  curves(req: CurvesRequest): ShotCurves[] {
    const store = this.requireStore();
    this.tap(req.station);
    const byIds = req.shotIds !== undefined;
    if (byIds === (req.lastN !== undefined)) {
      throw new HistorianError('last', 'give either last=N or ids=a,b,c');
    }
    const n = byIds ? req.shotIds!.length : req.lastN!;
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.maxCurveShots) {
      throw new HistorianError(byIds ? 'ids' : 'last', `from 1 to ${LIMITS.maxCurveShots} shots`);
    }
    this.flush();
    const rows = byIds
      ? store.shotsById(req.station, req.shotIds!)
      : store.shots(req.station, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, n);
    if (byIds && rows.length !== new Set(req.shotIds).size) {
      const found = new Set(rows.map((r) => r.id));
      const missing = req.shotIds!.find((id) => !found.has(id));
      throw new HistorianError('ids', `shot ${missing}: not found`, 404);
    }
    return rows.map((r) => {
      const curves: Record<string, (number | null)[]> = {};
      for (const [name, data] of store.curves(r.id)) {
        if (!curveVisible(name, req.roles)) continue;
        curves[name] = Array.from(data, (x) => (Number.isFinite(x) ? x : null));
      }
      return { id: r.id, shotId: r.shotId, t: this.o.epochMs + r.t, curves };
    });
  }

  queryCsv(req: QueryRequest): string {
    return seriesCsv(this.query(req));
  }

  shotsCsv(req: ShotsRequest): string {
    return shotsCsv(this.shots(req));
  }

  curvesCsv(req: CurvesRequest): string {
    return curvesCsv(this.curves(req));
  }

  /** The series id of a station's signal (tests and tools). */
  seriesOf(station: string, signal: string): number | undefined {
    return this.taps.get(station)?.bySignal.get(signal)?.sid;
  }

  health(): Record<string, unknown> {
    return {
      embedded: {
        enabled: !!this.store,
        queued: this.ring.size,
        queue_max: this.ring.capacity,
        pushed: this.ring.pushed,
        dropped: this.ring.dropped,
        ...this.counters,
        shots_queued: this.shotQueue.length,
        last_error: this.lastError ?? null,
      },
      ...(this.influx ? { influx: this.influx.health() } : {}),
    };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const tap of this.taps.values()) for (const off of tap.off.splice(0)) off();
    this.flush();
    if (this.store && this.down) {
      // the open buckets too, so the last seconds are in the aggregates
      this.down.closeAll();
      this.store.begin();
      for (const b of this.pendingBuckets) this.store.insertAgg(b);
      this.pendingBuckets = [];
      this.store.commit();
    }
    this.closed = true;
    await this.influx?.stop();
    this.store?.close();
  }
}
