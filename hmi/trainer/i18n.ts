/**
 * The console's texts: the trainer dictionaries (`hmi/i18n/trainer.{fr,en}.ts`) added to the HMI's i18next
 * as their own namespace, so the language switch, number and date formats are the candidate HMI's
 * (`hmi/src/i18n.ts`). French by default.
 */
import i18next from 'i18next';
import { trainerEn } from '../i18n/trainer.en.ts';
import { trainerFr } from '../i18n/trainer.fr.ts';
import { lang } from '../src/i18n.ts';

i18next.addResourceBundle('fr', 'trainer', trainerFr, true, true);
i18next.addResourceBundle('en', 'trainer', trainerEn, true, true);

/** Translate a key of the trainer dictionaries (subscribes the calling component to the language). */
export function tt(key: string, vars?: Record<string, unknown>): string {
  void lang.value;
  return i18next.t(key, { ns: 'trainer', ...(vars ?? {}) }) as string;
}

/** `mm:ss` (or `h:mm:ss`) of a duration in seconds. */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  const a = Math.max(0, Math.round(s));
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const ss = String(a % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}
