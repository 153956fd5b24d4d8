/** Criterion 2. Parameters identified: correct against what was expected (DESIGN.md "Who uses it"; docs/scoring.md). */
import type { Ctx } from '../context.ts';
import { CriterionBuilder, fmt, pct } from '../criterion.ts';
import { shotField } from '../journal-model.ts';
import type { SafetyResult } from '../safety.ts';
import {
  absentRef,
  type Built,
  type ForbiddenHit,
  forbiddenPenalties,
  hintPenalties,
  lastFix,
  sameValue,
} from './common.ts';

// ---- 2. parameters ----------------------------------------------------------------------------------

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
