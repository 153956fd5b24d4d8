/**
 * OEE of a time window from the MES records (domain-model §6.1, NF E60-182): stops by category give
 * closure, planned and unplanned time; the shots moulded in the window give N × T_ref and the quality.
 * Each result carries its losses broken down by cause, which is what answers "why did OEE drop this hour?".
 */
import { lowerBound, round } from '../common.ts';
import { computeOee, type OeeResult } from '../oee.ts';
import type { MesState, ShotRow, Stop, StopCategory } from '../types.ts';
import { reasonById, UNKNOWN_REASON } from './reasons.ts';

export interface LossItem {
  readonly cause: string;
  readonly text: { readonly fr: string; readonly en: string };
  readonly seconds: number;
  readonly count: number;
}

export interface OeeWindow extends OeeResult {
  /** the window [fromT, toT) in simulation ms (not `to`: that is the NF E60-182 opening time To, in s) */
  readonly fromT: number;
  readonly toT: number;
  readonly shots: number;
  readonly parts: number;
  readonly good: number;
  readonly rejected: number;
  readonly startup: number;
  readonly test: number;
  readonly scrapped: number;
  readonly held: number;
  readonly refCycleS: number | null;
  readonly avgCycleS: number | null;
  readonly losses: {
    /** Tr − Tf, by standstill reason */
    readonly availability: readonly LossItem[];
    /** Tf − Tn: micro-stops and slow cycles */
    readonly performance: readonly LossItem[];
    /** Tn − Tu, by defect class (in time-equivalent seconds) */
    readonly quality: readonly LossItem[];
    readonly planned: readonly LossItem[];
  };
}

type Interval = readonly [number, number];

function merge(list: readonly Interval[]): Interval[] {
  const s = [...list].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Length of `a` (merged) outside the union `holes` (merged), both within [from, to). */
function outside(a: readonly Interval[], holes: readonly Interval[]): number {
  let total = 0;
  for (const [x, y] of a) {
    let len = y - x;
    for (const [h0, h1] of holes) {
      const o = Math.min(y, h1) - Math.max(x, h0);
      if (o > 0) len -= o;
    }
    total += len;
  }
  return total;
}

const clip = (s: Stop, from: number, to: number, now: number): Interval | null => {
  const a = Math.max(s.start, from);
  const b = Math.min(s.end ?? now, to);
  return b > a ? [a, b] : null;
};

export const categoryOf = (s: Stop): StopCategory => reasonById(s.reasonId)?.category ?? 'unplanned';

export function shotsIn(s: MesState, from: number, to: number): ShotRow[] {
  const i = lowerBound(s.shots, from, (r) => r.te);
  const j = lowerBound(s.shots, to, (r) => r.te);
  return s.shots.slice(i, j);
}

const lossText = (cause: string) => {
  switch (cause) {
    case 'micro_stops':
      return { fr: 'Micro-arrêts', en: 'Micro-stops' };
    case 'slow_cycles':
      return { fr: 'Cycles plus lents que la référence', en: 'Cycles slower than the reference' };
    case 'startup':
      return { fr: 'Rebut de démarrage', en: 'Start-up scrap' };
    case 'test':
      return { fr: 'Échantillons de test', en: 'Test samples' };
    default:
      return { fr: cause, en: cause };
  }
};

/**
 * OEE of [from, to) (simulation ms). `now` bounds open stops; `job` restricts the shots to one job (per-order
 * OEE); `microStopMaxS` only labels, the stops are already classified when they close.
 */
export function oeeWindow(s: MesState, from: number, to: number, now: number, job?: string): OeeWindow {
  const end = Math.min(to, now);
  const closure: Interval[] = [];
  const planned: Interval[] = [];
  const unplanned: Interval[] = [];
  const byReason = new Map<number, { seconds: number; count: number; planned: boolean }>();
  let microCount = 0;
  let microMs = 0;
  // stops are in start order; only those that can overlap the window are looked at
  for (let i = lowerBound(s.stops, from - 7 * 24 * 3_600_000, (x) => x.start); i < s.stops.length; i++) {
    const st = s.stops[i]!;
    if (st.start >= end) break;
    const iv = clip(st, from, end, now);
    if (!iv) continue;
    if (st.kind === 'micro') {
      microCount++;
      microMs += iv[1] - iv[0];
      continue;
    }
    const cat = categoryOf(st);
    (cat === 'closure' ? closure : cat === 'planned' ? planned : unplanned).push(iv);
    const e = byReason.get(st.reasonId) ?? {
      seconds: 0,
      count: 0,
      planned: cat === 'planned' || cat === 'closure',
    };
    e.seconds += (iv[1] - iv[0]) / 1000;
    e.count++;
    byReason.set(st.reasonId, e);
  }
  const cl = merge(closure);
  const pl = merge(planned);
  const un = merge(unplanned);
  const closureMs = outside(cl, []);
  const plannedMs = outside(pl, cl);
  const unplannedMs = outside(un, merge([...cl, ...pl]));

  let shots = 0;
  let refTime = 0;
  let parts = 0;
  let good = 0;
  let rejected = 0;
  let startup = 0;
  let test = 0;
  let scrapped = 0;
  let held = 0;
  let cycleSum = 0;
  let slow = 0;
  const byClass = new Map<string, number>();
  const rows = s.shots;
  const last = lowerBound(rows, end, (x) => x.te);
  for (let i = lowerBound(rows, from, (x) => x.te); i < last; i++) {
    const r = rows[i]!;
    if (job !== undefined && r.job !== job) continue;
    shots++;
    refTime += r.tref;
    cycleSum += r.ct;
    slow += Math.max(0, r.ct - r.tref);
    for (const p of r.cav) {
      parts++;
      if (p.hold !== null) held++;
      switch (p.disp) {
        case 'boxed':
        case 'unassigned':
          good++;
          break;
        case 'reject': {
          rejected++;
          const c = p.d[0] ?? classOfReason(p.r);
          byClass.set(c, (byClass.get(c) ?? 0) + 1);
          break;
        }
        case 'startup':
          startup++;
          byClass.set('startup', (byClass.get('startup') ?? 0) + 1);
          break;
        case 'test':
          test++;
          byClass.set('test', (byClass.get('test') ?? 0) + 1);
          break;
        case 'scrapped':
          scrapped++;
          byClass.set(p.r || 'quality_decision', (byClass.get(p.r || 'quality_decision') ?? 0) + 1);
          break;
      }
    }
  }
  const oee = computeOee({
    tt: (end - from) / 1000,
    closure: closureMs / 1000,
    planned: plannedMs / 1000,
    unplanned: unplannedMs / 1000,
    refTime,
    parts,
    good,
  });
  // quality losses in time: each bad part costs (T_ref per shot)/(parts per shot)
  const perPart = parts > 0 ? oee.tn / parts : 0;
  const reasonItems = (plannedSide: boolean): LossItem[] =>
    [...byReason.entries()]
      .filter(([, e]) => e.planned === plannedSide)
      .map(([id, e]) => {
        const r = reasonById(id) ?? reasonById(UNKNOWN_REASON)!;
        return { cause: r.code, text: r.text, seconds: round(e.seconds, 1), count: e.count };
      })
      .sort((a, b) => b.seconds - a.seconds);
  const perfTotal = Math.max(0, oee.tf - oee.tn);
  const microS = microMs / 1000;
  return {
    ...oee,
    fromT: from,
    toT: to,
    shots,
    parts,
    good,
    rejected,
    startup,
    test,
    scrapped,
    held,
    refCycleS: shots ? round(refTime / shots, 3) : null,
    avgCycleS: shots ? round(cycleSum / shots, 3) : null,
    losses: {
      availability: reasonItems(false),
      planned: reasonItems(true),
      performance: [
        {
          cause: 'micro_stops',
          text: lossText('micro_stops'),
          seconds: round(Math.min(microS, perfTotal), 1),
          count: microCount,
        },
        {
          cause: 'slow_cycles',
          text: lossText('slow_cycles'),
          seconds: round(Math.max(0, Math.min(slow, perfTotal - Math.min(microS, perfTotal))), 1),
          count: shots,
        },
      ].filter((x) => x.seconds > 0),
      quality: [...byClass.entries()]
        .map(([cause, n]) => ({ cause, text: lossText(cause), seconds: round(n * perPart, 1), count: n }))
        .sort((a, b) => b.seconds - a.seconds),
    },
  };
}

/** `vision:splay;dark_streaks` → `splay`, `monitoring:cushion` → `cushion`. */
export function classOfReason(reason: string): string {
  const m = /^[a-z_]+:([a-z0-9_]+)/i.exec(reason);
  return m ? m[1]! : reason ? reason.slice(0, 40) : 'other';
}

export interface OeeExplanation {
  readonly current: OeeWindow;
  readonly previous: OeeWindow | null;
  /** the factor that lost most against the previous period (or against 100 % without one) */
  readonly mainFactor: 'availability' | 'performance' | 'quality' | null;
  /** causes ranked by the time they cost in the current period */
  readonly causes: readonly (LossItem & { readonly factor: 'availability' | 'performance' | 'quality' })[];
  readonly summary: { readonly fr: string; readonly en: string };
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)} %`);

/** Why the OEE of `current` is what it is, compared with `previous`. */
export function explainOee(current: OeeWindow, previous: OeeWindow | null): OeeExplanation {
  const factors = ['availability', 'performance', 'quality'] as const;
  let main: (typeof factors)[number] | null = null;
  let worst = 0;
  for (const f of factors) {
    const now = current[f];
    if (now === null) continue;
    const before = previous?.[f] ?? 1;
    const drop = (before ?? 1) - now;
    if (drop > worst + 1e-9) {
      worst = drop;
      main = f;
    }
  }
  const causes = [
    ...current.losses.availability.map((c) => ({ ...c, factor: 'availability' as const })),
    ...current.losses.performance.map((c) => ({ ...c, factor: 'performance' as const })),
    ...current.losses.quality.map((c) => ({ ...c, factor: 'quality' as const })),
  ].sort((a, b) => b.seconds - a.seconds);
  const top = causes[0];
  const fr = `TRS ${pct(current.oee)}${previous ? ` (période précédente ${pct(previous.oee)})` : ''}: D ${pct(current.availability)} × P ${pct(current.performance)} × Q ${pct(current.quality)}.${main ? ` Facteur le plus dégradé : ${{ availability: 'disponibilité', performance: 'performance', quality: 'qualité' }[main]}.` : ''}${top ? ` Première cause : ${top.text.fr} (${top.seconds} s, ${top.count}×).` : ''}`;
  const en = `OEE ${pct(current.oee)}${previous ? ` (previous period ${pct(previous.oee)})` : ''}: A ${pct(current.availability)} × P ${pct(current.performance)} × Q ${pct(current.quality)}.${main ? ` Most degraded factor: ${main}.` : ''}${top ? ` Top cause: ${top.text.en} (${top.seconds} s, ${top.count}×).` : ''}`;
  return { current, previous, mainFactor: main, causes, summary: { fr, en } };
}
