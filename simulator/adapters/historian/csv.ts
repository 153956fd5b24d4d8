/**
 * CSV export (RFC 4180: `,` separator, `"` quoting, CRLF line ends; `.` decimals; empty cell = no
 * sample). A leading `'` guards cells that a spreadsheet would run as a formula.
 */
import { qualityName } from '../../kernel/signal-schema.ts';
import type { SeriesResult, ShotCurves, ShotSummary } from './types.ts';

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const line = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');
const iso = (ms: number): string => new Date(ms).toISOString();

/** One row per time; raw: `<signal>` and `<signal>.quality`; aggregates: mean/min/max/last/count/quality. */
export function seriesCsv(r: SeriesResult): string {
  const raw = r.aggregation === 'raw';
  const head = ['time', 'time_ms'];
  for (const s of r.signals) {
    if (raw) head.push(s, `${s}.quality`);
    else head.push(`${s}.mean`, `${s}.min`, `${s}.max`, `${s}.last`, `${s}.count`, `${s}.quality`);
  }
  const rows = [line(head)];
  for (let i = 0; i < r.t.length; i++) {
    const cells: unknown[] = [iso(r.t[i]!), r.t[i]];
    for (let s = 0; s < r.signals.length; s++) {
      const q = r.quality[s]![i];
      const qn = q === null || q === undefined ? null : qualityName(q);
      if (raw) cells.push(r.values[s]![i], qn);
      else cells.push(r.values[s]![i], r.min![s]![i], r.max![s]![i], r.last![s]![i], r.count![s]![i], qn);
    }
    rows.push(line(cells));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Flatten a summary into dotted columns (arrays as JSON). */
function flatten(obj: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, path, out);
    else out[path] = v;
  }
  return out;
}

/** One row per shot: id, shot_id, time, equipment, then every summary field (union, sorted). */
export function shotsCsv(shots: readonly ShotSummary[]): string {
  const flat = shots.map((s) => flatten(s.record));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const rows = [line(['id', 'shot_id', 'time', 'time_ms', 'equipment', ...keys])];
  shots.forEach((s, i) => {
    rows.push(line([s.id, s.shotId, iso(s.t), s.t, s.equipment, ...keys.map((k) => flat[i]![k])]));
  });
  return `${rows.join('\r\n')}\r\n`;
}

/** Long format, one row per sample: id, shot_id, curve, index, value. */
export function curvesCsv(shots: readonly ShotCurves[]): string {
  const rows = [line(['id', 'shot_id', 'curve', 'index', 'value'])];
  for (const s of shots) {
    for (const [name, data] of Object.entries(s.curves)) {
      for (let i = 0; i < data.length; i++) rows.push(line([s.id, s.shotId, name, i, data[i]]));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
