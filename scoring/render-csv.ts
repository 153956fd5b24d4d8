/**
 * CSV exports (RFC 4180, `;`-free: comma separated, every text field quoted): the grid of one candidate,
 * one line per scored item with its journal references, and the grid of a group, one line per candidate.
 * A leading `=`, `+`, `-` or `@` in a text cell is neutralised (spreadsheet formula injection).
 */
import { CRITERIA } from './journal-model.ts';
import type { ScoreReport } from './report-types.ts';

const cell = (v: unknown): string => {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replaceAll('"', '""')}"`;
};
const line = (xs: readonly unknown[]) => xs.map(cell).join(',');

/** One candidate: every item of every criterion. */
export function candidateCsv(r: ScoreReport): string {
  const out = [
    line([
      'station',
      'candidate',
      'exercise',
      'criterion',
      'criterion_weight_pct',
      'criterion_auto',
      'criterion_override',
      'criterion_override_by',
      'criterion_override_comment',
      'criterion_final',
      'item',
      'kind',
      'severity',
      'weight',
      'earned',
      'value',
      'refs',
      'justification_fr',
      'justification_en',
    ]),
  ];
  for (const c of r.criteria) {
    for (const i of c.items) {
      out.push(
        line([
          r.station,
          r.candidate ?? '',
          r.exercise.id,
          c.id,
          c.weight,
          c.auto,
          c.override ? c.override.score : '',
          c.override?.by ?? '',
          c.override?.comment ?? '',
          c.score,
          i.id,
          i.kind,
          i.severity ?? '',
          i.weight ?? '',
          i.earned ?? '',
          i.value,
          i.refs.join(' '),
          i.fr,
          i.en,
        ]),
      );
    }
  }
  out.push(
    line([
      r.station,
      r.candidate ?? '',
      r.exercise.id,
      'total',
      100,
      r.total.auto_pct / 100,
      '',
      r.total.pct / 100,
      r.total.verdict,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]),
  );
  return `${out.join('\r\n')}\r\n`;
}

/** A group: one line per candidate with the six criteria, the total and the verdict. */
export function groupCsv(reports: readonly ScoreReport[]): string {
  const head = [
    'station',
    'candidate',
    'exercise',
    ...CRITERIA.flatMap((c) => [`${c}_auto`, `${c}_final`]),
    'overrides',
    'total_auto_pct',
    'total_pct',
    'verdict_auto',
    'verdict',
    'critical',
    'major',
    'minor',
    'detection_s',
    'journal_last_seq',
    'journal_last_hash',
  ];
  const out = [line(head)];
  for (const r of [...reports].sort((a, b) => a.station.localeCompare(b.station, 'en', { numeric: true }))) {
    const by = new Map(r.criteria.map((c) => [c.id, c]));
    out.push(
      line([
        r.station,
        r.candidate ?? '',
        r.exercise.id,
        ...CRITERIA.flatMap((c) => [by.get(c)!.auto, by.get(c)!.score]),
        r.criteria.filter((c) => c.override).length,
        r.total.auto_pct,
        r.total.pct,
        r.total.verdict_auto,
        r.total.verdict,
        r.safety.critical,
        r.safety.major,
        r.safety.minor,
        r.detection.seconds ?? '',
        r.journal.last_seq ?? '',
        r.journal.last_hash ?? '',
      ]),
    );
  }
  return `${out.join('\r\n')}\r\n`;
}
