/**
 * Onset profiles (domain-model §3.16 "Drift profiles available to trainers"): step, ramp over a duration,
 * intermittent (on/off windows, optionally persistent after a while). Inside an "on" window an optional
 * Bernoulli probability `p` (params `p`, `per: shot|tick`) is drawn from the engine's own seeded stream.
 */
import type { RandomStream } from '../kernel/rng.ts';
import type { FaultInstance, Profile } from './types.ts';

/** Profile factor 0…1 at simulation time t (s) for a fault whose onset is at onsetS. */
export function profileFactor(p: Profile, t: number, onsetS: number): number {
  const dt = t - onsetS;
  if (dt < 0) return 0;
  switch (p.kind) {
    case 'step':
      return 1;
    case 'ramp':
      return Math.min(1, dt / Math.max(1e-9, p.duration_s));
    case 'intermittent': {
      if (p.persistent_after_s !== undefined && dt >= p.persistent_after_s) return 1;
      const period = p.on_s + p.off_s;
      return dt % period < p.on_s ? 1 : 0;
    }
  }
}

/** The intermittent profile has reached its persistent phase. */
export const isPersistent = (p: Profile, t: number, onsetS: number): boolean =>
  p.kind === 'intermittent' && p.persistent_after_s !== undefined && t - onsetS >= p.persistent_after_s;

/** Per-shot or per-tick Bernoulli draw of an intermittent fault (params `p`, `per`). */
export function drawIntermittent(inst: FaultInstance, rng: RandomStream, when: 'shot' | 'tick'): void {
  const p = inst.params.p;
  if (inst.profile.kind !== 'intermittent' || typeof p !== 'number') return;
  const per = inst.params.per === 'tick' ? 'tick' : 'shot';
  if (per !== when) return;
  inst.memo.drawOn = rng.chance(p);
}

/** The Bernoulli gate of an instance (true when no probability is set). */
export const bernoulliOn = (inst: FaultInstance): boolean =>
  typeof inst.params.p !== 'number' || inst.memo.drawOn !== false;

export function describeProfile(p: Profile): string {
  switch (p.kind) {
    case 'step':
      return 'step';
    case 'ramp':
      return `ramp over ${p.duration_s} s`;
    case 'intermittent':
      return `intermittent ${p.on_s} s on / ${p.off_s} s off${p.persistent_after_s !== undefined ? `, persistent after ${p.persistent_after_s} s` : ''}`;
  }
}
