/**
 * Grading the stations of a session from the live journal with the scorer (scoring/score.ts, a pure
 * function of exercise and journal), against **the exercise file that was started** — the one whose SHA-256
 * the announcement records — with the session's seed. The trainer's score routes grade fresh; the group
 * overview reads a cached grade (detection time, total) refreshed at most every `minIntervalMs` of wall time
 * and only when the journal grew, so watching a class does not re-read the journal on every poll.
 */

import type { ScoreReport } from '../../scoring/report-types.ts';
import { score } from '../../scoring/score.ts';
import type { Assignment, ExerciseRunner } from './exercise-runner.ts';
import type { JournalEntry } from './journal.ts';
import { type EntrySummary, summarise } from './journal-summary.ts';

export interface Graded {
  readonly report: ScoreReport;
  /** every journal entry the report cites, summarised (seq, time, who, what) */
  readonly cited: readonly EntrySummary[];
}

export function gradeOne(
  runner: ExerciseRunner,
  a: Assignment,
  journal: readonly JournalEntry[],
  withCited = true,
): Graded {
  const lab = runner.lab;
  const report = score(a.exercise, journal, {
    station: a.station,
    seed: a.seed,
    epochMs: lab.startedAt,
    exerciseSha256: a.sha256,
  });
  if (!withCited) return { report, cited: [] };
  const refs = new Set<number>();
  for (const c of report.criteria) for (const i of c.items) for (const s of i.refs) refs.add(s);
  for (const ev of report.timeline) if (ev.seq !== null) refs.add(ev.seq);
  for (const f of report.faults) if (f.onset_seq !== null) refs.add(f.onset_seq);
  const cited = journal
    .filter((e) => refs.has(e.seq) && (e.station === a.station || e.station === ''))
    .map((e) => summarise(e, report.start_t));
  return { report, cited };
}

export class ScoreCache {
  private readonly runner: ExerciseRunner;
  private readonly minIntervalMs: number;
  private cache = new Map<string, { key: string; report: ScoreReport }>();
  private lastRun = 0;
  private lastHead = -1;

  constructor(runner: ExerciseRunner, opts: { minIntervalMs?: number } = {}) {
    this.runner = runner;
    this.minIntervalMs = opts.minIntervalMs ?? 10_000;
  }

  /** The station's report against its latest exercise: fresh from the journal, with its citations. */
  fresh(station: string): Graded | undefined {
    const a = this.runner.latest(station);
    if (!a) return undefined;
    const g = gradeOne(this.runner, a, this.runner.lab.journal.read());
    this.cache.set(station, { key: keyOf(a), report: g.report });
    return g;
  }

  /** Reports of several stations from one read of the journal (the group grid). */
  many(stations: readonly string[]): ScoreReport[] {
    const journal = this.runner.lab.journal.read();
    const out: ScoreReport[] = [];
    for (const id of stations) {
      const a = this.runner.latest(id);
      if (!a) continue;
      const { report } = gradeOne(this.runner, a, journal, false);
      this.cache.set(id, { key: keyOf(a), report });
      out.push(report);
    }
    return out;
  }

  /** Cached reports of every station with an exercise, refreshed when stale. */
  cached(now = Date.now()): ReadonlyMap<string, ScoreReport> {
    const lab = this.runner.lab;
    const head = lab.journal.headSeq;
    const withExercise = [...lab.stations.keys()].filter((id) => this.runner.latest(id));
    const missing = withExercise.some((id) => this.cache.get(id)?.key !== keyOf(this.runner.latest(id)!));
    if (missing || (head !== this.lastHead && now - this.lastRun >= this.minIntervalMs)) {
      this.lastRun = now;
      this.lastHead = head;
      this.many(withExercise);
    }
    const out = new Map<string, ScoreReport>();
    for (const id of withExercise) {
      const c = this.cache.get(id);
      if (c) out.set(id, c.report);
    }
    return out;
  }
}

const keyOf = (a: Assignment) => `${a.announcementSeq}/${a.station}`;
