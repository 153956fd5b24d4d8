/**
 * What the per-exercise transcript scripts (transcript-scripts-*.ts) share: small value helpers, a
 * one-call diagnosis, the verification trend, the unsafe restart with a lock applied, the F23 intruder.
 */

import { diagnosis, MIN, type Transcript } from './transcript.ts';
import { loto, type ScriptCtx } from './transcript-personas.ts';

export const v = (ctx: ScriptCtx, name: string) => String(ctx.vars[name]);
export const rise = (ctx: ScriptCtx, t: number, tauMin: number, onset = ctx.onset) =>
  1 - Math.exp(-Math.max(0, t - onset) / (tauMin * MIN));
export const r2 = (x: number) => Math.round(x * 100) / 100;

/** A diagnosis in one call: the evidence windows run from `from` to `to` for every cited signal. */
export function dx(
  tb: Transcript,
  family: string,
  root: [string, string, string],
  text: { symptoms: string[]; explanation: string; corrective: string; preventive: string },
  cite: readonly string[],
  from: number,
  to: number = tb.now,
) {
  return {
    family,
    d: diagnosis(tb, { root, ...text, evidence: cite.map((ref) => ({ ref, fromMs: from, toMs: to })) }),
  };
}

export const verifyTrend = (signals: readonly string[]) => (tb: Transcript, ctx: ScriptCtx) => {
  tb.trend(signals, ctx.fixT!, tb.now);
  tb.act('act.measure', { instrument: 'scale', n: 10 });
};

/** Restarts the machine while the candidate's own lock is still applied (§5.3 critical). */
export function restartWithLock(
  tb: Transcript,
  ctx: ScriptCtx,
  energies: string[],
  isolate: ('main' | 'air' | 'water' | 'hr')[],
): void {
  loto(tb, { ppe: ['glasses'], energies, isolate });
  tb.act('act.restart_semi');
  ctx.restartT = tb.now;
}

export const intruder = {
  user: 'maint',
  roles: ['maintenance' as const],
  channel: 'opcua' as const,
  client: 'ENG-PC-07',
};
