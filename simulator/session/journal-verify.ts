/**
 * Journal verification (issue 8, reliability-security S3/D4): recompute the hash chain, check sequence
 * continuity and every signed checkpoint. Any altered, removed, inserted or reordered entry is reported
 * with its sequence number.
 */
import { verify } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { checkpointMessage, entryHashRaw, GENESIS, readRows } from './journal.ts';

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly checkpoints: number;
  /** entries after the last signed checkpoint (a truncation there cannot be proven) */
  readonly unsignedTail: number;
  readonly problems: readonly string[];
}

export function verifyJournalFile(path: string, opts: { publicKeyPem?: string } = {}): VerifyReport {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return verifyJournalDb(db, opts);
  } finally {
    db.close();
  }
}

export function verifyJournalDb(db: DatabaseSync, opts: { publicKeyPem?: string } = {}): VerifyReport {
  const problems: string[] = [];
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as
    | { value: string }
    | undefined;
  const publicKey = opts.publicKeyPem ?? stored?.value;
  if (!stored) problems.push('the journal has no public key');
  else if (opts.publicKeyPem && opts.publicKeyPem.trim() !== stored.value.trim()) {
    problems.push('the journal public key differs from the expected key (substituted key)');
  }
  const entries = readRows(db).map((r) => ({
    ...r,
    seq: Number(r.seq),
    wall: Number(r.wall),
    t: Number(r.t),
  }));
  const hashBySeq = new Map<number, string>();
  let prev = GENESIS;
  let expected = 1;
  for (const e of entries) {
    if (e.seq !== expected) {
      problems.push(
        e.seq > expected
          ? `seq ${expected}…${e.seq - 1}: entries missing (removed)`
          : `seq ${e.seq}: out of order after ${expected - 1}`,
      );
    }
    if (e.prev !== prev)
      problems.push(`seq ${e.seq}: link to the previous entry broken (removed or reordered entry)`);
    const h = entryHashRaw(e.prev, { ...e, actorText: e.actor, payloadText: e.payload });
    if (h !== e.hash) problems.push(`seq ${e.seq}: content altered (hash mismatch)`);
    hashBySeq.set(e.seq, e.hash);
    prev = e.hash;
    expected = e.seq + 1;
  }
  const cps = db.prepare('SELECT seq, hash, signature FROM checkpoint ORDER BY seq').all() as unknown as {
    seq: number | bigint;
    hash: string;
    signature: string;
  }[];
  let lastSigned = 0;
  for (const cp of cps) {
    const seq = Number(cp.seq);
    const sigOk =
      publicKey !== undefined &&
      verify(null, checkpointMessage(seq, cp.hash), publicKey, Buffer.from(cp.signature, 'base64'));
    if (!sigOk) problems.push(`checkpoint at seq ${seq}: bad signature`);
    const actual = hashBySeq.get(seq);
    if (actual === undefined) problems.push(`checkpoint at seq ${seq}: entry missing (truncated or removed)`);
    else if (actual !== cp.hash)
      problems.push(`checkpoint at seq ${seq}: chain rewritten since it was signed`);
    if (sigOk) lastSigned = Math.max(lastSigned, seq);
  }
  const head = entries.at(-1);
  return {
    ok: problems.length === 0,
    entries: entries.length,
    headSeq: head?.seq ?? 0,
    headHash: head?.hash ?? GENESIS,
    checkpoints: cps.length,
    unsignedTail: Math.max(0, (head?.seq ?? 0) - lastSigned),
    problems,
  };
}
