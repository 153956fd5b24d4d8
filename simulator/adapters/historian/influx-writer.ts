/**
 * InfluxDB 1.x writer through the `influx` package (standards.md §0 #8, §5.1). Telemetry only: InfluxDB
 * is candidate-facing (Grafana) and never holds graded data (DESIGN.md "The journal"; conduit C3 of
 * reliability-security: one way, Z2 → Z5).
 *
 * Schema (docs/historian.md):
 * - measurement `signal`, tags `station`, `equipment`, `signal` (full key), fields `value` (float,
 *   booleans 0/1, enums their index) and `quality` (integer 0 Good, 1 Uncertain, 2 Bad);
 * - measurement `shot`, tags `station`, `equipment`, one field per scalar of the ShotRecord summary.
 * Timestamps are epoch ms (precision `ms`).
 *
 * Flow: rows arrive in time order into a bounded memory buffer; batches of `batchSize` go out one
 * request at a time. While InfluxDB is down (or slow), the oldest rows beyond `bufferPoints` spill to
 * the disk spool; on reconnect the spool is replayed first, oldest first, then the buffer: nothing is
 * lost and the order is kept. A row InfluxDB refuses as malformed (HTTP 400) is counted as rejected.
 */
import { FieldType, InfluxDB, type IPoint } from 'influx';
import { DiskSpool } from './spool.ts';

/** A signal sample: [series id, epoch ms, value, quality]. */
export type SignalRow = [number, number, number, number];
/** A per-shot record. */
export interface ShotPoint {
  readonly station: string;
  readonly equipment: string;
  readonly t: number;
  readonly fields: Record<string, number | string>;
}
export type InfluxRow = SignalRow | ShotPoint;

/** station, equipment, signal key of a series id */
export type SeriesMeta = readonly [string, string, string];

export interface InfluxWriterOptions {
  readonly url: string;
  readonly database: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly batchSize: number;
  readonly flushMs: number;
  readonly bufferPoints: number;
  readonly spoolDir: string;
  readonly spoolMaxBytes: number;
  readonly retryMs: number;
  readonly meta: (sid: number) => SeriesMeta | undefined;
  readonly log?: (line: string) => void;
  /** request timeout (ms) */
  readonly timeoutMs?: number;
}

interface SpoolBody {
  readonly series: Record<string, SeriesMeta>;
  readonly rows: InfluxRow[];
}

/** The `influx` pool must not disable the host on its own: this writer does its own retries. */
const noBackoff = {
  getDelay: () => 0,
  next() {
    return noBackoff;
  },
  reset() {
    return noBackoff;
  },
};

const statusOf = (e: unknown): number | undefined =>
  (e as { res?: { statusCode?: number } } | undefined)?.res?.statusCode;

export class InfluxWriter {
  private readonly o: InfluxWriterOptions;
  private readonly influx: InfluxDB;
  private readonly spool: DiskSpool;
  private mem: InfluxRow[] = [];
  private memHead = 0;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private up = false;
  private nextTry = 0;
  private stopped = false;
  /** true while a batch taken from the spool head is in flight */
  private spoolInFlight = false;
  private seriesCache = new Map<number, SeriesMeta>();
  readonly counters = {
    /** rows acknowledged by InfluxDB (live and replayed) */
    written: 0,
    /** rows spilled to disk */
    spilled: 0,
    /** spilled rows written back */
    replayed: 0,
    /** rows refused by InfluxDB as malformed (HTTP 400) */
    rejected: 0,
    requests: 0,
    failures: 0,
  };
  lastError: string | undefined;
  lastErrorAt: number | undefined;

  constructor(o: InfluxWriterOptions) {
    this.o = o;
    const u = new URL(o.url);
    this.influx = new InfluxDB({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'https:' ? 443 : 8086)),
      protocol: u.protocol === 'https:' ? 'https' : 'http',
      database: o.database,
      ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
      pool: { maxRetries: 0, requestTimeout: o.timeoutMs ?? 10_000, backoff: noBackoff },
      schema: [
        {
          measurement: 'signal',
          tags: ['station', 'equipment', 'signal'],
          fields: { value: FieldType.FLOAT, quality: FieldType.INTEGER },
        },
      ],
    });
    this.spool = new DiskSpool(o.spoolDir, o.spoolMaxBytes);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.o.flushMs);
    this.timer.unref?.();
    this.kick();
  }

  get buffered(): number {
    return this.mem.length - this.memHead;
  }

  get connected(): boolean {
    return this.up;
  }

  /** Queue rows (time order). Never blocks: beyond `bufferPoints` the oldest rows spill to disk. */
  push(rows: readonly InfluxRow[]): void {
    for (const r of rows) this.mem.push(r);
    while (this.buffered > this.o.bufferPoints) this.spill(Math.min(this.o.batchSize, this.buffered));
    if (this.buffered >= this.o.batchSize) this.kick();
  }

  private take(n: number): InfluxRow[] {
    const out = this.mem.slice(this.memHead, this.memHead + n);
    this.memHead += out.length;
    if (this.memHead > 65_536 && this.memHead * 2 > this.mem.length) {
      this.mem = this.mem.slice(this.memHead);
      this.memHead = 0;
    }
    return out;
  }

  private body(rows: readonly InfluxRow[]): SpoolBody {
    const series: Record<string, SeriesMeta> = {};
    for (const r of rows) {
      if (Array.isArray(r) && !(r[0] in series)) {
        const m = this.o.meta(r[0]);
        if (m) series[r[0]] = m;
      }
    }
    return { series, rows: rows as InfluxRow[] };
  }

  /** Move the `n` oldest buffered rows to the tail of the spool. */
  private spill(n: number): void {
    const rows = this.take(n);
    this.spool.append(rows.length, this.body(rows), this.spoolInFlight ? 1 : 0);
    this.counters.spilled += rows.length;
  }

  private toPoints(rows: readonly InfluxRow[], series?: Record<string, SeriesMeta>): IPoint[] {
    const points: IPoint[] = [];
    for (const r of rows) {
      if (Array.isArray(r)) {
        const m = series?.[r[0]] ?? this.seriesCache.get(r[0]) ?? this.o.meta(r[0]);
        if (!m) continue;
        points.push({
          measurement: 'signal',
          tags: { station: m[0], equipment: m[1], signal: m[2] },
          fields: { value: r[2], quality: r[3] },
          timestamp: r[1],
        });
      } else {
        if (Object.keys(r.fields).length === 0) continue;
        points.push({
          measurement: 'shot',
          tags: { station: r.station, equipment: r.equipment },
          fields: r.fields,
          timestamp: r.t,
        });
      }
    }
    return points;
  }

  /** Write one batch; resolves to the outcome. */
  private async send(points: IPoint[]): Promise<'ok' | 'rejected' | 'down'> {
    if (points.length === 0) return 'ok';
    this.counters.requests++;
    try {
      await this.influx.writePoints(points, { precision: 'ms' });
      return 'ok';
    } catch (e) {
      this.counters.failures++;
      this.lastError = e instanceof Error ? e.message.slice(0, 300) : String(e);
      this.lastErrorAt = Date.now();
      const status = statusOf(e);
      if (status === 400) return 'rejected';
      return 'down';
    }
  }

  private async connect(): Promise<boolean> {
    try {
      const [host] = await this.influx.ping(Math.min(2000, this.o.retryMs * 2));
      if (!host?.online) throw new Error(`${this.o.url} did not answer /ping`);
      await this.influx.createDatabase(this.o.database);
      if (!this.up) this.o.log?.(`historian: InfluxDB ${this.o.url} connected`);
      this.up = true;
      return true;
    } catch (e) {
      if (this.up || this.lastErrorAt === undefined) this.o.log?.(`historian: InfluxDB ${this.o.url} down`);
      this.up = false;
      this.lastError = e instanceof Error ? e.message.slice(0, 300) : String(e);
      this.lastErrorAt = Date.now();
      return false;
    }
  }

  private markDown(): void {
    this.up = false;
    this.nextTry = Date.now() + this.o.retryMs;
  }

  /** Start a pump unless one runs. */
  kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  private async pump(): Promise<void> {
    if (!this.up) {
      if (Date.now() < this.nextTry) return;
      if (!(await this.connect())) {
        this.nextTry = Date.now() + this.o.retryMs;
        return;
      }
    }
    // the spool first (oldest), one segment per request
    while (this.spool.length > 0 && !this.stopped) {
      const seg = this.spool.peek();
      if (!seg) break;
      const body = seg.body as SpoolBody;
      for (const [sid, m] of Object.entries(body.series)) this.seriesCache.set(Number(sid), m);
      this.spoolInFlight = true;
      const outcome = await this.send(this.toPoints(body.rows, body.series));
      this.spoolInFlight = false;
      if (outcome === 'down') return this.markDown();
      if (outcome === 'rejected') this.counters.rejected += seg.points;
      else {
        this.counters.written += seg.points;
        this.counters.replayed += seg.points;
      }
      this.spool.shift();
    }
    // then the memory buffer, whole batches, and the partial rest once per kick
    while (this.buffered > 0 && !this.stopped) {
      if (this.spool.length > 0) return this.pump();
      const rows = this.take(this.o.batchSize);
      const outcome = await this.send(this.toPoints(rows));
      if (outcome === 'down') {
        // newer rows may have spilled meanwhile: then the failed batch goes back to the spool head
        if (this.spool.length > 0 || this.stopped) {
          this.spool.prepend(rows.length, this.body(rows));
          this.counters.spilled += rows.length;
        } else {
          this.mem = rows.concat(this.mem.slice(this.memHead));
          this.memHead = 0;
        }
        return this.markDown();
      }
      if (outcome === 'rejected') this.counters.rejected += rows.length;
      else this.counters.written += rows.length;
    }
  }

  health(): Record<string, unknown> {
    return {
      url: this.o.url,
      database: this.o.database,
      connected: this.up,
      written: this.counters.written,
      buffered: this.buffered,
      spilled: this.counters.spilled,
      spool_points: this.spool.points,
      spool_bytes: this.spool.bytes,
      replayed: this.counters.replayed,
      dropped: this.spool.dropped,
      rejected: this.counters.rejected,
      requests: this.counters.requests,
      failures: this.counters.failures,
      last_error: this.lastError ?? null,
      last_error_at: this.lastErrorAt ? new Date(this.lastErrorAt).toISOString() : null,
    };
  }

  /** Wait until everything buffered and spooled is written (tests, benchmarks), or the deadline. */
  async drain(timeoutMs = 60_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.buffered === 0 && this.spool.length === 0 && !this.pumping) return true;
      if (!this.pumping) {
        this.nextTry = Math.min(this.nextTry, Date.now() + 50);
        this.kick();
      }
      await (this.pumping ?? new Promise((r) => setTimeout(r, 20)));
      if (!this.up) await new Promise((r) => setTimeout(r, 20));
    }
    return this.buffered === 0 && this.spool.length === 0;
  }

  /**
   * Stop: one last attempt within `graceMs`, then whatever is left goes to the spool, so the next
   * start replays it.
   */
  async stop(graceMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.up && this.buffered > 0) await this.drain(graceMs);
    this.stopped = true;
    if (this.pumping) {
      await Promise.race([this.pumping, new Promise((r) => setTimeout(r, graceMs))]);
    }
    while (this.buffered > 0) this.spill(Math.min(this.o.batchSize, this.buffered));
  }
}
