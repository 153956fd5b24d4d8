/**
 * The six criteria (DESIGN.md "Who uses it"; domain-model §6.6 maps the evidence to them). Each returns
 * its items — checks and penalties citing journal entries — and the criterion's automatic score.
 * The rules and their weights are documented in docs/scoring.md; the per-exercise numbers come from the
 * exercise's `rubric.rules`.
 */
import type { EvidenceItem, KeywordGroup, Matcher } from '../exercises/schema.ts';
import type { Cmd, Ctx, Diag } from './context.ts';
import { CriterionBuilder, fmt, pct } from './criterion.ts';
import { shotField } from './journal-model.ts';
import { firstOf, matchAll, sameComponent, viewWindow } from './matchers.ts';
import type { Bilingual } from './report-types.ts';
import type { SafetyResult } from './safety.ts';
import { firstMention } from './text.ts';

type Built = ReturnType<CriterionBuilder['build']>;

/** Where a missing thing "should have been": the first diagnosis, else the last entry. */
const absentRef = (ctx: Ctx): number[] => [ctx.diagnoses[0]?.seq ?? ctx.lastSeq ?? 0];

const fullText = (d: Diag) => `${d.symptoms}. ${d.explanation}`;
const recText = (d: Diag) => `${d.corrective}. ${d.preventive}`;

function keywordCoverage(text: string, groups: readonly KeywordGroup[]) {
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

const list = (xs: string[]) => (xs.length ? xs.join(' ; ') : '—');

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

function hintPenalties(ctx: Ctx, c: CriterionBuilder, criterion: string): void {
  for (const h of ctx.hints) {
    if (h.criterion !== criterion) continue;
    const cost = h.cost ?? ctx.ex.rubric.rules.hint_penalty;
    c.penalty('hint', cost, [h.seq], {
      fr: `Indice donné par ${h.by} (seq ${h.seq}) : −${pct(cost)}.`,
      en: `Hint given by ${h.by} (seq ${h.seq}): −${pct(cost)}.`,
    });
  }
}

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

// ---- 2. parameters ----------------------------------------------------------------------------------

const sameValue = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-6, 0.005 * Math.abs(b));

export function parameters(ctx: Ctx, safety: SafetyResult, forbiddenHits: ForbiddenHit[]): Built {
  const c = new CriterionBuilder();
  const ex = ctx.ex;
  const p = ex.expected.parameters;
  const rules = ex.rubric.rules;
  const sp = ctx.setpoints;
  const lastWrite = (signal: string) =>
    sp
      .get(signal)
      ?.writes.filter((w) => w.candidate)
      .at(-1);
  // final set points
  const finals = p.final;
  for (const f of finals) {
    const t = sp.get(f.signal);
    const v = t?.final;
    const lo = f.window ? f.window.min : (t?.initial ?? Number.NaN) - f.initial_tol!;
    const hi = f.window ? f.window.max : (t?.initial ?? Number.NaN) + f.initial_tol!;
    const ok = v !== undefined && v >= lo - 1e-9 && v <= hi + 1e-9;
    const w = lastWrite(f.signal);
    const refs = w ? [w.seq] : [ctx.lastSeq ?? 0];
    const range = `[${fmt(lo)} ; ${fmt(hi)}]`;
    c.check(`final:${f.signal}`, 0.5 / finals.length, ok ? 1 : 0, refs, {
      fr: `${f.signal} final ${fmt(v)} ${ok ? '∈' : '∉'} ${range}${w ? ` (dernière écriture seq ${w.seq})` : ` (inchangé jusqu'à la fin, seq ${ctx.lastSeq})`}${f.label ? ` — ${f.label.fr}` : ''}.`,
      en: `${f.signal} final ${fmt(v)} ${ok ? 'in' : 'not in'} ${range}${w ? ` (last write seq ${w.seq})` : ` (unchanged to the end, seq ${ctx.lastSeq})`}${f.label ? ` — ${f.label.en}` : ''}.`,
    });
  }
  // verification on the shots after the last fix
  const ver = p.verification;
  if (ver) {
    const fix = lastFix(ctx, safety);
    if (!fix) {
      c.check('verification', 0.3, 0, absentRef(ctx), {
        fr: 'Aucune intervention corrective : le retour aux valeurs attendues ne peut être constaté.',
        en: 'No corrective action: the return to the expected values cannot be shown.',
      });
    } else {
      const after = ctx.cycles.filter((x) => x.t > fix.t);
      const shots = after.slice(-ver.shots);
      if (!shots.length) {
        c.check('verification', 0.3, 0, [fix.seq], {
          fr: `Aucun cycle produit après l'intervention (seq ${fix.seq}).`,
          en: `No cycle produced after the fix (seq ${fix.seq}).`,
        });
      } else {
        const scale = Math.min(1, shots.length / ver.shots);
        let sum = 0;
        const frParts: string[] = [];
        const enParts: string[] = [];
        for (const chk of ver.checks) {
          const centre = chk.near ? sp.get(chk.near)?.final : undefined;
          const lo = chk.window ? chk.window.min : (centre ?? Number.NaN) - (chk.tol ?? 0);
          const hi = chk.window ? chk.window.max : (centre ?? Number.NaN) + (chk.tol ?? 0);
          const inside = shots.filter((s) => {
            const v = shotField(s.record, chk.field);
            return typeof v === 'number' && v >= lo && v <= hi;
          }).length;
          sum += inside / shots.length;
          frParts.push(
            `${chk.label?.fr ?? chk.field} : ${inside}/${shots.length} dans [${fmt(lo)} ; ${fmt(hi)}]`,
          );
          enParts.push(
            `${chk.label?.en ?? chk.field}: ${inside}/${shots.length} in [${fmt(lo)}; ${fmt(hi)}]`,
          );
        }
        const earned = (sum / ver.checks.length) * scale;
        c.check('verification', 0.3, earned, [fix.seq, ...shots.map((s) => s.seq)], {
          fr: `Derniers ${shots.length} cycles après l'intervention (seq ${fix.seq}) : ${frParts.join(' ; ')}${scale < 1 ? ` (${ver.shots} attendus)` : ''}.`,
          en: `Last ${shots.length} cycles after the fix (seq ${fix.seq}): ${enParts.join('; ')}${scale < 1 ? ` (${ver.shots} expected)` : ''}.`,
        });
      }
    }
  }
  // containment
  for (const k of p.containment) {
    const writes = (sp.get(k.signal)?.writes ?? []).filter((w) => w.candidate);
    if (!writes.length) {
      c.check(`containment:${k.signal}`, 0.2 / p.containment.length, k.required ? 0 : 1, absentRef(ctx), {
        fr: k.required
          ? `Confinement requis non fait : ${k.label.fr}.`
          : `Confinement non utilisé (${k.label.fr}) : neutre.`,
        en: k.required
          ? `Required containment not done: ${k.label.en}.`
          : `Containment not used (${k.label.en}): neutral.`,
      });
      continue;
    }
    const first = writes[0]!;
    const v = typeof first.applied === 'number' ? first.applied : Number(first.value);
    const inWindow = v >= k.window.min && v <= k.window.max;
    const documented = writes.every((w) => w.reason !== undefined);
    const t = sp.get(k.signal)!;
    const reverted =
      !k.revert ||
      (t.final !== undefined && t.initial !== undefined && Math.abs(t.final - t.initial) <= k.tol);
    const earned = ((inWindow ? 1 : 0) + (documented ? 1 : 0) + (reverted ? 1 : 0)) / 3;
    c.check(
      `containment:${k.signal}`,
      0.2 / p.containment.length,
      earned,
      writes.map((w) => w.seq),
      {
        fr: `Confinement ${k.signal} = ${fmt(v)} (${inWindow ? 'dans' : 'hors de'} [${k.window.min} ; ${k.window.max}]), ${documented ? 'documenté' : 'sans motif'}, ${k.revert ? (reverted ? 'annulé après réparation' : 'non annulé') : 'maintenu'}.`,
        en: `Containment ${k.signal} = ${fmt(v)} (${inWindow ? 'in' : 'outside'} [${k.window.min}; ${k.window.max}]), ${documented ? 'documented' : 'without a reason'}, ${k.revert ? (reverted ? 'reverted after the fix' : 'not reverted') : 'kept'}.`,
      },
    );
  }
  if (!finals.length && !ver && !p.containment.length) {
    c.check('no_expectation', 1, 1, absentRef(ctx), {
      fr: 'Aucun paramètre attendu pour ce cas.',
      en: 'No parameter expected for this case.',
    });
  }
  // collateral changes
  const listed = new Set([
    ...finals.map((f) => f.signal),
    ...p.containment.map((k) => k.signal),
    ...p.allowed,
  ]);
  for (const [signal, t] of sp) {
    const mine = t.writes.filter((w) => w.candidate);
    if (!mine.length || listed.has(signal)) continue;
    if (t.final !== undefined && t.initial !== undefined && sameValue(t.final, t.initial)) continue;
    c.penalty(
      `collateral:${signal}`,
      rules.collateral_change_penalty,
      mine.map((w) => w.seq),
      {
        fr: `Modification collatérale laissée en place : ${signal} ${fmt(t.initial)} → ${fmt(t.final)} ; −${pct(rules.collateral_change_penalty)}.`,
        en: `Collateral change left in place: ${signal} ${fmt(t.initial)} → ${fmt(t.final)}; −${pct(rules.collateral_change_penalty)}.`,
      },
    );
  }
  // undocumented writes
  for (const w of ctx.commands) {
    if (w.candidate && w.accepted && w.kind === 'write' && !w.reason) {
      c.penalty('undocumented', rules.undocumented_change_penalty, [w.seq], {
        fr: `Écriture sans motif : ${w.signal} (seq ${w.seq}) ; −${pct(rules.undocumented_change_penalty)}.`,
        en: `Write without a reason: ${w.signal} (seq ${w.seq}); −${pct(rules.undocumented_change_penalty)}.`,
      });
    }
  }
  forbiddenPenalties(c, forbiddenHits, 'parameters');
  hintPenalties(ctx, c, 'parameters');
  return c.build();
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

function forbiddenPenalties(c: CriterionBuilder, hits: readonly ForbiddenHit[], criterion: string): void {
  for (const h of hits) {
    if (h.criterion !== criterion || h.severity !== 'process') continue;
    c.penalty(`forbidden:${h.id}`, h.penalty, h.refs, {
      fr: `${h.text.fr} ; −${pct(h.penalty)}.`,
      en: `${h.text.en}; −${pct(h.penalty)}.`,
    });
  }
}

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

// ---- evidence items -----------------------------------------------------------------------------------

function evidenceItem(ctx: Ctx, ev: EvidenceItem, opts: { since?: boolean } = {}) {
  const onset = ctx.onsetOf(ev.item);
  const hit = firstOf(ev.any, ctx, {
    onset,
    afterOnsetMin: ctx.ex.expected.evidence.after_onset_min,
    ...(opts.since === false ? {} : { since: onset }),
  });
  return hit;
}

const describeMatcher = (m: Matcher): string =>
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

function evidenceChecks(
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
