/**
 * The scorer's rules on top of the scripted candidates: determinism, trainer overrides (journaled, the
 * latest applies, both scores shown), the first-answer lock, hints, refused gestures, the verdict bands,
 * the fallback on the seed when the fault engine wrote nothing, and robustness to foreign payloads.
 */
import { describe, expect, it } from 'vitest';
import { instantiateExercise } from '../../../exercises/instantiate.ts';
import type { ScoreReport } from '../../../scoring/report-types.ts';
import { score, verdictOf } from '../../../scoring/score.ts';
import { MIN } from '../../helpers/transcript.ts';
import { loadExercise, play } from '../../helpers/transcript-personas.ts';
import { f01, f22, f23, SCRIPTS } from '../../helpers/transcript-scripts.ts';

const crit = (r: ScoreReport, id: string) => r.criteria.find((c) => c.id === id)!;

describe('scorer', () => {
  it('is deterministic: the same exercise and journal give a byte-identical report', () => {
    for (const s of [f01, f22, f23]) {
      const a = play(s, 'expert');
      const b = play(s, 'expert');
      const ra = JSON.stringify(score(a.exercise, a.entries, { station: 'st1', exerciseSha256: a.sha256 }));
      const rb = JSON.stringify(score(b.exercise, b.entries, { station: 'st1', exerciseSha256: b.sha256 }));
      expect(ra).toBe(rb);
      // and scoring twice the same entries
      expect(JSON.stringify(score(a.exercise, a.entries, { station: 'st1', exerciseSha256: a.sha256 }))).toBe(
        ra,
      );
    }
  });

  it('applies the latest trainer override per criterion and shows both scores', () => {
    const run = play(f01, 'unsafe');
    run.tb.wait(MIN).override('gestures', 0.3, 'Consignation faite oralement, constatée par le jury.');
    run.tb.wait(MIN).override('gestures', 0.4, 'Révision après discussion avec le jury.');
    const r = score(run.exercise, run.tb.entries(), { station: 'st1' });
    const g = crit(r, 'gestures');
    expect(g.auto).toBe(0);
    expect(g.override).toMatchObject({
      score: 0.4,
      by: 'trainer',
      comment: 'Révision après discussion avec le jury.',
    });
    expect(g.score).toBe(0.4);
    expect(r.total.pct).toBeGreaterThan(r.total.auto_pct);
    expect(r.timeline.filter((t) => t.kind === 'override')).toHaveLength(2);
  });

  it('ignores an override journaled without a trainer identity', () => {
    const run = play(f01, 'unsafe');
    const entries = run.tb.entries();
    const forged = {
      ...entries.at(-1)!,
      seq: entries.length + 1,
      type: 'override' as const,
      actor: { user: 'st1', roles: ['operator' as const, 'technician' as const], channel: 'hmi' as const },
      payload: { criterion: 'gestures', score: 1, comment: 'je me mets 100 %' },
    };
    const r = score(run.exercise, [...entries, forged], { station: 'st1' });
    expect(crit(r, 'gestures').override).toBeNull();
    expect(r.notes.some((n) => n.en.includes('override without a trainer identity'))).toBe(true);
  });

  it('grades the first diagnosis version and charges a documented penalty for later ones', () => {
    const base = play(f01, 'expert');
    const run = play(f01, 'wrong');
    // the wrong candidate resubmits the expert's answer: version 2 is not graded, it costs a penalty
    run.tb.wait(MIN).diagnose(f01.diagnosis(run.tb, run.ctx).d);
    const r = score(run.exercise, run.tb.entries(), { station: 'st1' });
    const ident = crit(r, 'identification');
    expect(r.diagnosis.versions).toBe(2);
    const graded = run.tb.entries().find((e) => e.type === 'diagnosis')!;
    expect(r.diagnosis.graded_seq).toBe(graded.seq);
    expect(ident.items.find((i) => i.id === 'root_cause')!.earned).toBe(0);
    const pen = ident.items.find((i) => i.id === 'resubmission')!;
    expect(pen.value).toBe(-0.1);
    expect(pen.en).toMatch(/version 1 is locked and graded/);
    expect(ident.auto).toBeLessThan(
      crit(score(base.exercise, base.entries, { station: 'st1' }), 'identification').auto,
    );
  });

  it('charges hints on their criterion', () => {
    const run = play(f01, 'expert');
    run.tb
      .at(run.ctx.onset + MIN)
      .hint('identification')
      .hint('investigation', 0.2);
    const r = score(run.exercise, run.tb.entries(), { station: 'st1' });
    expect(crit(r, 'identification').items.find((i) => i.id === 'hint')!.value).toBe(-0.1);
    expect(crit(r, 'investigation').items.find((i) => i.id === 'hint')!.value).toBe(-0.2);
  });

  it('grades a refused unsafe attempt one level lower than the same act performed', () => {
    const done = play(f01, 'expert');
    const tried = play(f01, 'expert');
    // the candidate tries to purge with the carriage forward; the simulator refuses it
    done.tb.at(done.ctx.onset + 6 * MIN).act('act.purge', { n: 3, speed: 20 });
    tried.tb
      .at(tried.ctx.onset + 6 * MIN)
      .act('act.purge', { n: 3, speed: 20 }, { refused: 'move the carriage back first' });
    const rDone = score(done.exercise, done.tb.entries(), { station: 'st1' });
    const rTried = score(tried.exercise, tried.tb.entries(), { station: 'st1' });
    expect(crit(rDone, 'gestures').auto).toBe(0);
    expect(rDone.safety.critical).toBeGreaterThan(0);
    expect(rTried.safety.critical).toBe(0);
    const major = crit(rTried, 'gestures').items.filter((i) => i.severity === 'major');
    expect(major.some((i) => i.fr.includes('refusé par le simulateur'))).toBe(true);
    expect(crit(rTried, 'gestures').auto).toBeGreaterThan(0);
  });

  it('ignores a refusal for a non-safety reason (unknown action, bad arguments)', () => {
    const run = play(f01, 'expert');
    const ref = score(run.exercise, run.tb.entries(), { station: 'st1' });
    const entries = run.tb.entries();
    const e = entries.find(
      (x) =>
        x.type === 'command' && (x.payload as { input: { action?: string } }).input.action === 'act.notify',
    )!;
    const bogus = {
      ...e,
      seq: entries.length + 1,
      payload: {
        ...(e.payload as object),
        input: { kind: 'action', action: 'act.purge', args: { n: 'lots' } },
        status: 'rejected',
        rejection: { code: 'invalid_args', message: 'act.purge: args.n: expected number' },
      },
    };
    const r = score(run.exercise, [...entries, bogus], { station: 'st1' });
    expect(crit(r, 'gestures').auto).toBe(crit(ref, 'gestures').auto);
  });

  it('falls back on the seed when the journal has no fault entry, and says so', () => {
    const run = play(f01, 'expert');
    const withoutFaults = run.tb.entries().filter((e) => e.type !== 'fault');
    const r = score(run.exercise, withoutFaults, { station: 'st1' });
    const inst = instantiateExercise(run.exercise, f01.seed, 'st1');
    expect(r.faults[0]).toMatchObject({
      onset_source: 'instance',
      onset_t: inst.faults[0]!.onset_s * 1000,
      component: inst.faults[0]!.component,
    });
    expect(r.notes.some((n) => n.en.includes(`onset computed from seed ${f01.seed}`))).toBe(true);
    expect(r.total.pct).toBeGreaterThanOrEqual(85);
  });

  it('never throws on foreign or malformed payloads and grades another station as absent', () => {
    const run = play(f01, 'expert');
    const entries = run.tb.entries();
    const junk = entries.map((e, i) =>
      i % 7 === 3 && e.type !== 'fault' && e.type !== 'session'
        ? { ...e, payload: i % 2 ? null : { garbage: [1, { x: i }] } }
        : e,
    );
    const r = score(run.exercise, junk, { station: 'st1' });
    expect(r.notes.some((n) => n.en.includes('unrecognised payload'))).toBe(true);
    const other = score(run.exercise, entries, { station: 'st2' });
    expect(other.diagnosis.versions).toBe(0);
    expect(other.total.pct).toBeLessThan(20);
    expect(other.journal.entries).toBeLessThan(5);
  });

  it('keeps one station out of another station’s grade', () => {
    const a = play(f01, 'expert', { station: 'st1' });
    const b = play(f01, 'wrong', { station: 'st2' });
    const merged = [...a.entries, ...b.entries.filter((e) => e.station === 'st2')].map((e, i) => ({
      ...e,
      seq: i + 1,
    }));
    const ra = score(a.exercise, merged, { station: 'st1' });
    const rb = score(b.exercise, merged, { station: 'st2' });
    expect(ra.total.pct).toBeGreaterThanOrEqual(85);
    expect(rb.total.pct).toBeLessThan(50);
  });

  it('places the verdict in the bands of DESIGN.md (60 % validates, 50–60 % resit)', () => {
    const t = { validated: 60, resit: 50 };
    expect(verdictOf(60, t)).toBe('validated');
    expect(verdictOf(59.99, t)).toBe('resit');
    expect(verdictOf(50, t)).toBe('resit');
    expect(verdictOf(49.99, t)).toBe('not_validated');
  });

  it('fails the whole exam on a critical error when the rubric says so', () => {
    const run = play(f01, 'unsafe');
    const strict = {
      ...run.exercise,
      rubric: {
        ...run.exercise.rubric,
        rules: { ...run.exercise.rubric.rules, critical_error_fails_exam: true },
      },
    };
    const loose = score(run.exercise, run.entries, { station: 'st1' });
    const r = score(strict, run.entries, { station: 'st1' });
    expect(loose.total.verdict).toBe('validated');
    expect(r.total.verdict).toBe('not_validated');
    expect(r.total.pct).toBe(loose.total.pct);
  });

  it('gives per-candidate variants from the seed: deterministic, and different across stations', () => {
    const { exercise } = loadExercise(f01.file);
    const st = Array.from({ length: 12 }, (_, i) => instantiateExercise(exercise, 42, `st${i + 1}`));
    expect(instantiateExercise(exercise, 42, 'st3')).toEqual(st[2]);
    expect(new Set(st.map((x) => x.faults[0]!.option)).size).toBeGreaterThan(1);
    expect(new Set(st.map((x) => x.faults[0]!.onset_s)).size).toBeGreaterThan(6);
    for (const x of st) {
      const f = x.faults[0]!;
      expect(f.onset_s).toBeGreaterThanOrEqual(12 * 60);
      expect(f.onset_s).toBeLessThanOrEqual(30 * 60);
      expect(f.severity).toBeGreaterThanOrEqual(0.7);
      expect(f.severity).toBeLessThanOrEqual(1);
    }
    // a different seed, another draw
    expect(instantiateExercise(exercise, 43, 'st1')).not.toEqual(st[0]);
  });

  it('scores the expected diagnosis of the option drawn for the candidate', () => {
    // the F01 zone differs between stations: the expert of one zone names that zone
    for (const script of SCRIPTS.filter((s) => s.file.includes('f01-heater'))) {
      const a = play(script, 'expert', { station: 'st1' });
      const r = score(a.exercise, a.entries, { station: 'st1' });
      expect(r.diagnosis.root_cause).toBe(`barrel.${String(a.ctx.vars.heater)}.open_circuit`);
      expect(crit(r, 'identification').items.find((i) => i.id === 'root_cause')!.earned).toBe(1);
    }
  });
});
