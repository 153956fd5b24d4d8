/**
 * The journal (DESIGN.md "The journal"): append-only, one entry per command, gesture, view, submission,
 * fault action and cycle summary; each entry hash-chained to the previous one and written durably
 * (SQLite WAL with synchronous=FULL, i.e. fsync at commit) before the action is acknowledged; periodic
 * checkpoints signed with the session's Ed25519 key. `verifyJournal` detects any altered, removed or
 * reordered entry. Graded data lives here, never in InfluxDB.
 */
import { createHash, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { Actor, CommandRecord, CommandSink } from '../kernel/command-types.ts';

export type JournalType =
  | 'session'
  | 'command'
  | 'view'
  | 'diagnosis'
  | 'fault'
  | 'cycle'
  | 'alarm'
  | 'event'
  | 'override'
  | 'clock';

export interface JournalEntryInput {
  readonly type: JournalType;
  /** station id, or '' for session-wide entries */
  readonly station: string;
  /** simulation ms of the station (0 for session-wide entries) */
  readonly t: number;
  readonly actor?: Pick<Actor, 'user' | 'roles' | 'channel' | 'client'> | undefined;
  readonly payload: unknown;
}

export interface JournalEntry extends JournalEntryInput {
  readonly seq: number;
  /** wall-clock ms at append (informative; grading uses simulation time) */
  readonly wall: number;
  readonly prev: string;
  readonly hash: string;
}

export const GENESIS = '0'.repeat(64);

/** Deterministic JSON: object keys sorted, so a hash does not depend on property order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Hash of an entry from its stored (canonical) texts: a corrupt text is a mismatch, never a crash. */
export function entryHashRaw(
  prev: string,
  e: {
    seq: number;
    wall: number;
    type: string;
    station: string;
    t: number;
    actorText: string | null;
    payloadText: string;
  },
): string {
  const body = `{"actor":${e.actorText ?? 'null'},"payload":${e.payloadText},"seq":${e.seq},"station":${JSON.stringify(e.station)},"t":${e.t},"type":${JSON.stringify(e.type)},"wall":${e.wall}}`;
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
}

export function entryHash(prev: string, e: Omit<JournalEntry, 'hash' | 'prev'>): string {
  return entryHashRaw(prev, {
    seq: e.seq,
    wall: e.wall,
    type: e.type,
    station: e.station,
    t: e.t,
    actorText: e.actor ? canonicalJson(e.actor) : null,
    payloadText: canonicalJson(e.payload ?? null),
  });
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY,
  wall INTEGER NOT NULL,
  type TEXT NOT NULL,
  station TEXT NOT NULL,
  t INTEGER NOT NULL,
  actor TEXT,
  payload TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_station ON journal(station, seq);
CREATE TABLE IF NOT EXISTS checkpoint (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  wall INTEGER NOT NULL,
  signature TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface JournalOptions {
  /**
   * Ed25519 private key that signs checkpoints. It lives outside the journal file (trainer side), so an
   * exported journal cannot be re-signed by whoever holds the file.
   */
  readonly signingKey: KeyObject;
  /** sign a checkpoint every this many entries (default 500) */
  readonly checkpointEvery?: number;
  /** wall clock, injectable for tests */
  readonly wallClock?: () => number;
}

export class Journal implements CommandSink {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly insert: ReturnType<DatabaseSync['prepare']>;
  private readonly insertCheckpoint: ReturnType<DatabaseSync['prepare']>;
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  private head: { seq: number; hash: string };
  private sinceCheckpoint = 0;
  private readonly checkpointEvery: number;
  private readonly wall: () => number;
  /** entries appended, for /api/health */
  appended = 0;

  constructor(path: string, opts: JournalOptions) {
    this.path = path;
    this.checkpointEvery = opts.checkpointEvery ?? 500;
    this.wall = opts.wallClock ?? Date.now;
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      'INSERT INTO journal (seq, wall, type, station, t, actor, payload, prev, hash) VALUES (?,?,?,?,?,?,?,?,?)',
    );
    this.insertCheckpoint = this.db.prepare(
      'INSERT INTO checkpoint (seq, hash, wall, signature) VALUES (?,?,?,?)',
    );
    this.privateKey = opts.signingKey;
    this.publicKeyPem = createPublicKey(opts.signingKey).export({ type: 'spki', format: 'pem' }).toString();
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as
      | { value: string }
      | undefined;
    if (!stored)
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('public_key', ?)").run(this.publicKeyPem);
    else if (stored.value !== this.publicKeyPem) {
      throw new Error(`${path}: this journal was signed with another key; refusing to append`);
    }
    const last = this.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    this.head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  get headSeq(): number {
    return this.head.seq;
  }

  get headHash(): string {
    return this.head.hash;
  }

  /** Append entries in one durable transaction; returns them with their sequence numbers and hashes. */
  append(entries: readonly JournalEntryInput[]): JournalEntry[] {
    if (entries.length === 0) return [];
    const out: JournalEntry[] = [];
    let { seq, hash } = this.head;
    const wall = this.wall();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const e of entries) {
        seq++;
        const base = {
          seq,
          wall,
          type: e.type,
          station: e.station,
          t: e.t,
          actor: e.actor,
          payload: e.payload,
        };
        const actorText = e.actor ? canonicalJson(e.actor) : null;
        const payloadText = canonicalJson(e.payload ?? null);
        const h = entryHashRaw(hash, {
          seq,
          wall,
          type: e.type,
          station: e.station,
          t: e.t,
          actorText,
          payloadText,
        });
        this.insert.run(seq, wall, e.type, e.station, e.t, actorText, payloadText, hash, h);
        out.push({ ...base, prev: hash, hash: h });
        hash = h;
      }
      this.sinceCheckpoint += entries.length;
      if (this.sinceCheckpoint >= this.checkpointEvery) {
        this.insertCheckpoint.run(seq, hash, wall, signCheckpoint(this.privateKey, seq, hash));
        this.sinceCheckpoint = 0;
      }
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
    this.head = { seq, hash };
    this.appended += entries.length;
    return out;
  }

  /** Sign a checkpoint on the current head now (session end, before export). */
  checkpoint(): void {
    if (this.head.seq === 0) return;
    this.db
      .prepare('INSERT OR REPLACE INTO checkpoint (seq, hash, wall, signature) VALUES (?,?,?,?)')
      .run(
        this.head.seq,
        this.head.hash,
        this.wall(),
        signCheckpoint(this.privateKey, this.head.seq, this.head.hash),
      );
    this.sinceCheckpoint = 0;
  }

  /** CommandSink: command records of a tick boundary, durable before the acknowledgement. */
  record(records: readonly CommandRecord[]): void {
    this.append(
      records.map((r) => ({
        type: 'command' as const,
        station: r.station,
        t: r.t,
        actor: r.actor,
        payload: {
          seq: r.seq,
          tick: r.tick,
          input: r.input,
          status: r.status,
          ...(r.corr !== undefined ? { corr: r.corr } : {}),
          ...(r.rejection ? { rejection: r.rejection } : {}),
          ...(r.previous !== undefined ? { previous: r.previous } : {}),
          ...(r.applied !== undefined ? { applied: r.applied } : {}),
          ...(r.result !== undefined ? { result: r.result } : {}),
        },
      })),
    );
  }

  /** Read entries (optionally of one station), in sequence order. */
  read(opts: { station?: string; fromSeq?: number; types?: readonly JournalType[] } = {}): JournalEntry[] {
    return readEntries(this.db, opts);
  }

  close(): void {
    this.checkpoint();
    this.db.close();
  }
}

export const checkpointMessage = (seq: number, hash: string): Buffer =>
  Buffer.from(`plastlab-journal-checkpoint/${seq}/${hash}`);

function signCheckpoint(key: KeyObject, seq: number, hash: string): string {
  return sign(null, checkpointMessage(seq, hash), key).toString('base64');
}

export interface Row {
  seq: number | bigint;
  wall: number | bigint;
  type: string;
  station: string;
  t: number | bigint;
  actor: string | null;
  payload: string;
  prev: string;
  hash: string;
}

export function rowToEntry(r: Row): JournalEntry {
  return {
    seq: Number(r.seq),
    wall: Number(r.wall),
    type: r.type as JournalType,
    station: r.station,
    t: Number(r.t),
    actor: r.actor ? (JSON.parse(r.actor) as JournalEntry['actor']) : undefined,
    payload: JSON.parse(r.payload) as unknown,
    prev: r.prev,
    hash: r.hash,
  };
}

export function readRows(db: DatabaseSync): Row[] {
  return db.prepare('SELECT * FROM journal ORDER BY seq').all() as unknown as Row[];
}

export function readEntries(
  db: DatabaseSync,
  opts: { station?: string; fromSeq?: number; types?: readonly JournalType[] } = {},
): JournalEntry[] {
  const where: string[] = ['seq >= ?'];
  const params: (string | number)[] = [opts.fromSeq ?? 0];
  if (opts.station !== undefined) {
    where.push('station = ?');
    params.push(opts.station);
  }
  if (opts.types?.length) {
    where.push(`type IN (${opts.types.map(() => '?').join(',')})`);
    params.push(...opts.types);
  }
  const rows = db
    .prepare(`SELECT * FROM journal WHERE ${where.join(' AND ')} ORDER BY seq`)
    .all(...params) as unknown as Row[];
  return rows.map(rowToEntry);
}
