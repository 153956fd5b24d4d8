/**
 * One line per journal entry, in French and English, for the trainer's grid: each point the scorer gives
 * or takes cites journal sequence numbers (DESIGN.md principle 7), and the trainer console shows each
 * citation as "seq, time from the exercise start, who, what" so it can be checked — and defended in front
 * of a jury — without opening the database. Trainer and jury only (it names faults).
 */
import { GESTURES, isGesture } from '../../scoring/journal-model.ts';
import type { JournalEntry } from './journal.ts';

export interface EntrySummary {
  readonly seq: number;
  readonly type: string;
  readonly station: string;
  /** station simulation ms */
  readonly t: number;
  /** `mm:ss` (or `h:mm:ss`) from the exercise start; negative before it */
  readonly clock: string;
  readonly who: string;
  readonly fr: string;
  readonly en: string;
}

/** `mm:ss` from the start (`-mm:ss` before it, `h:mm:ss` past an hour). */
export function clockOf(t: number, startT: number): string {
  const d = Math.round((t - startT) / 1000);
  const sign = d < 0 ? '-' : '';
  const a = Math.abs(d);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h ? `${sign}${h}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}

const short = (v: unknown, max = 120): string => {
  let s: string;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  s = s ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function describe(e: JournalEntry): { fr: string; en: string } {
  const p = obj(e.payload);
  switch (e.type) {
    case 'command': {
      const input = obj(p.input);
      const refused = p.status === 'rejected';
      const why = refused ? short(obj(p.rejection).message ?? '', 160) : '';
      const reason =
        typeof input.reason === 'string' && input.reason ? ` — « ${short(input.reason, 100)} »` : '';
      if (input.kind === 'write') {
        const base = `${String(input.signal)} = ${short(input.value, 40)}`;
        const prev =
          p.previous !== undefined
            ? ` (${short(p.previous, 30)} → ${short(p.applied ?? input.value, 30)})`
            : '';
        return refused
          ? { fr: `Écriture refusée : ${base} (${why})`, en: `Write refused: ${base} (${why})` }
          : { fr: `Écriture ${base}${prev}${reason}`, en: `Write ${base}${prev}${reason}` };
      }
      const action = String(input.action ?? '?');
      const g = isGesture(action) ? GESTURES[action] : undefined;
      const args = input.args && Object.keys(obj(input.args)).length ? ` ${short(input.args, 100)}` : '';
      const fr = `${g ? g.fr : action}${args}`;
      const en = `${g ? g.en : action}${args}`;
      return refused
        ? { fr: `Geste refusé : ${fr} (${why})`, en: `Refused: ${en} (${why})` }
        : { fr: `${fr}${reason}`, en: `${en}${reason}` };
    }
    case 'view': {
      const signals = Array.isArray(p.signals) ? (p.signals as unknown[]).map(String).join(', ') : '';
      if (p.view === 'trend' || p.screen === 'trends')
        return { fr: `Courbe : ${short(signals, 160)}`, en: `Trend: ${short(signals, 160)}` };
      const screen = String(p.screen ?? p.view ?? 'view');
      const target = p.target !== undefined ? ` ${String(p.target)}` : '';
      return { fr: `Écran ${screen}${target}`, en: `Screen ${screen}${target}` };
    }
    case 'diagnosis': {
      const d = obj(p.diagnosis);
      const rc = obj(d.rootCause);
      const path = [rc.equipment, rc.component, rc.failureMode].filter(Boolean).join('.');
      return {
        fr: `Diagnostic v${String(p.version ?? '?')} : ${path || '—'}`,
        en: `Diagnosis v${String(p.version ?? '?')}: ${path || '—'}`,
      };
    }
    case 'cycle': {
      const id = p.shot_id ?? '?';
      const q = p.quality !== undefined ? ` ${String(p.quality)}` : '';
      return { fr: `Cycle n° ${String(id)}${q}`, en: `Shot ${String(id)}${q}` };
    }
    case 'fault': {
      const what = `${String(p.fault ?? '?')} ${String(p.component ?? '')}`.trim();
      return {
        fr: `Panne (${String(p.action ?? '?')}) : ${what}`,
        en: `Fault (${String(p.action ?? '?')}): ${what}`,
      };
    }
    case 'session':
      return {
        fr: `Session : ${String(p.event ?? '?')}${p.exercise ? ` ${String(p.exercise)}` : ''}`,
        en: `Session: ${String(p.event ?? '?')}${p.exercise ? ` ${String(p.exercise)}` : ''}`,
      };
    case 'event': {
      if (p.event === 'hint') {
        const c = String(p.criterion ?? 'identification');
        return { fr: `Indice du formateur (${c})`, en: `Trainer hint (${c})` };
      }
      const ev = String(p.event ?? p.type ?? 'event');
      return { fr: `Événement ${ev}`, en: `Event ${ev}` };
    }
    case 'override':
      return {
        fr: `Révision de note ${String(p.criterion ?? '?')} → ${String(p.score ?? '?')} : ${short(p.comment ?? '', 120)}`,
        en: `Override ${String(p.criterion ?? '?')} → ${String(p.score ?? '?')}: ${short(p.comment ?? '', 120)}`,
      };
    case 'alarm':
      return {
        fr: `Alarme ${String(p.equipment ?? '')}/${String(p.code ?? '?')} ${String(p.state ?? '')}`.trim(),
        en: `Alarm ${String(p.equipment ?? '')}/${String(p.code ?? '?')} ${String(p.state ?? '')}`.trim(),
      };
    default:
      return { fr: e.type, en: e.type };
  }
}

export function summarise(e: JournalEntry, startT: number): EntrySummary {
  return {
    seq: e.seq,
    type: e.type,
    station: e.station,
    t: e.t,
    clock: clockOf(e.t, startT),
    who: e.actor?.user ?? '',
    ...describe(e),
  };
}
