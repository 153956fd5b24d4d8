/**
 * Formatting for the MES, SPC and GMAO screens: ratios as percentages, durations in words, times from the
 * API's ISO strings, and the labels of the API's codes (statuses, categories, factors) from the
 * dictionaries — a code the dictionaries do not know is shown as it is, in words.
 */
import { fmtNum, fmtTime, lang, t } from '../i18n.ts';
import { absTime } from '../live.ts';

/** A ratio (0–1) as a percentage in the locale: 0.7946 → "79,5 %". */
export function pct(v: number | null | undefined, decimals = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${fmtNum(100 * v, decimals)} %`;
}

export function num(v: number | null | undefined, decimals = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return fmtNum(v, decimals);
}

/** Seconds as "2 h 05 min", "12 min 20 s" or "45 s". */
export function dur(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const sign = seconds < 0 ? '−' : '';
  if (h > 0) return `${sign}${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${sign}${m} min ${String(r).padStart(2, '0')} s`;
  return `${sign}${r} s`;
}

/** An ISO time of the API in the locale (with the date when asked). */
export const when = (iso: string | null | undefined, withDate = false): string =>
  iso ? fmtTime(Date.parse(iso), withDate) : '—';
/** A simulation time in the locale. */
export const whenSim = (t: number | null | undefined, withDate = false): string =>
  t === null || t === undefined ? '—' : fmtTime(absTime(t), withDate);

/** Label of a code from a dictionary group (`mes.status.JOB_IN_PRODUCTION`), else the code in words. */
export function code(group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const k = `${group}.${value}`;
  const s = t(k);
  return s === k ? value.replaceAll('_', ' ') : s;
}

/** A label the API gives in both languages. */
export const tr = (l: { fr: string; en: string } | null | undefined, fallback = ''): string =>
  l ? (lang.value === 'en' ? l.en : l.fr) : fallback;

/** A summary the API writes with "." decimals ("59.6 %"), in the French locale "59,6 %". */
export const localeNumbers = (s: string): string =>
  lang.value === 'fr' ? s.replace(/(\d)\.(\d)/g, '$1,$2') : s;
