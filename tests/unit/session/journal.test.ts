import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, Journal } from '../../../simulator/session/journal.ts';
import { verifyJournalFile } from '../../../simulator/session/journal-verify.ts';
import { tempDir } from '../../helpers/lab.ts';

const key = () => generateKeyPairSync('ed25519').privateKey;
const dirs: (() => void)[] = [];
afterEach(() => {
  for (const c of dirs.splice(0)) c();
});

function makeJournal(n = 30, checkpointEvery = 10) {
  const tmp = tempDir();
  dirs.push(tmp.cleanup);
  const path = join(tmp.dir, 'j.sqlite');
  const signingKey = key();
  const j = new Journal(path, { signingKey, checkpointEvery });
  for (let i = 0; i < n; i++) {
    j.append([
      {
        type: 'view',
        station: 'st1',
        t: i * 100,
        actor: { user: 'st1', roles: ['operator'], channel: 'hmi' },
        payload: { view: `trend-${i}` },
      },
    ]);
  }
  return { j, path, signingKey };
}

const tamper = (path: string, sql: string) => {
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
};

describe('journal', () => {
  it('verifies an untouched journal and reports its head', () => {
    const { j, path } = makeJournal();
    const head = j.headHash;
    j.close();
    const r = verifyJournalFile(path);
    expect(r).toMatchObject({ ok: true, entries: 30, headSeq: 30, headHash: head, unsignedTail: 0 });
    expect(r.checkpoints).toBeGreaterThanOrEqual(3);
  });

  it('chains each entry to the previous one with canonical JSON', () => {
    const { j } = makeJournal(2);
    const [a, b] = j.read();
    expect(b!.prev).toBe(a!.hash);
    expect(entryHash(a!.prev, a!)).toBe(a!.hash);
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    j.close();
  });

  it('detects an altered entry', () => {
    const { j, path } = makeJournal();
    j.close();
    tamper(path, `UPDATE journal SET payload = '{"view":"something else"}' WHERE seq = 12`);
    const r = verifyJournalFile(path);
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('seq 12: content altered (hash mismatch)');
  });

  it('detects a removed entry', () => {
    const { j, path } = makeJournal();
    j.close();
    tamper(path, 'DELETE FROM journal WHERE seq = 7');
    const r = verifyJournalFile(path);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/seq 7…7: entries missing/);
  });

  it('detects reordered entries', () => {
    const { j, path } = makeJournal();
    j.close();
    tamper(
      path,
      'UPDATE journal SET seq = -1 WHERE seq = 5; UPDATE journal SET seq = 5 WHERE seq = 6; UPDATE journal SET seq = 6 WHERE seq = -1;',
    );
    const r = verifyJournalFile(path);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/seq [56]: link to the previous entry broken/);
  });

  it('detects a chain rewritten consistently after a signed checkpoint', () => {
    const { j, path } = makeJournal(30, 10);
    j.close();
    // rewrite entry 3 and re-hash everything after it, as a forger without the signing key would
    const db = new DatabaseSync(path);
    const rows = db.prepare('SELECT * FROM journal ORDER BY seq').all() as Record<string, any>[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const payload = r.seq === 3 ? { view: 'forged' } : JSON.parse(r.payload);
      const e = {
        seq: Number(r.seq),
        wall: Number(r.wall),
        type: r.type,
        station: r.station,
        t: Number(r.t),
        actor: r.actor ? JSON.parse(r.actor) : undefined,
        payload,
      };
      const h = entryHash(prev, e);
      db.prepare('UPDATE journal SET payload = ?, prev = ?, hash = ? WHERE seq = ?').run(
        canonicalJson(payload),
        prev,
        h,
        r.seq,
      );
      prev = h;
    }
    db.close();
    const r = verifyJournalFile(path);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/checkpoint at seq 10: chain rewritten since it was signed/);
  });

  it('detects a substituted signing key', () => {
    const { j, path } = makeJournal();
    j.close();
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = verifyJournalFile(path, { publicKeyPem: other });
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/substituted key/);
  });

  it('flags 100 % of random single-byte mutations of the payloads', () => {
    const { j, path } = makeJournal(20, 5);
    j.close();
    let caught = 0;
    for (let k = 0; k < 40; k++) {
      const seq = 1 + (k % 20);
      const db = new DatabaseSync(path);
      const row = db.prepare('SELECT payload FROM journal WHERE seq = ?').get(seq) as { payload: string };
      const pos = (k * 7) % row.payload.length;
      const ch = row.payload.charCodeAt(pos);
      const mutated =
        row.payload.slice(0, pos) + String.fromCharCode(ch === 120 ? 121 : 120) + row.payload.slice(pos + 1);
      db.prepare('UPDATE journal SET payload = ? WHERE seq = ?').run(mutated, seq);
      db.close();
      if (!verifyJournalFile(path).ok) caught++;
      const db2 = new DatabaseSync(path);
      db2.prepare('UPDATE journal SET payload = ? WHERE seq = ?').run(row.payload, seq);
      db2.close();
    }
    expect(caught).toBe(40);
    expect(verifyJournalFile(path).ok).toBe(true);
  });

  it('refuses to append with another key than the one the journal was started with', () => {
    const { j, path } = makeJournal(1);
    j.close();
    expect(() => new Journal(path, { signingKey: key() })).toThrow(/signed with another key/);
  });

  it('reopens and continues the chain', () => {
    const { j, path, signingKey } = makeJournal(5);
    j.close();
    const j2 = new Journal(path, { signingKey });
    j2.append([{ type: 'view', station: 'st1', t: 0, payload: { view: 'again' } }]);
    j2.close();
    expect(verifyJournalFile(path)).toMatchObject({ ok: true, entries: 6 });
  });
});
