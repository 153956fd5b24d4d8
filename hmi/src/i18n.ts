/**
 * Languages: French by default, English switchable everywhere (issue 6). Every string lives in
 * `hmi/i18n/fr.ts` and `hmi/i18n/en.ts`; numbers and dates are formatted in the active locale.
 * Reading `lang` inside a component subscribes it, so a switch re-renders every visible text.
 */
import { signal } from '@preact/signals';
import i18next from 'i18next';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';

export type Lang = 'fr' | 'en';

const stored = sessionStorage.getItem('plastlab.lang');
export const lang = signal<Lang>(stored === 'en' ? 'en' : 'fr');

void i18next.init({
  lng: lang.value,
  fallbackLng: 'fr',
  resources: { fr: { translation: fr }, en: { translation: en } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function setLang(l: Lang): void {
  sessionStorage.setItem('plastlab.lang', l);
  void i18next.changeLanguage(l);
  document.documentElement.lang = l;
  lang.value = l;
}
document.documentElement.lang = lang.value;

/** Translate a key of the dictionaries (subscribes the calling component to the language). */
export function t(key: string, vars?: Record<string, unknown>): string {
  void lang.value;
  return i18next.t(key, vars ?? {}) as string;
}

/** A label given in both languages by the server (signal labels, action labels, alarm texts). */
export function loc(l: { fr: string; en: string } | undefined, fallback = ''): string {
  if (!l) return fallback;
  return lang.value === 'en' ? l.en : l.fr;
}

export const locale = (): string => (lang.value === 'en' ? 'en-GB' : 'fr-FR');

const nf = new Map<string, Intl.NumberFormat>();
export function fmtNum(v: number, decimals: number): string {
  const key = `${locale()}/${decimals}`;
  let f = nf.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    nf.set(key, f);
  }
  return f.format(v);
}

export function fmtTime(epochMs: number, withDate = false): string {
  return new Intl.DateTimeFormat(locale(), {
    ...(withDate ? { day: '2-digit', month: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(epochMs));
}

/** Parse a number typed in either locale: "45,5" and "45.5" are both 45.5. */
export function parseNum(s: string): number {
  const x = s.trim().replace(/\s/g, '').replace(',', '.');
  return x === '' ? Number.NaN : Number(x);
}
