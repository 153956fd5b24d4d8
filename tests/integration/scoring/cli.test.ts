/**
 * `plastlab score` on real, signed SQLite journals: every format, the group grid, and the refusals — a
 * tampered journal (altered, removed entry), a substituted signing key, an invalid exercise file.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runScore } from '../../../scoring/cli.ts';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import { Journal } from '../../../simulator/session/journal.ts';
import { tempDir } from '../../helpers/lab.ts';
import { EXERCISES_DIR, play } from '../../helpers/transcript-personas.ts';
import { f01 } from '../../helpers/transcript-scripts.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'plastlab.js');
const EXERCISE = join(EXERCISES_DIR, f01.file);
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const key = generateKeyPairSync('ed25519');
let n = 0;
function journalOf(persona: 'expert' | 'unsafe' = 'expert'): string {
  const path = join(tmp.dir, `j${++n}.sqlite`);
  play(f01, persona).tb.toJournal(path, key.privateKey);
  return path;
}

/** Two stations in one journal, as in a session. */
function groupJournal(): string {
  const path = join(tmp.dir, `group${++n}.sqlite`);
  const a = play(f01, 'expert', { station: 'st1' }).entries;
  const b = play(f01, 'wrong', { station: 'st2' }).entries.filter(
    (e) =>
      e.station === 'st2' || e.type !== 'session' || (e.payload as { event?: string }).event === 'exercise',
  );
  const all = [...a, ...b].sort((x, y) => x.t - y.t || x.seq - y.seq);
  const j = new Journal(path, { signingKey: key.privateKey });
  j.append(
    all.map((e) => ({
      type: e.type,
      station: e.station,
      t: e.t,
      ...(e.actor ? { actor: e.actor } : {}),
      payload: e.payload,
    })),
  );
  j.close();
  return path;
}

const tamper = (path: string, sql: string) => {
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
};

describe('plastlab score', () => {
  it('grades a verified journal as JSON through the command line', async () => {
    const journal = journalOf();
    const out = join(tmp.dir, 'r.json');
    await run(process.execPath, [
      BIN,
      'score',
      '--exercise',
      EXERCISE,
      '--journal',
      journal,
      '--format',
      'json',
      '--out',
      out,
    ]);
    const r = JSON.parse(readFileSync(out, 'utf8')) as ScoreReport;
    expect(r.schema).toBe('plastlab.score-report/1');
    expect(r.station).toBe('st1');
    expect(r.total.pct).toBeGreaterThanOrEqual(85);
    expect(r.exercise.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to grade a tampered journal and says why', async () => {
    const journal = journalOf();
    tamper(journal, `UPDATE journal SET payload = '{"version":1}' WHERE type = 'diagnosis'`);
    const e = await run(process.execPath, [BIN, 'score', '--exercise', EXERCISE, '--journal', journal]).then(
      () => null,
      (x: { code: number; stderr: string; stdout: string }) => x,
    );
    expect(e).not.toBeNull();
    expect(e!.code).toBe(1);
    expect(e!.stderr).toMatch(/refusing to grade .*: the journal does not verify/);
    expect(e!.stderr).toMatch(/seq \d+: content altered \(hash mismatch\)/);
    expect(e!.stdout).toBe('');
  });

  it('refuses a journal with a removed entry, and one signed with another key', async () => {
    const removed = journalOf();
    tamper(removed, 'DELETE FROM journal WHERE seq = 40');
    await expect(runScore({ exercise: EXERCISE, journal: removed, format: 'json' })).rejects.toThrow(
      /seq 40…40: entries missing/,
    );
    const other = journalOf();
    const pem = join(tmp.dir, 'other.pem');
    writeFileSync(pem, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    await expect(
      runScore({ exercise: EXERCISE, journal: other, format: 'json', publicKey: pem }),
    ).rejects.toThrow(/substituted key/);
  });

  it('renders HTML, CSV and PDF', async () => {
    const journal = journalOf('unsafe');
    const html = await runScore({ exercise: EXERCISE, journal, format: 'html' });
    expect(String(html.output)).toContain('ERREUR CRITIQUE');
    const csv = await runScore({ exercise: EXERCISE, journal, format: 'csv', station: 'st1' });
    expect(String(csv.output).split('\r\n')[0]).toContain('justification_fr');
    const pdf = await runScore({ exercise: EXERCISE, journal, format: 'pdf' });
    expect((pdf.output as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives the group grid for a journal of several stations, and asks which station otherwise', async () => {
    const journal = groupJournal();
    const g = await runScore({ exercise: EXERCISE, journal, format: 'csv' });
    const lines = String(g.output).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(g.reports.map((r) => r.station)).toEqual(['st1', 'st2']);
    expect(g.reports[0]!.total.pct).toBeGreaterThanOrEqual(85);
    expect(g.reports[1]!.total.pct).toBeLessThan(50);
    await expect(runScore({ exercise: EXERCISE, journal, format: 'json' })).rejects.toThrow(
      /several stations \(st1, st2\)/,
    );
    await expect(runScore({ exercise: EXERCISE, journal, format: 'json', station: 'st9' })).rejects.toThrow(
      /station st9 is not in the journal/,
    );
  });

  it('reports an invalid exercise file with its line and field', async () => {
    const journal = journalOf();
    const bad = join(tmp.dir, 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync(EXERCISE, 'utf8').replace('duration_min: 120', 'duration_min: 120\ndurée: 2h'),
    );
    await expect(runScore({ exercise: bad, journal, format: 'json' })).rejects.toThrow(
      /bad\.yaml:\d+:\d+: durée: unknown key "durée"/,
    );
  });
});
