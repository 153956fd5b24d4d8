/** Criterion 4. The analysis gives reliable, coherent results (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Ctx } from '../context.ts';
import { CriterionBuilder } from '../criterion.ts';
import { viewWindow } from '../matchers.ts';
import type { SafetyResult } from '../safety.ts';
import { absentRef, type Built, evidenceChecks, hintPenalties, lastFix } from './common.ts';

// ---- 4. analysis ------------------------------------------------------------------------------------

export function analysis(ctx: Ctx, safety: SafetyResult): Built {
  const c = new CriterionBuilder();
  const ex = ctx.ex;
  const checks = ex.expected.analysis.checks;
  if (checks.length) evidenceChecks(ctx, c, checks, 0.5, 'check', { fr: 'Contrôle', en: 'Check' });
  // coherence of the claims with the data looked at
  const d1 = ctx.diagnoses[0];
  const relevant = new Set([
    ...ex.expected.evidence.key_signals,
    ...ex.expected.diagnosis.first_signal,
    ...[...ex.expected.evidence.minimum, ...ex.expected.evidence.rule_out, ...checks].flatMap((e) =>
      e.any.flatMap((m) => [...(m.trend ?? []), ...(m.cite ?? [])]),
    ),
  ]);
  if (!d1) {
    c.check('coherence', 0.3, 0, absentRef(ctx), {
      fr: 'Aucun diagnostic : pas de preuve citée.',
      en: 'No diagnosis: no evidence cited.',
    });
  } else {
    const cited = d1.evidence
      .filter((e) => e.kind === 'signal' || e.kind === 'curve' || e.kind === 'shot')
      .slice(0, 12);
    if (!cited.length) {
      c.check('coherence', 0.3, 0, [d1.seq], {
        fr: `Le diagnostic (seq ${d1.seq}) ne cite aucune donnée.`,
        en: `The diagnosis (seq ${d1.seq}) cites no data.`,
      });
    } else {
      const onset = ctx.onsetOf();
      let good = 0;
      const refs = [d1.seq];
      const bad: string[] = [];
      for (const e of cited) {
        if (e.kind !== 'signal') {
          const looked = ctx.views.find((v) => v.seq < d1.seq && (v.kind === 'shots' || v.kind === 'curves'));
          if (looked) {
            good++;
            refs.push(looked.seq);
          } else bad.push(e.ref);
          continue;
        }
        const eq = e.ref.split('.')[0];
        const looked = ctx.views.find(
          (v) =>
            v.seq < d1.seq &&
            ((v.kind === 'trend' && v.signals.includes(e.ref)) ||
              (v.kind === 'faceplate' && v.target === eq)),
        );
        const windowOk = e.to_t === undefined || e.to_t >= onset;
        if (looked && relevant.has(e.ref) && windowOk) {
          good++;
          refs.push(looked.seq);
        } else bad.push(e.ref);
      }
      c.check('coherence', 0.3, good / cited.length, refs, {
        fr: `Preuves citées (seq ${d1.seq}) : ${good}/${cited.length} consultées avant la soumission, pertinentes et dans la bonne fenêtre${bad.length ? ` ; non étayées : ${bad.join(', ')}` : ''}.`,
        en: `Evidence cited (seq ${d1.seq}): ${good}/${cited.length} looked at before submitting, relevant and in the right window${bad.length ? `; unsupported: ${bad.join(', ')}` : ''}.`,
      });
    }
  }
  // verification after the fix
  const fix = lastFix(ctx, safety);
  if (!fix) {
    c.check('verified', 0.2, 0, absentRef(ctx), {
      fr: 'Pas d’intervention, donc pas de vérification du résultat.',
      en: 'No fix, hence no verification of the result.',
    });
  } else {
    const keys = new Set(ex.expected.evidence.key_signals);
    const view = ctx.views.find(
      (v) =>
        v.seq > fix.seq &&
        v.kind === 'trend' &&
        v.signals.some((s) => keys.has(s)) &&
        viewWindow(v)[1] > fix.t,
    );
    const meas = ctx.commands.find(
      (x) =>
        x.candidate &&
        x.accepted &&
        x.seq > fix.seq &&
        (x.action === 'act.measure' || x.action === 'act.fai' || x.action === 'act.diag'),
    );
    const hit = [view, meas].filter((x) => x !== undefined).sort((a, b) => a!.seq - b!.seq)[0];
    c.check('verified', 0.2, hit ? 1 : 0, hit ? [fix.seq, hit.seq] : [fix.seq], {
      fr: hit
        ? `Résultat vérifié après l'intervention (seq ${hit.seq}).`
        : `Résultat non vérifié après l'intervention (seq ${fix.seq}) : ni tendance des signaux clés ni mesure.`,
      en: hit
        ? `Result verified after the fix (seq ${hit.seq}).`
        : `Result not verified after the fix (seq ${fix.seq}): neither a key-signal trend nor a measurement.`,
    });
  }
  hintPenalties(ctx, c, 'analysis');
  return c.build();
}
