/**
 * The scorer (DESIGN.md principle 7): a pure, deterministic function of (exercise, journal entries,
 * options) → report. No clock, no randomness, no I/O: the same inputs give a byte-identical
 * `JSON.stringify(report)`. Trainer overrides are journal entries too, so they are part of the input.
 */

import { CERTIFICATIONS } from '../exercises/catalogue.ts';
import type { Exercise } from '../exercises/schema.ts';
import type { JournalEntry } from '../simulator/session/journal.ts';
import { buildContext, type Ctx, clock, type ScoreOptions } from './context.ts';
import {
  analysis,
  type Detection,
  detect,
  forbiddenHits,
  gestures,
  identification,
  investigation,
  parameters,
  recommendations,
} from './criteria.ts';
import { CRITERIA, CRITERION_LABELS, type CriterionId } from './journal-model.ts';
import {
  type CriterionResult,
  REPORT_SCHEMA,
  type ScoreReport,
  type TimelineEvent,
  type Verdict,
} from './report-types.ts';
import { runSafety, type SafetyResult } from './safety.ts';

export type { ScoreOptions } from './context.ts';

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function verdictOf(pct: number, t: { validated: number; resit: number }): Verdict {
  return pct >= t.validated ? 'validated' : pct >= t.resit ? 'resit' : 'not_validated';
}

export const VERDICT_LABELS: Record<Verdict, { fr: string; en: string }> = {
  validated: { fr: 'Validé', en: 'Validated' },
  resit: { fr: 'Rattrapage', en: 'Resit' },
  not_validated: { fr: 'Non validé', en: 'Not validated' },
};

export function score(
  exercise: Exercise,
  journal: readonly JournalEntry[],
  options: ScoreOptions,
): ScoreReport {
  const ctx = buildContext(exercise, journal, options);
  const safety = runSafety(ctx);
  const forbidden = forbiddenHits(ctx);
  const det = detect(ctx);
  const auto: Record<CriterionId, ReturnType<typeof identification>> = {
    identification: identification(ctx, det),
    parameters: parameters(ctx, safety, forbidden),
    gestures: gestures(ctx, safety, forbidden),
    analysis: analysis(ctx, safety),
    investigation: investigation(ctx, safety, forbidden),
    recommendations: recommendations(ctx),
  };
  const weights = ctx.ex.rubric.weights;
  const wsum = CRITERIA.reduce((s, c) => s + weights[c], 0) || 1;
  const criteria: CriterionResult[] = CRITERIA.map((id) => {
    const ov = ctx.overrides.filter((o) => o.criterion === id).at(-1);
    const a = auto[id];
    return {
      id,
      label: CRITERION_LABELS[id],
      weight: r2((weights[id] / wsum) * 100),
      auto: a.auto,
      override: ov ? { score: r4(ov.score), comment: ov.comment, by: ov.by, seq: ov.seq, t: ov.t } : null,
      score: ov ? r4(ov.score) : a.auto,
      items: a.items,
    };
  });
  const autoPct = r2(CRITERIA.reduce((s, id) => s + (weights[id] / wsum) * auto[id].auto * 100, 0));
  const finalPct = r2(criteria.reduce((s, c) => s + (weights[c.id] / wsum) * c.score * 100, 0));
  const thresholds = ctx.ex.rubric.thresholds;
  const counts = { critical: 0, major: 0, minor: 0 };
  for (const item of auto.gestures.items) if (item.severity) counts[item.severity]++;

  const d1 = ctx.diagnoses[0];
  const failsAll = ctx.ex.rubric.rules.critical_error_fails_exam && counts.critical > 0;
  const verdictAuto = failsAll ? 'not_validated' : verdictOf(autoPct, thresholds);
  const verdict = failsAll ? 'not_validated' : verdictOf(finalPct, thresholds);
  if (failsAll) {
    ctx.notes.push({
      fr: 'Erreur critique de sécurité : l’épreuve n’est pas validée (règle critical_error_fails_exam).',
      en: 'Critical safety error: the exam is not validated (rule critical_error_fails_exam).',
    });
  }
  return {
    schema: REPORT_SCHEMA,
    exercise: {
      id: exercise.id,
      version: exercise.version,
      title: exercise.title,
      certification: exercise.certification,
      certification_label: CERTIFICATIONS[exercise.certification],
      level: exercise.level,
      duration_min: exercise.duration_min,
      sha256: options.exerciseSha256 ?? null,
    },
    station: ctx.station,
    candidate: ctx.candidate,
    journal: {
      entries: ctx.entries.length,
      first_seq: ctx.entries[0]?.seq ?? null,
      last_seq: ctx.lastSeq,
      last_hash: ctx.lastHash,
    },
    start_t: ctx.t0,
    faults: ctx.faults.map((f) => ({
      item: f.item,
      fault: f.fault,
      component: f.component,
      option: f.option,
      severity: f.severity,
      onset_t: f.onset_t,
      onset_seq: f.onset_seq,
      onset_source: f.source,
    })),
    detection: {
      item: det.item,
      seq: det.seq,
      t: det.t,
      seconds: det.t === null ? null : Math.round((det.t - det.onset) / 1000),
    },
    diagnosis: { versions: ctx.diagnoses.length, graded_seq: d1?.seq ?? null, root_cause: d1?.root ?? null },
    criteria,
    total: {
      auto_pct: autoPct,
      pct: finalPct,
      verdict_auto: verdictAuto,
      verdict,
      thresholds: { validated: thresholds.validated, resit: thresholds.resit },
    },
    safety: counts,
    timeline: timeline(ctx, det, safety),
    notes: ctx.notes,
  };
}

/** The debrief timeline: onset, first views, detection, gestures, changes, submissions, hints, overrides. */
function timeline(ctx: Ctx, det: Detection, safety: SafetyResult): TimelineEvent[] {
  const ev: TimelineEvent[] = [];
  const add = (t: number, seq: number | null, kind: TimelineEvent['kind'], fr: string, en: string) =>
    ev.push({ t, clock: clock(t, ctx.t0), seq, kind, fr, en });
  for (const f of ctx.faults) {
    add(
      f.onset_t,
      f.onset_seq,
      'onset',
      `Début de la dérive ${f.fault} (${f.component})`,
      `Onset of ${f.fault} (${f.component})`,
    );
  }
  const onset = ctx.onsetOf();
  const firstView = ctx.views.find((v) => v.t >= onset);
  if (firstView) {
    const what =
      firstView.kind === 'trend'
        ? `tendance ${firstView.signals.join(', ')}`
        : `${firstView.kind}${firstView.target ? ` ${firstView.target}` : ''}`;
    const whatEn =
      firstView.kind === 'trend'
        ? `trend ${firstView.signals.join(', ')}`
        : `${firstView.kind}${firstView.target ? ` ${firstView.target}` : ''}`;
    add(
      firstView.t,
      firstView.seq,
      'first_view',
      `Première consultation après le début : ${what}`,
      `First view after the onset: ${whatEn}`,
    );
  }
  if (det.t !== null && det.how) {
    add(det.t, det.seq, 'detection', `Détection : ${det.how.fr}`, `Detection: ${det.how.en}`);
  }
  for (const c of ctx.commands) {
    if (c.kind === 'write') {
      if (!c.accepted) continue;
      const who = c.candidate ? '' : ` — par ${c.user || '?'}`;
      const whoEn = c.candidate ? '' : ` — by ${c.user || '?'}`;
      add(
        c.t,
        c.seq,
        'change',
        `${c.signal} ${String(c.previous ?? '?')} → ${String(c.applied ?? c.value)}${c.reason ? ` (« ${c.reason} »)` : ' (sans motif)'}${who}`,
        `${c.signal} ${String(c.previous ?? '?')} → ${String(c.applied ?? c.value)}${c.reason ? ` ("${c.reason}")` : ' (no reason)'}${whoEn}`,
      );
      continue;
    }
    if (!c.candidate || !c.action.startsWith('act.')) continue;
    const args = Object.keys(c.args).length ? ` ${JSON.stringify(c.args)}` : '';
    if (!c.accepted) {
      add(
        c.t,
        c.seq,
        'refused',
        `Refusé : ${c.action}${args} — ${c.rejection ?? ''}`,
        `Refused: ${c.action}${args} — ${c.rejection ?? ''}`,
      );
    } else {
      const kind =
        c.action === 'act.repair' || c.action === 'act.swap_material' || c.action === 'act.restore_dataset'
          ? 'repair'
          : 'gesture';
      add(c.t, c.seq, kind, `${c.action}${args}`, `${c.action}${args}`);
    }
  }
  for (const d of ctx.diagnoses) {
    add(
      d.t,
      d.seq,
      'diagnosis',
      `Diagnostic v${d.version} : ${d.root}`,
      `Diagnosis v${d.version}: ${d.root}`,
    );
  }
  for (const h of ctx.hints)
    add(h.t, h.seq, 'hint', `Indice (${h.by}) → ${h.criterion}`, `Hint (${h.by}) → ${h.criterion}`);
  for (const o of ctx.overrides) {
    add(
      o.t,
      o.seq,
      'override',
      `Révision ${o.criterion} = ${Math.round(o.score * 100)} % par ${o.by} : ${o.comment}`,
      `Override ${o.criterion} = ${Math.round(o.score * 100)} % by ${o.by}: ${o.comment}`,
    );
  }
  for (const f of safety.findings) {
    if (f.severity !== 'critical' && f.severity !== 'major') continue;
    const seq = f.refs[0] ?? null;
    const t = ctx.entries.find((e) => e.seq === seq)?.t ?? ctx.endT;
    add(
      t,
      seq,
      'safety',
      `${f.severity === 'critical' ? 'Erreur critique' : 'Erreur majeure'} : ${f.fr}`,
      `${f.severity === 'critical' ? 'Critical error' : 'Major error'}: ${f.en}`,
    );
  }
  return ev.sort((a, b) => a.t - b.t || (a.seq ?? 0) - (b.seq ?? 0) || a.kind.localeCompare(b.kind));
}
