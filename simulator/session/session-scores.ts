/**
 * Grading the stations of a session from the live journal with the scorer (scoring/score.ts, a pure
 * function of exercise and journal), against **the exercise file that was started** — the one whose SHA-256
 * the announcement records — with the session's seed.
 *
 * The journal is append-only: it is read once and then only its new entries (`fromSeq`), so a grade costs
 * the scorer's time, not a re-read of the database. The trainer's score routes grade fresh; the group
 * overview, polled every 2 s, re-grades within a small time budget per poll the stations whose grade is
 * older than `minIntervalMs` (stalest first), so watching a class of 30 never stalls the simulation's tick.
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

const keyOf = (a: Assignment) => `${a.announcementSeq}/${a.station}`;

export class ScoreCache {
  private readonly runner: ExerciseRunner;
  private readonly minIntervalMs: number;
  private readonly budgetMs: number;
  private readonly cache = new Map<string, { key: string; report: ScoreReport; at: number; head: number }>();
  private readonly entries: JournalEntry[] = [];
  private readHead = 0;

  constructor(runner: ExerciseRunner, opts: { minIntervalMs?: number; budgetMs?: number } = {}) {
    this.runner = runner;
    this.minIntervalMs = opts.minIntervalMs ?? 10_000;
    this.budgetMs = opts.budgetMs ?? 25;
  }

  /** The journal so far (read incrementally). */
  journal(): readonly JournalEntry[] {
    const j = this.runner.lab.journal;
    if (j.headSeq > this.readHead) {
      for (const e of j.read({ fromSeq: this.readHead + 1 })) this.entries.push(e);
      this.readHead = this.entries.length ? this.entries[this.entries.length - 1]!.seq : this.readHead;
    }
    return this.entries;
  }

  private put(a: Assignment, report: ScoreReport): void {
    this.cache.set(a.station, { key: keyOf(a), report, at: Date.now(), head: this.readHead });
  }

  /** The station's report against its latest exercise: fresh from the journal, with its citations. */
  fresh(station: string): Graded | undefined {
    const a = this.runner.latest(station);
    if (!a) return undefined;
    const g = gradeOne(this.runner, a, this.journal());
    this.put(a, g.report);
    return g;
  }

  /** Fresh reports of several stations (the group grid). */
  many(stations: readonly string[]): ScoreReport[] {
    const journal = this.journal();
    const out: ScoreReport[] = [];
    for (const id of stations) {
      const a = this.runner.latest(id);
      if (!a) continue;
      const { report } = gradeOne(this.runner, a, journal, false);
      this.put(a, report);
      out.push(report);
    }
    return out;
  }

  /**
   * Reports of every station with an exercise, for the overview: the stations never graded for their
   * current exercise, then those graded longer than `minIntervalMs` ago on a journal that grew, stalest
   * first, are re-graded until the poll's time budget is spent (at least one per poll).
   */
  cached(now = Date.now()): ReadonlyMap<string, ScoreReport> {
    const lab = this.runner.lab;
    const head = lab.journal.headSeq;
    const due = [...lab.stations.keys()]
      .map((id) => ({ id, a: this.runner.latest(id), c: this.cache.get(id) }))
      .filter(
        (x): x is { id: string; a: Assignment; c: typeof x.c } =>
          !!x.a &&
          (!x.c || x.c.key !== keyOf(x.a) || (x.c.head < head && now - x.c.at >= this.minIntervalMs)),
      )
      .sort((x, y) => (x.c?.key === keyOf(x.a) ? x.c.at : -1) - (y.c?.key === keyOf(y.a) ? y.c.at : -1));
    if (due.length) {
      const journal = this.journal();
      const t0 = performance.now();
      for (const x of due) {
        this.put(x.a, gradeOne(this.runner, x.a, journal, false).report);
        if (performance.now() - t0 >= this.budgetMs) break;
      }
    }
    const out = new Map<string, ScoreReport>();
    for (const id of lab.stations.keys()) {
      const a = this.runner.latest(id);
      const c = this.cache.get(id);
      if (a && c && c.key === keyOf(a)) out.set(id, c.report);
    }
    return out;
  }
}
