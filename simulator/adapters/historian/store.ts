/**
 * The embedded historian's storage: SQLite through Node's built-in `node:sqlite` (standards.md §5.3,
 * DESIGN.md "The journal": a separate file from the journal, never graded data).
 *
 * Tables (times are simulation ms of the station):
 * - `series(sid, station, signal)`: one id per stored signal;
 * - `raw(sid, t, v, q)`: samples on change with their quality, kept `rawRetentionHours`;
 * - `agg_1s`, `agg_10s`, `agg_1m` `(sid, t, min, max, mean, last, n, q)`: bucket start `t`;
 * - `shots(id, station, t, equipment, shot_id, summary)` and `curves(shot, name, data)`: per-shot
 *   records and their curves (Float64 BLOBs), kept for the whole session.
 * Writes happen in one transaction per flush; WAL mode with synchronous=NORMAL (telemetry, not graded).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Bucket } from './downsample.ts';
import { LEVELS } from './types.ts';

export interface RawRow {
  readonly t: number;
  readonly v: number;
  readonly q: number;
}

export interface AggRow {
  readonly t: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly last: number;
  readonly n: number;
  readonly q: number;
}

export interface ShotRow {
  readonly id: number;
  readonly station: string;
  readonly t: number;
  readonly equipment: string;
  readonly shotId: string | number | null;
  readonly summary: Record<string, unknown>;
  readonly curveNames: string[];
}

const AGG_TABLES = LEVELS.map((l) => `agg_${l.name}`);

export class HistorianStore {
  readonly db: DatabaseSync;
  private readonly insRaw: StatementSync;
  private readonly insAgg: StatementSync[];
  private readonly insShot: StatementSync;
  private readonly insCurve: StatementSync;
  private readonly selRaw: StatementSync;
  private readonly selPrior: StatementSync;
  private readonly selAgg: StatementSync[];
  private inTx = false;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS series (
        sid INTEGER PRIMARY KEY, station TEXT NOT NULL, signal TEXT NOT NULL, UNIQUE (station, signal));
      CREATE TABLE IF NOT EXISTS raw (
        sid INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, q INTEGER NOT NULL,
        PRIMARY KEY (sid, t)) WITHOUT ROWID;
      ${AGG_TABLES.map(
        (name) => `CREATE TABLE IF NOT EXISTS ${name} (
        sid INTEGER NOT NULL, t INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL, mean REAL NOT NULL,
        last REAL NOT NULL, n INTEGER NOT NULL, q INTEGER NOT NULL, PRIMARY KEY (sid, t)) WITHOUT ROWID;`,
      ).join('\n')}
      CREATE TABLE IF NOT EXISTS shots (
        id INTEGER PRIMARY KEY, station TEXT NOT NULL, t INTEGER NOT NULL, equipment TEXT NOT NULL,
        shot_id TEXT, summary TEXT NOT NULL, curve_names TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS shots_station_t ON shots (station, t);
      CREATE TABLE IF NOT EXISTS curves (
        shot INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (shot, name)) WITHOUT ROWID;
    `);
    this.insRaw = this.db.prepare('INSERT OR REPLACE INTO raw (sid, t, v, q) VALUES (?, ?, ?, ?)');
    this.insAgg = AGG_TABLES.map((name) =>
      this.db.prepare(
        `INSERT OR REPLACE INTO ${name} (sid, t, min, max, mean, last, n, q) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    );
    this.insShot = this.db.prepare(
      'INSERT INTO shots (station, t, equipment, shot_id, summary, curve_names) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insCurve = this.db.prepare('INSERT OR REPLACE INTO curves (shot, name, data) VALUES (?, ?, ?)');
    this.selRaw = this.db.prepare(
      'SELECT t, v, q FROM (SELECT t, v, q FROM raw WHERE sid = ? AND t >= ? AND t <= ? ORDER BY t DESC LIMIT ?) ORDER BY t',
    );
    this.selPrior = this.db.prepare(
      'SELECT t, v, q FROM raw WHERE sid = ? AND t < ? ORDER BY t DESC LIMIT 1',
    );
    this.selAgg = AGG_TABLES.map((name) =>
      this.db.prepare(
        `SELECT t, min, max, mean, last, n, q FROM (SELECT * FROM ${name} WHERE sid = ? AND t >= ? AND t <= ? ORDER BY t DESC LIMIT ?) ORDER BY t`,
      ),
    );
  }

  /** The id of a series, created on first use. */
  seriesId(station: string, signal: string): number {
    this.db.prepare('INSERT OR IGNORE INTO series (station, signal) VALUES (?, ?)').run(station, signal);
    const row = this.db
      .prepare('SELECT sid FROM series WHERE station = ? AND signal = ?')
      .get(station, signal) as { sid: number };
    return row.sid;
  }

  begin(): void {
    if (!this.inTx) {
      this.db.exec('BEGIN');
      this.inTx = true;
    }
  }

  commit(): void {
    if (this.inTx) {
      this.inTx = false;
      this.db.exec('COMMIT');
    }
  }

  rollback(): void {
    if (this.inTx) {
      this.inTx = false;
      this.db.exec('ROLLBACK');
    }
  }

  insertRaw(sid: number, t: number, v: number, q: number): void {
    this.insRaw.run(sid, t, v, q);
  }

  insertAgg(b: Bucket): void {
    this.insAgg[b.level]!.run(b.sid, b.start, b.min, b.max, b.mean, b.last, b.count, b.q);
  }

  insertShot(
    station: string,
    t: number,
    equipment: string,
    shotId: string | number | null,
    summary: Record<string, unknown>,
    curves: ReadonlyMap<string, Float64Array>,
  ): number {
    const r = this.insShot.run(
      station,
      t,
      equipment,
      shotId === null ? null : JSON.stringify(shotId),
      JSON.stringify(summary),
      JSON.stringify([...curves.keys()]),
    );
    const id = Number(r.lastInsertRowid);
    for (const [name, data] of curves) {
      this.insCurve.run(id, name, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    return id;
  }

  /** Raw samples of a series in [from, to], at most the `limit` latest, oldest first. */
  raw(sid: number, from: number, to: number, limit: number): RawRow[] {
    return this.selRaw.all(sid, from, to, limit) as unknown as RawRow[];
  }

  /** The last raw sample strictly before `t`. */
  prior(sid: number, t: number): RawRow | undefined {
    return this.selPrior.get(sid, t) as unknown as RawRow | undefined;
  }

  agg(level: number, sid: number, from: number, to: number, limit: number): AggRow[] {
    return this.selAgg[level]!.all(sid, from, to, limit) as unknown as AggRow[];
  }

  private shotRow(r: Record<string, unknown>): ShotRow {
    return {
      id: Number(r.id),
      station: String(r.station),
      t: Number(r.t),
      equipment: String(r.equipment),
      shotId: r.shot_id === null ? null : (JSON.parse(String(r.shot_id)) as string | number),
      summary: JSON.parse(String(r.summary)) as Record<string, unknown>,
      curveNames: JSON.parse(String(r.curve_names)) as string[],
    };
  }

  /** The `limit` latest shots of a station in [from, to], oldest first. */
  shots(station: string, from: number, to: number, limit: number): ShotRow[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM (SELECT * FROM shots WHERE station = ? AND t >= ? AND t <= ? ORDER BY id DESC LIMIT ?) ORDER BY id',
      )
      .all(station, from, to, limit) as Record<string, unknown>[];
    return rows.map((r) => this.shotRow(r));
  }

  shotsById(station: string, ids: readonly number[]): ShotRow[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM shots WHERE station = ? AND id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(station, ...ids) as Record<string, unknown>[];
    return rows.map((r) => this.shotRow(r));
  }

  curves(shot: number): Map<string, Float64Array> {
    const rows = this.db.prepare('SELECT name, data FROM curves WHERE shot = ?').all(shot) as {
      name: string;
      data: Uint8Array;
    }[];
    const out = new Map<string, Float64Array>();
    for (const r of rows) {
      const copy = new Uint8Array(r.data); // aligned copy
      out.set(r.name, new Float64Array(copy.buffer, 0, copy.byteLength / 8));
    }
    return out;
  }

  /** Delete raw samples older than `before` (simulation ms) of these series; returns rows deleted. */
  pruneRaw(sids: readonly number[], before: number): number {
    return this.prune('raw', sids, before);
  }

  pruneAgg(level: number, sids: readonly number[], before: number): number {
    return this.prune(AGG_TABLES[level]!, sids, before);
  }

  private prune(table: string, sids: readonly number[], before: number): number {
    const st = this.db.prepare(`DELETE FROM ${table} WHERE sid = ? AND t < ?`);
    let n = 0;
    for (const sid of sids) n += Number(st.run(sid, before).changes);
    return n;
  }

  count(table: 'raw' | 'agg_1s' | 'agg_10s' | 'agg_1m' | 'shots', sid?: number): number {
    const r =
      sid === undefined
        ? this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()
        : this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE sid = ?`).get(sid);
    return Number((r as { n: number }).n);
  }

  close(): void {
    this.rollback();
    this.db.close();
  }
}
