/** Criterion 6. Recommendations relevant to the constraints of the case (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Ctx } from '../context.ts';
import { CriterionBuilder } from '../criterion.ts';
import { firstMention } from '../text.ts';
import { absentRef, type Built, hintPenalties, keywordCoverage, list, recText } from './common.ts';

// ---- 6. recommendations -------------------------------------------------------------------------------

export function recommendations(ctx: Ctx): Built {
  const c = new CriterionBuilder();
  const exp = ctx.ex.expected.recommendations;
  const d = ctx.diagnoses.at(-1);
  if (!d) {
    c.check('corrective', 0.5, 0, absentRef(ctx), { fr: 'Aucune recommandation.', en: 'No recommendation.' });
    c.check('preventive', 0.5, 0, absentRef(ctx), {
      fr: 'Aucune action préventive.',
      en: 'No preventive action.',
    });
    hintPenalties(ctx, c, 'recommendations');
    return c.build();
  }
  const text = recText(d);
  const v =
    d.version > 1
      ? { fr: ` (version ${d.version}, la plus récente)`, en: ` (version ${d.version}, the latest)` }
      : { fr: '', en: '' };
  const corr = keywordCoverage(text, exp.corrective);
  c.check('corrective', 0.5, corr.earned, [d.seq], {
    fr: `Actions correctives (seq ${d.seq})${v.fr} : trouvé ${list(corr.hit)} ; absent ${list(corr.miss)}.`,
    en: `Corrective actions (seq ${d.seq})${v.en}: found ${list(corr.hitEn)}; missing ${list(corr.missEn)}.`,
  });
  const prev = keywordCoverage(text, exp.preventive);
  c.check('preventive', 0.5, prev.earned, [d.seq], {
    fr: `Actions préventives (seq ${d.seq}) : trouvé ${list(prev.hit)} ; absent ${list(prev.miss)}.`,
    en: `Preventive actions (seq ${d.seq}): found ${list(prev.hitEn)}; missing ${list(prev.missEn)}.`,
  });
  for (const g of exp.avoid) {
    const m = firstMention(`${text}. ${d.explanation}`, g.any);
    if (m) {
      c.penalty(`avoid:${g.id}`, 0.2, [d.seq], {
        fr: `Recommandation inadaptée : ${g.label?.fr ?? g.id} (« ${m} ») ; −20 %.`,
        en: `Unsuitable recommendation: ${g.label?.en ?? g.id} ("${m}"); −20 %.`,
      });
    }
  }
  hintPenalties(ctx, c, 'recommendations');
  return c.build();
}
