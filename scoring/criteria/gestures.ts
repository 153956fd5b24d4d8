/** Criterion 3. Professional gestures mastered and performed safely (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Ctx } from '../context.ts';
import { CriterionBuilder, pct } from '../criterion.ts';
import { matchAll } from '../matchers.ts';
import type { SafetyResult } from '../safety.ts';
import { absentRef, type Built, type ForbiddenHit, forbiddenPenalties, hintPenalties } from './common.ts';

// ---- 3. gestures ------------------------------------------------------------------------------------

export function gestures(ctx: Ctx, safety: SafetyResult, hits: readonly ForbiddenHit[]): Built {
  const c = new CriterionBuilder();
  const ex = ctx.ex;
  const rules = ex.rubric.rules;
  const steps = ex.safety.sequence;
  let last = 0;
  const required = steps.filter((s) => s.required);
  const matched = steps.map((s) => {
    const all = s.any.flatMap((m) => matchAll(m, ctx)).sort((a, b) => a.seq - b.seq);
    return { s, all };
  });
  for (let i = 0; i < matched.length; i++) {
    const { s, all } = matched[i]!;
    const inOrder = all.find((h) => h.seq > last);
    if (!s.required && !all.length) continue;
    const weight = 1 / Math.max(1, required.length);
    if (inOrder) {
      last = inOrder.seq;
      c.check(`step:${s.id}`, weight, 1, [inOrder.seq], {
        fr: `Étape « ${s.label.fr} » réalisée (seq ${inOrder.seq}).`,
        en: `Step "${s.label.en}" done (seq ${inOrder.seq}).`,
      });
    } else if (all.length) {
      c.check(`step:${s.id}`, weight, 0.5, [all[0]!.seq], {
        fr: `Étape « ${s.label.fr} » réalisée hors séquence (seq ${all[0]!.seq}).`,
        en: `Step "${s.label.en}" done out of sequence (seq ${all[0]!.seq}).`,
      });
    } else {
      const next = matched.slice(i + 1).find((m) => m.all.length)?.all[0]?.seq;
      c.check(`step:${s.id}`, weight, 0, next !== undefined ? [next] : absentRef(ctx), {
        fr: `Étape « ${s.label.fr} » non réalisée${next !== undefined ? ` (attendue avant la seq ${next})` : ''}.`,
        en: `Step "${s.label.en}" not done${next !== undefined ? ` (expected before seq ${next})` : ''}.`,
      });
    }
  }
  const all = [
    ...safety.findings,
    ...hits
      .filter((h) => h.criterion === 'gestures' && h.severity !== 'process')
      .map((h) => ({
        key: `forbidden:${h.id}`,
        severity: h.severity as 'critical' | 'major' | 'minor',
        refs: h.refs,
        ...h.text,
      })),
  ];
  for (const f of all) {
    if (f.severity === 'critical') {
      c.critical(f.key, f.refs, { fr: `ERREUR CRITIQUE — ${f.fr}`, en: `CRITICAL ERROR — ${f.en}` });
    } else if (f.severity === 'major') {
      c.penalty(
        f.key,
        rules.major_error_penalty,
        f.refs,
        {
          fr: `Erreur majeure — ${f.fr} −${pct(rules.major_error_penalty)}.`,
          en: `Major error — ${f.en} −${pct(rules.major_error_penalty)}.`,
        },
        'major',
      );
    } else if (f.severity === 'minor') {
      c.penalty(
        f.key,
        rules.minor_error_penalty,
        f.refs,
        {
          fr: `Erreur mineure — ${f.fr} −${pct(rules.minor_error_penalty)}.`,
          en: `Minor error — ${f.en} −${pct(rules.minor_error_penalty)}.`,
        },
        'minor',
      );
    } else c.note(f.key, f.refs, { fr: f.fr, en: f.en });
  }
  forbiddenPenalties(c, hits, 'gestures');
  hintPenalties(ctx, c, 'gestures');
  return c.build();
}
