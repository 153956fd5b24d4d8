/** Small helpers shared by the MES, ERP and GMAO models. */
import type { ActionContext } from '../kernel/actions.ts';
import type { Role } from '../kernel/signal-schema.ts';
import type { Localized } from './types.ts';

/** Candidate roles, and everyone who may read the MES. */
export const CANDIDATE: Role[] = ['operator', 'technician'];
export const READ_ALL: Role[] = [
  'operator',
  'technician',
  'maintenance',
  'trainer',
  'mes',
  'integrator',
  'observer',
];

/** simulation ms of an action's boundary */
export const msOf = (ctx: Pick<ActionContext, 't'>): number => Math.round(ctx.t * 1000);

/**
 * The author shown in MES/ERP/GMAO records: the account of a candidate (or of an MES client or plant
 * service account such as the scenario's `stores`), never a trainer (hidden truth: an injected lot change
 * looks like the plant's), unless it names a plant role in `performedBy`.
 */
export function authorOf(ctx: Pick<ActionContext, 'actor'>, performedBy?: string): string {
  const a = ctx.actor;
  if (a.roles.includes('trainer')) return (performedBy ?? 'plant').slice(0, 64);
  return a.user.slice(0, 64);
}

/** Keep the last `max` items of a list (bounded state). Returns how many were dropped. */
export function bound<T>(list: T[], max: number): number {
  if (list.length <= max) return 0;
  const n = list.length - max;
  list.splice(0, n);
  return n;
}

export const L = (fr: string, en: string): Localized => ({ fr, en });

export const round = (v: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Index of the first element with key ≥ x in a list sorted by key (binary search). */
export function lowerBound<T>(list: readonly T[], x: number, key: (v: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Total length of the union of intervals [a, b), clipped to [from, to). */
export function unionLength(
  intervals: readonly (readonly [number, number])[],
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = Number.NaN;
  let curB = Number.NaN;
  for (const [a, b] of clipped) {
    if (Number.isNaN(curA) || a > curB) {
      if (!Number.isNaN(curA)) total += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (!Number.isNaN(curA)) total += curB - curA;
  return total;
}

/** Length of the part of [a, b) that does not overlap the union of `holes`. */
export function lengthOutside(a: number, b: number, holes: readonly (readonly [number, number])[]): number {
  return b - a - unionLength(holes, a, b);
}

/** A part's id: `<shot id>-<cavity>`. */
export const partId = (shot: number, cavity: number): string => `${shot}-${cavity}`;
