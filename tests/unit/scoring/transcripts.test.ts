/**
 * Scripted candidates on every exercise (issue 8 "Tests"): an expert scores ≥ 85 %; a plausible but wrong
 * diagnosis < 50 %; a "change everything" candidate is penalised on investigation and parameters; an
 * unsafe candidate gets a critical error and 0 on the gestures criterion. Every point given or taken cites
 * journal entries that exist, with a French and an English justification.
 */
import { describe, expect, it } from 'vitest';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import { score } from '../../../scoring/score.ts';
import { type Persona, play } from '../../helpers/transcript-personas.ts';
import { SCRIPTS } from '../../helpers/transcript-scripts.ts';

const crit = (r: ScoreReport, id: string) => r.criteria.find((c) => c.id === id)!;
const items = (r: ScoreReport, id: string) => crit(r, id).items;

function grade(s: (typeof SCRIPTS)[number], p: Persona) {
  const run = play(s, p);
  return { run, report: score(run.exercise, run.entries, { station: 'st1', exerciseSha256: run.sha256 }) };
}

describe.each(SCRIPTS.map((s) => [s.file, s] as const))('%s', (_file, script) => {
  const expert = grade(script, 'expert');

  it('an expert scores at least 85 % and is validated', () => {
    expect(expert.report.total.pct).toBeGreaterThanOrEqual(85);
    expect(expert.report.total.verdict).toBe('validated');
    expect(expert.report.safety.critical).toBe(0);
  });

  it('a plausible but wrong diagnosis scores below 50 %', () => {
    const { report } = grade(script, 'wrong');
    expect(report.total.pct).toBeLessThan(50);
    expect(report.total.verdict).toBe('not_validated');
    expect(crit(report, 'identification').auto).toBeLessThan(crit(expert.report, 'identification').auto);
  });

  it('a "change everything" candidate is penalised on investigation and parameters', () => {
    const { report } = grade(script, 'shotgun');
    expect(crit(report, 'investigation').auto).toBeLessThan(crit(expert.report, 'investigation').auto - 0.3);
    expect(crit(report, 'parameters').auto).toBeLessThan(crit(expert.report, 'parameters').auto - 0.3);
    const inv = items(report, 'investigation').map((i) => i.id);
    expect(inv).toContain('shotgun');
    expect(inv.some((i) => i.startsWith('unjustified'))).toBe(true);
    expect(items(report, 'parameters').some((i) => i.kind === 'penalty')).toBe(true);
  });

  it('an unsafe candidate gets a critical error and 0 on the gestures criterion', () => {
    const { report } = grade(script, 'unsafe');
    expect(crit(report, 'gestures').auto).toBe(0);
    expect(report.safety.critical).toBeGreaterThan(0);
    const critical = items(report, 'gestures').filter((i) => i.kind === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical[0]!.refs.length).toBeGreaterThan(0);
    expect(critical[0]!.fr).toMatch(/ERREUR CRITIQUE/);
  });

  it('cites existing journal entries for every point given or taken, in French and English', () => {
    const seqs = new Set(expert.run.entries.map((e) => e.seq));
    for (const p of ['expert', 'wrong', 'shotgun', 'unsafe'] as const) {
      const { report, run } = p === 'expert' ? expert : grade(script, p);
      const known = p === 'expert' ? seqs : new Set(run.entries.map((e) => e.seq));
      for (const c of report.criteria) {
        for (const i of c.items) {
          expect(i.fr.length, `${p} ${c.id} ${i.id}`).toBeGreaterThan(5);
          expect(i.en.length, `${p} ${c.id} ${i.id}`).toBeGreaterThan(5);
          if (i.value !== 0 || i.kind === 'check' || i.kind === 'critical') {
            expect(i.refs.length, `${p} ${c.id} ${i.id} cites nothing`).toBeGreaterThan(0);
          }
          for (const ref of i.refs)
            expect(known.has(ref), `${p} ${c.id} ${i.id} cites unknown seq ${ref}`).toBe(true);
        }
      }
    }
  });

  it('measures the time to detection from the fault onset entry', () => {
    const r = expert.report;
    expect(r.faults.every((f) => f.onset_source === 'journal' && f.onset_seq !== null)).toBe(true);
    expect(r.detection.seconds).not.toBeNull();
    expect(r.detection.seconds!).toBeGreaterThanOrEqual(0);
    expect(r.timeline.some((t) => t.kind === 'detection')).toBe(true);
  });
});
