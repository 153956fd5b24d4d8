/**
 * Scoring benchmark (issue 8; DESIGN.md budget "scoring a 2-hour journal ≤ 50 ms"): a 2-hour session
 * journal of two stations at a realistic density — ≈ 10,000 entries: shot summaries every 20 s, HMI screen
 * changes, trend queries with their windows, alarms, gestures and writes, diagnoses, fault entries — scored
 * for one station (the scorer filters the other). Also measured: loading and checking an exercise file,
 * and rendering the HTML report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExercise } from '../exercises/loader.ts';
import { renderHtml } from '../scoring/render-html.ts';
import { score } from '../scoring/score.ts';
import type { JournalEntry } from '../simulator/session/journal.ts';
import { MIN, type Transcript } from '../tests/helpers/transcript.ts';
import { play } from '../tests/helpers/transcript-personas.ts';
import { f01 } from '../tests/helpers/transcript-scripts.ts';
import { timeIt } from './lib.ts';

const SCREENS = ['overview', 'trends', 'alarms', 'shots', 'curves', 'faceplate', 'parameters', 'twin'];
const KEYS = [
  'imm.zone2.temp_actual',
  'imm.zone2.output_pct',
  'imm.last.dose_time',
  'imm.screw_torque',
  'mould.temp_moving',
  'imm.last.cushion',
];

/** A busy candidate: a screen every 1.65 s, a trend query every 20 s, a measurement a minute, alarms. */
function busy(tb: Transcript): void {
  const end = 120 * MIN;
  for (let t = 0, k = 0; t < end; t += 1650, k++) {
    tb.at(t);
    if (k % 10 === 0) tb.trend([KEYS[k % KEYS.length]!, KEYS[(k + 1) % KEYS.length]!], t - 15 * MIN, t);
    else tb.view(SCREENS[k % SCREENS.length]!, k % SCREENS.length === 5 ? 'imm' : undefined);
    if (k % 30 === 0) tb.act('act.measure', { instrument: 'scale', n: 5 });
    if (k % 25 === 0) tb.alarm(`ZONE_DEV_${k % 5}`, k % 50 === 0 ? 'active' : 'cleared');
  }
}

function journal(): { entries: JournalEntry[]; exercise: ReturnType<typeof play>['exercise'] } {
  const a = play(f01, 'expert', { station: 'st1' });
  busy(a.tb);
  const b = play(f01, 'wrong', { station: 'st2' });
  busy(b.tb);
  const all = [...a.tb.entries(), ...b.tb.entries().filter((e) => e.station === 'st2')]
    .sort((x, y) => x.t - y.t || x.seq - y.seq)
    .map((e, i) => ({ ...e, seq: i + 1 }));
  return { entries: all, exercise: a.exercise };
}

export function run(): Record<string, unknown> {
  const { entries, exercise } = journal();
  const byType: Record<string, number> = {};
  for (const e of entries) byType[e.type] = (byType[e.type] ?? 0) + 1;
  // warm-up
  for (let i = 0; i < 5; i++) score(exercise, entries, { station: 'st1' });
  const t = timeIt(() => score(exercise, entries, { station: 'st1' }), 21);
  const sorted = [...t.runs_ms].sort((x, y) => x - y);
  const report = score(exercise, entries, { station: 'st1' });
  const file = join(import.meta.dirname, '..', 'exercises', f01.file);
  const bytes = readFileSync(file);
  const load = timeIt(() => parseExercise(bytes, file), 11);
  const html = timeIt(() => renderHtml(report), 11);
  return {
    journal: { entries: entries.length, stations: 2, simulated_minutes: 120, by_type: byType },
    score_ms: {
      median: Math.round(t.median_ms * 100) / 100,
      p95: sorted[Math.floor(sorted.length * 0.95)],
      runs: t.runs_ms,
    },
    goal_ms: 50,
    within_goal: t.median_ms <= 50,
    report: {
      total_pct: report.total.pct,
      items: report.criteria.reduce((s, c) => s + c.items.length, 0),
      timeline: report.timeline.length,
    },
    load_exercise_ms: Math.round(load.median_ms * 100) / 100,
    render_html_ms: Math.round(html.median_ms * 100) / 100,
  };
}
