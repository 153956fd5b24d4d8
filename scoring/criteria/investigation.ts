/** Criterion 5. The investigation covers a necessary and sufficient field (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Cmd, Ctx } from '../context.ts';
import { CriterionBuilder, fmt, pct } from '../criterion.ts';
import type { SafetyResult } from '../safety.ts';
import {
  absentRef,
  type Built,
  evidenceChecks,
  evidenceItem,
  type ForbiddenHit,
  forbiddenPenalties,
  hintPenalties,
  sameValue,
} from './common.ts';

// ---- 5. investigation --------------------------------------------------------------------------------

export function investigation(ctx: Ctx, safety: SafetyResult, hits: readonly ForbiddenHit[]): Built {
  const c = new CriterionBuilder();
  const ex = ctx.ex;
  const rules = ex.rubric.rules;
  const exp = ex.expected;
  evidenceChecks(ctx, c, exp.evidence.minimum, 0.6, 'evidence', {
    fr: 'Preuve minimale',
    en: 'Minimum evidence',
  });
  if (exp.evidence.rule_out.length) {
    evidenceChecks(ctx, c, exp.evidence.rule_out, 0.2, 'rule_out', {
      fr: 'Hypothèse écartée',
      en: 'Alternative ruled out',
    });
  }
  // proportionality
  const onset = ctx.onsetOf();
  const d1 = ctx.diagnoses[0];
  const endSeq = d1?.seq ?? Number.POSITIVE_INFINITY;
  const actions =
    ctx.views.filter((v) => v.t >= onset && v.seq < endSeq).length +
    ctx.commands.filter(
      (x) =>
        x.candidate &&
        x.t >= onset &&
        x.seq < endSeq &&
        (x.action === 'act.diag' || x.action === 'act.measure'),
    ).length;
  const minutes = d1 ? (d1.t - onset) / 60_000 : undefined;
  const a = actions <= rules.max_investigation_actions ? 1 : rules.max_investigation_actions / actions;
  const b =
    minutes === undefined
      ? 0
      : minutes <= rules.time_budget_min
        ? 1
        : Math.max(0, 1 - (minutes - rules.time_budget_min) / rules.time_budget_min);
  c.check('proportionate', 0.2, a * b, absentRef(ctx), {
    fr: `Effort : ${actions} consultations ou mesures (budget ${rules.max_investigation_actions}) ; ${minutes === undefined ? 'aucun diagnostic' : `${fmt(minutes, 1)} min du début au diagnostic (budget ${rules.time_budget_min} min)`}.`,
    en: `Effort: ${actions} views or measurements (budget ${rules.max_investigation_actions}); ${minutes === undefined ? 'no diagnosis' : `${fmt(minutes, 1)} min from onset to diagnosis (budget ${rules.time_budget_min} min)`}.`,
  });
  // unjustified set-point changes
  const justified = new Set([
    ...exp.parameters.containment.map((k) => k.signal),
    ...exp.parameters.allowed,
    ...exp.parameters.final.filter((f) => f.window).map((f) => f.signal),
  ]);
  const bySignal = new Map<string, Cmd[]>();
  for (const w of ctx.commands) {
    if (!w.candidate || !w.accepted || w.kind !== 'write' || justified.has(w.signal)) continue;
    const initial = ctx.setpoints.get(w.signal)?.initial;
    const v = typeof w.applied === 'number' ? w.applied : typeof w.value === 'number' ? w.value : undefined;
    if (initial !== undefined && v !== undefined && sameValue(v, initial)) continue; // a revert
    const l = bySignal.get(w.signal) ?? [];
    l.push(w);
    bySignal.set(w.signal, l);
  }
  for (const [signal, ws] of bySignal) {
    c.penalty(
      `unjustified:${signal}`,
      rules.unjustified_change_penalty,
      ws.map((w) => w.seq),
      {
        fr: `Changement non justifié par les preuves : ${signal} (seq ${ws.map((w) => w.seq).join(', ')}) ; −${pct(rules.unjustified_change_penalty)}.`,
        en: `Change not justified by the evidence: ${signal} (seq ${ws.map((w) => w.seq).join(', ')}); −${pct(rules.unjustified_change_penalty)}.`,
      },
    );
  }
  // repairs and material swaps
  const expectedRepairs = exp.repairs.flatMap((r) => r.any);
  const firstEvidence = exp.evidence.minimum
    .map((ev) => evidenceItem(ctx, ev))
    .filter((h) => h !== undefined)
    .sort((x, y) => x!.seq - y!.seq)[0];
  for (const x of ctx.commands) {
    if (!x.candidate || !x.accepted) continue;
    if (x.action === 'act.repair') {
      const comp = String(x.args.component_id ?? '');
      const ok = expectedRepairs.some((r) => r.component === comp && r.ops.includes(x.args.op as never));
      if (!ok) {
        c.penalty('unjustified_repair', rules.unjustified_change_penalty, [x.seq], {
          fr: `Intervention non justifiée par les preuves : ${comp} ${String(x.args.op ?? '')} (seq ${x.seq}) ; −${pct(rules.unjustified_change_penalty)}.`,
          en: `Repair not justified by the evidence: ${comp} ${String(x.args.op ?? '')} (seq ${x.seq}); −${pct(rules.unjustified_change_penalty)}.`,
        });
      } else if (!firstEvidence || firstEvidence.seq > x.seq) {
        c.penalty('repair_before_evidence', rules.unjustified_change_penalty, [x.seq], {
          fr: `Intervention (seq ${x.seq}) avant toute preuve minimale : réparation « au hasard » ; −${pct(rules.unjustified_change_penalty)}.`,
          en: `Repair (seq ${x.seq}) before any minimum evidence: a guess; −${pct(rules.unjustified_change_penalty)}.`,
        });
      }
    }
  }
  // shotgun: many set points changed at once
  const writes = ctx.commands
    .filter((w) => w.candidate && w.accepted && w.kind === 'write')
    .sort((x, y) => x.t - y.t || x.seq - y.seq);
  const windowMs = rules.shotgun_window_s * 1000;
  for (let i = 0; i < writes.length; ) {
    const burst: Cmd[] = [];
    const signals = new Set<string>();
    for (let j = i; j < writes.length && writes[j]!.t - writes[i]!.t <= windowMs; j++) {
      burst.push(writes[j]!);
      signals.add(writes[j]!.signal);
    }
    if (signals.size >= rules.shotgun_count) {
      c.penalty(
        'shotgun',
        rules.shotgun_penalty,
        burst.map((w) => w.seq),
        {
          fr: `Changements « en rafale » : ${signals.size} consignes en ${rules.shotgun_window_s} s (${[...signals].join(', ')}) ; −${pct(rules.shotgun_penalty)}.`,
          en: `"Shotgun" changes: ${signals.size} set points within ${rules.shotgun_window_s} s (${[...signals].join(', ')}); −${pct(rules.shotgun_penalty)}.`,
        },
      );
      i += burst.length;
    } else i++;
  }
  forbiddenPenalties(c, hits, 'investigation');
  hintPenalties(ctx, c, 'investigation');
  void safety;
  return c.build();
}
