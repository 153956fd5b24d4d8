/**
 * What the six criteria share: the detection of the fault, forbidden actions, evidence items, keyword
 * coverage and small text helpers (DESIGN.md "Who uses it"; domain-model §6.6; docs/scoring.md).
 */
import type { EvidenceItem, KeywordGroup, Matcher } from '../../exercises/schema.ts';
import type { Cmd, Ctx, Diag } from '../context.ts';
import { type CriterionBuilder, pct } from '../criterion.ts';
import { firstOf, matchAll, sameComponent, viewWindow } from '../matchers.ts';
import type { Bilingual } from '../report-types.ts';
import type { SafetyResult } from '../safety.ts';
import { firstMention } from '../text.ts';

export type Built = ReturnType<CriterionBuilder['build']>;

/** Where a missing thing "should have been": the first diagnosis, else the last entry. */
export const absentRef = (ctx: Ctx): number[] => [ctx.diagnoses[0]?.seq ?? ctx.lastSeq ?? 0];

export const fullText = (d: Diag) => `${d.symptoms}. ${d.explanation}`;
export const recText = (d: Diag) => `${d.corrective}. ${d.preventive}`;

export function keywordCoverage(text: string, groups: readonly KeywordGroup[]) {
  let got = 0;
  let total = 0;
  const hit: string[] = [];
  const miss: string[] = [];
  const hitEn: string[] = [];
  const missEn: string[] = [];
  for (const g of groups) {
    total += g.weight;
    const m = firstMention(text, g.any);
    const fr = g.label?.fr ?? g.id;
    const en = g.label?.en ?? g.id;
    if (m) {
      got += g.weight;
      hit.push(`${fr} (« ${m} »)`);
      hitEn.push(`${en} ("${m}")`);
    } else {
      miss.push(fr);
      missEn.push(en);
    }
  }
  return { earned: total ? got / total : 0, hit, miss, hitEn, missEn };
}

export const list = (xs: string[]) => (xs.length ? xs.join(' ; ') : '—');

/**
 * The last corrective action: a repair, a material swap, a dataset restore, or a write that moves a set
 * point the case expects to change (`expected.parameters.final` with a window).
 */
export function lastFix(ctx: Ctx, safety: SafetyResult): Cmd | undefined {
  const corrective = new Set(ctx.ex.expected.parameters.final.filter((f) => f.window).map((f) => f.signal));
  let best: Cmd | undefined;
  for (const c of ctx.commands) {
    if (!c.candidate || !c.accepted) continue;
    if (safety.fixes.includes(c.seq) || (c.kind === 'write' && corrective.has(c.signal))) best = c;
  }
  return best;
}

// ---- detection ------------------------------------------------------------------------------------

export interface Detection {
  readonly item: string;
  readonly onset: number;
  readonly seq: number | null;
  readonly t: number | null;
  readonly how: Bilingual | null;
}

/** First sign that the candidate noticed the fault after its onset (docs/scoring.md "Time to detection"). */
export function detect(ctx: Ctx): Detection {
  const item = ctx.primary;
  const onset = ctx.onsetOf(item);
  const keys = new Set(ctx.ex.expected.evidence.key_signals);
  const keyEquipment = new Set([...keys].map((k) => k.split('.')[0]!));
  const targets: string[] = [];
  for (const ev of [...ctx.ex.expected.evidence.minimum, ...ctx.ex.expected.analysis.checks]) {
    for (const m of ev.any) if (m.diag) targets.push(m.diag.target);
  }
  for (const r of ctx.ex.expected.repairs) for (const a of r.any) targets.push(a.component);
  let best: { seq: number; t: number; how: Bilingual } | null = null;
  const offer = (seq: number, t: number, how: Bilingual) => {
    if (t >= onset && (!best || seq < best.seq)) best = { seq, t, how };
  };
  for (const v of ctx.views) {
    if (v.t < onset) continue;
    if (v.kind === 'trend' && v.signals.some((s) => keys.has(s)) && viewWindow(v)[1] > onset) {
      const s = v.signals.find((x) => keys.has(x))!;
      offer(v.seq, v.t, { fr: `tendance de ${s}`, en: `trend of ${s}` });
      break;
    }
    if (v.kind === 'faceplate' && v.target && keyEquipment.has(v.target)) {
      offer(v.seq, v.t, { fr: `faceplate ${v.target}`, en: `faceplate ${v.target}` });
      break;
    }
  }
  for (const c of ctx.commands) {
    if (!c.candidate || !c.accepted || c.t < onset) continue;
    if (
      c.action === 'act.diag' &&
      typeof c.args.target === 'string' &&
      targets.some((x) => sameComponent(x, c.args.target as string))
    ) {
      offer(c.seq, c.t, { fr: `mesure ${c.args.target}`, en: `measurement ${c.args.target}` });
      break;
    }
    if (c.action === 'act.quarantine') {
      offer(c.seq, c.t, { fr: 'mise en quarantaine', en: 'quarantine' });
      break;
    }
  }
  const d = ctx.diagnoses.find((x) => x.t >= onset);
  if (d) offer(d.seq, d.t, { fr: 'diagnostic soumis', en: 'diagnosis submitted' });
  const b = best as { seq: number; t: number; how: Bilingual } | null;
  return { item, onset, seq: b?.seq ?? null, t: b?.t ?? null, how: b?.how ?? null };
}

export function hintPenalties(ctx: Ctx, c: CriterionBuilder, criterion: string): void {
  for (const h of ctx.hints) {
    if (h.criterion !== criterion) continue;
    const cost = h.cost ?? ctx.ex.rubric.rules.hint_penalty;
    c.penalty('hint', cost, [h.seq], {
      fr: `Indice donné par ${h.by} (seq ${h.seq}) : −${pct(cost)}.`,
      en: `Hint given by ${h.by} (seq ${h.seq}): −${pct(cost)}.`,
    });
  }
}

// ---- forbidden actions ---------------------------------------------------------------------------------

export interface ForbiddenHit {
  readonly id: string;
  readonly criterion: string;
  readonly severity: 'critical' | 'major' | 'minor' | 'process';
  readonly penalty: number;
  readonly refs: number[];
  readonly text: Bilingual;
}

export function forbiddenHits(ctx: Ctx): ForbiddenHit[] {
  const out: ForbiddenHit[] = [];
  for (const f of ctx.ex.forbidden) {
    let hits = matchAll(f.match, ctx);
    if (f.only_before) {
      const guard = matchAll(f.only_before, ctx)[0];
      if (guard) hits = hits.filter((h) => h.seq < guard.seq);
    }
    if (!hits.length) continue;
    const severity = f.severity;
    const criterion = f.criterion ?? (severity === 'process' ? 'parameters' : 'gestures');
    const penalty = f.penalty ?? (severity === 'process' ? 0.25 : 0);
    out.push({
      id: f.id,
      criterion,
      severity,
      penalty,
      refs: hits.map((h) => h.seq),
      text: {
        fr: `Action à proscrire : ${f.label.fr} (seq ${hits.map((h) => h.seq).join(', ')})${f.consequence ? ` — ${f.consequence.fr}` : ''}`,
        en: `Action to avoid: ${f.label.en} (seq ${hits.map((h) => h.seq).join(', ')})${f.consequence ? ` — ${f.consequence.en}` : ''}`,
      },
    });
  }
  return out;
}

export function forbiddenPenalties(
  c: CriterionBuilder,
  hits: readonly ForbiddenHit[],
  criterion: string,
): void {
  for (const h of hits) {
    if (h.criterion !== criterion || h.severity !== 'process') continue;
    c.penalty(`forbidden:${h.id}`, h.penalty, h.refs, {
      fr: `${h.text.fr} ; −${pct(h.penalty)}.`,
      en: `${h.text.en}; −${pct(h.penalty)}.`,
    });
  }
}

// ---- evidence items -----------------------------------------------------------------------------------

export function evidenceItem(ctx: Ctx, ev: EvidenceItem, opts: { since?: boolean } = {}) {
  const onset = ctx.onsetOf(ev.item);
  const hit = firstOf(ev.any, ctx, {
    onset,
    afterOnsetMin: ctx.ex.expected.evidence.after_onset_min,
    ...(opts.since === false ? {} : { since: onset }),
  });
  return hit;
}

export const describeMatcher = (m: Matcher): string =>
  m.trend
    ? `trend ${m.trend.join(m.all ? ' + ' : ' | ')}`
    : m.view
      ? `${m.view}${m.target ? ` ${m.target}` : ''}`
      : m.diag
        ? `diag ${m.diag.target}${m.diag.measurement ? `/${m.diag.measurement}` : ''}`
        : m.action
          ? m.action
          : m.measure
            ? `act.measure${m.measure.min_n ? ` n≥${m.measure.min_n}` : ''}`
            : m.cite
              ? `cite ${m.cite.join(' | ')}`
              : `write ${m.write?.join(' | ')}`;

export function evidenceChecks(
  ctx: Ctx,
  c: CriterionBuilder,
  items: readonly EvidenceItem[],
  weight: number,
  prefix: string,
  word: Bilingual,
) {
  for (const ev of items) {
    const hit = evidenceItem(ctx, ev);
    const how = ev.any.map(describeMatcher).join(' ou ');
    const howEn = ev.any.map(describeMatcher).join(' or ');
    c.check(`${prefix}:${ev.id}`, weight / items.length, hit ? 1 : 0, hit ? [hit.seq] : absentRef(ctx), {
      fr: hit
        ? `${word.fr} « ${ev.label.fr} » : oui (seq ${hit.seq}).`
        : `${word.fr} « ${ev.label.fr} » : non (attendu : ${how}).`,
      en: hit
        ? `${word.en} "${ev.label.en}": yes (seq ${hit.seq}).`
        : `${word.en} "${ev.label.en}": no (expected: ${howEn}).`,
    });
  }
}

/** Two set-point values are the same when within 0.5 % (a revert to the validated value). */
export const sameValue = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-6, 0.005 * Math.abs(b));
