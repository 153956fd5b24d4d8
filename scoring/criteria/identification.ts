/** Criterion 1. Drifts clearly identified and explained (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Ctx } from '../context.ts';
import { CriterionBuilder, fmt, pct } from '../criterion.ts';
import type { Bilingual } from '../report-types.ts';
import { firstMention } from '../text.ts';
import {
  absentRef,
  type Built,
  type Detection,
  fullText,
  hintPenalties,
  keywordCoverage,
  list,
  recText,
} from './common.ts';

// ---- 1. identification ---------------------------------------------------------------------------------

export function identification(ctx: Ctx, det: Detection): Built {
  const c = new CriterionBuilder();
  const ex = ctx.ex;
  const exp = ex.expected.diagnosis;
  const rules = ex.rubric.rules;
  const d1 = ctx.diagnoses[0];
  if (!d1) {
    c.check('root_cause', 0.45, 0, absentRef(ctx), {
      fr: 'Aucun diagnostic soumis.',
      en: 'No diagnosis submitted.',
    });
    c.check('mechanism', 0.2, 0, absentRef(ctx), {
      fr: 'Mécanisme non expliqué.',
      en: 'Mechanism not explained.',
    });
    if (exp.also_identify.length) {
      c.check('also_identify', 0.15, 0, absentRef(ctx), {
        fr: 'Autres dérives non nommées.',
        en: 'Other drifts not named.',
      });
    }
    c.check('first_signal', 0.1, 0, absentRef(ctx), {
      fr: 'Premier signal non cité.',
      en: 'First signal not cited.',
    });
  } else {
    // root cause
    const exact = exp.root_causes.find((r) => r.path === d1.root);
    let credit = exact?.credit ?? 0;
    let how: Bilingual;
    if (exact) {
      how = exact.note ?? { fr: 'cause racine attendue', en: 'expected root cause' };
    } else {
      const comp = d1.root.split('.').slice(0, 2).join('.');
      const sameComp = exp.root_causes.some((r) => r.credit >= 1 && r.path.startsWith(`${comp}.`));
      credit = sameComp ? 0.5 : 0;
      how = sameComp
        ? { fr: 'bon composant, mode de défaillance inexact', en: 'right component, wrong failure mode' }
        : { fr: 'cause racine non retenue', en: 'not an accepted root cause' };
    }
    c.check('root_cause', 0.45, credit, [d1.seq], {
      fr: `Cause racine de la version 1 (seq ${d1.seq}) : ${d1.root} — ${how.fr} (${pct(credit)}). Attendu : ${exp.statement.fr}`,
      en: `Root cause of version 1 (seq ${d1.seq}): ${d1.root} — ${how.en} (${pct(credit)}). Expected: ${exp.statement.en}`,
    });
    // mechanism
    const k = keywordCoverage(fullText(d1), exp.mechanism);
    c.check('mechanism', 0.2, k.earned, [d1.seq], {
      fr: `Mécanisme expliqué (seq ${d1.seq}) : trouvé ${list(k.hit)} ; absent ${list(k.miss)}.`,
      en: `Mechanism explained (seq ${d1.seq}): found ${list(k.hitEn)}; missing ${list(k.missEn)}.`,
    });
    // other faults of a combined exercise
    if (exp.also_identify.length) {
      const text = `${fullText(d1)}. ${recText(d1)}`;
      const named = exp.also_identify.filter((a) => firstMention(text, a.any));
      const missed = exp.also_identify.filter((a) => !named.includes(a));
      c.check('also_identify', 0.15, named.length / exp.also_identify.length, [d1.seq], {
        fr: `Autres dérives nommées (seq ${d1.seq}) : ${list(named.map((a) => a.label.fr))} ; non nommées : ${list(missed.map((a) => a.label.fr))}.`,
        en: `Other drifts named (seq ${d1.seq}): ${list(named.map((a) => a.label.en))}; not named: ${list(missed.map((a) => a.label.en))}.`,
      });
    }
    // first abnormal signal
    const cited = d1.evidence.map((e) => e.ref);
    const first = exp.first_signal.find((s) => cited.includes(s));
    const key = ex.expected.evidence.key_signals.find((s) => cited.includes(s));
    const earned = first ? 1 : key ? 0.5 : 0;
    c.check('first_signal', 0.1, earned, [d1.seq], {
      fr: first
        ? `Premier signal anormal cité : ${first}.`
        : key
          ? `Signal pertinent cité (${key}), mais pas le premier à bouger (${exp.first_signal.join(' ou ')}).`
          : `Premier signal anormal non cité (attendu : ${exp.first_signal.join(' ou ')}).`,
      en: first
        ? `First abnormal signal cited: ${first}.`
        : key
          ? `A relevant signal cited (${key}), but not the first to move (${exp.first_signal.join(' or ')}).`
          : `First abnormal signal not cited (expected: ${exp.first_signal.join(' or ')}).`,
    });
    if (d1.family && !exp.families.includes(d1.family as never)) {
      c.note('family', [d1.seq], {
        fr: `Famille 6M choisie : ${d1.family} (attendue : ${exp.families.join(', ')}).`,
        en: `6M family chosen: ${d1.family} (expected: ${exp.families.join(', ')}).`,
      });
    }
  }
  // time to detection
  const target = rules.detection_target_min * 60;
  const max = rules.detection_max_min * 60;
  if (det.t === null) {
    c.check('detection', 0.1, 0, absentRef(ctx), {
      fr: 'Dérive non détectée (aucune consultation des signaux clés après son début).',
      en: 'Drift not detected (no key signal looked at after its onset).',
    });
  } else {
    const s = (det.t - det.onset) / 1000;
    const earned = s <= target ? 1 : s >= max ? 0 : 1 - (s - target) / (max - target);
    const onsetRef = ctx.faults.find((f) => f.item === det.item)?.onset_seq;
    c.check('detection', 0.1, earned, [det.seq!, ...(onsetRef ? [onsetRef] : [])], {
      fr: `Détection ${fmt(s / 60, 1)} min après le début (${det.how?.fr}, seq ${det.seq}) ; cible ${rules.detection_target_min} min, nul à ${rules.detection_max_min} min.`,
      en: `Detected ${fmt(s / 60, 1)} min after the onset (${det.how?.en}, seq ${det.seq}); target ${rules.detection_target_min} min, none at ${rules.detection_max_min} min.`,
    });
  }
  // later versions
  for (const d of ctx.diagnoses.slice(1)) {
    c.penalty('resubmission', rules.resubmission_penalty, [d.seq], {
      fr: `Version ${d.version} soumise (seq ${d.seq}) : la version 1 est verrouillée et notée ; −${pct(rules.resubmission_penalty)}.`,
      en: `Version ${d.version} submitted (seq ${d.seq}): version 1 is locked and graded; −${pct(rules.resubmission_penalty)}.`,
    });
  }
  hintPenalties(ctx, c, 'identification');
  return c.build();
}
