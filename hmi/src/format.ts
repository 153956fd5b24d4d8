/**
 * Display of a signal's value from its model (type, unit, range, σ): numbers in the active locale with a
 * resolution that fits the measurement, enums by name, booleans in words. Quality is never shown by colour
 * alone: a text goes with it (WCAG 1.4.1).
 */
import type { WireSignalMeta, WireValue } from '../../simulator/server/realtime/wire.ts';
import { fmtNum, t } from './i18n.ts';

/** Decimals that show the signal's noise (σ) or its unit's usual resolution. */
export function decimalsOf(m: WireSignalMeta): number {
  if (m.type === 'int') return 0;
  if (m.sigma !== undefined && m.sigma > 0) return Math.max(0, Math.min(3, Math.ceil(-Math.log10(m.sigma))));
  switch (m.unit) {
    case 'mm':
    case 's':
    case 'L/min':
    case 'kW':
    case 'kWh':
    case 'g':
      return 2;
    case '°C':
    case 'K':
    case 'MPa':
    case 'bar':
    case '%':
    case 'kN':
    case 'kPa':
      return 1;
  }
  const span = m.range ? m.range.max - m.range.min : 100;
  return span <= 10 ? 2 : span <= 1000 ? 1 : 0;
}

export function formatValue(m: WireSignalMeta, v: WireValue | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (m.type) {
    case 'bool':
      return v === true || v === 1 ? t('value.yes') : t('value.no');
    case 'enum': {
      const i = typeof v === 'number' ? v : Number(v);
      const name = m.enumValues?.[i];
      return name ? enumLabel(name) : String(v);
    }
    case 'string':
      return String(v);
    default:
      return typeof v === 'number' ? fmtNum(v, decimalsOf(m)) : String(v);
  }
}

/** An enum value or argument value in words, when the dictionaries know it. */
export function enumLabel(name: string): string {
  const k = `enum.${name.toLowerCase()}`;
  const s = t(k);
  return s === k ? name.replaceAll('_', ' ') : s;
}

export function qualityText(q: number): string {
  return q === 0 ? t('quality.good') : q === 1 ? t('quality.uncertain') : t('quality.bad');
}

export const isNumeric = (m: WireSignalMeta): boolean => m.type === 'float' || m.type === 'int';

/** Signals a trend can plot: numbers, and states as steps (a boolean as 0/1, an enum as its index). */
export const isPlottable = (m: WireSignalMeta): boolean =>
  isNumeric(m) || m.type === 'bool' || m.type === 'enum';
