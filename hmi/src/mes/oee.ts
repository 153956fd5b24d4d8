/**
 * NF E60-182 time categories of an OEE bucket for display (domain-model §6.1): Tt → To → Tr → Tf → Tn → Tu
 * with the loss between each step. The API's buckets spread the window (`from`, `to` in simulation ms)
 * over the OEE result, so their `to` field is the window end, not the opening time To; To is recovered
 * from TRG = Tu/To, or as Tr plus the planned stops when nothing useful was made.
 */
import type { MesOeeBucket } from './api.ts';

export interface TimeStep {
  readonly id: 'tt' | 'to' | 'tr' | 'tf' | 'tn' | 'tu';
  /** seconds */
  readonly value: number;
  /** seconds lost from the previous step, and to what */
  readonly loss: number;
  readonly lossKind: 'closure' | 'planned' | 'availability' | 'performance' | 'quality' | null;
}

type Times = Pick<MesOeeBucket, 'tt' | 'to' | 'tr' | 'tf' | 'tn' | 'tu' | 'trg' | 'losses'>;

/** Opening time To (s) of a bucket (see the note above). */
export function openingTime(b: Times): number {
  if (b.to >= 0 && b.to <= b.tt + 1e-6) return b.to;
  if (b.trg !== null && b.trg > 0 && b.tu > 0) return Math.min(b.tt, b.tu / b.trg);
  const planned = b.losses.planned.reduce((a, x) => a + x.seconds, 0);
  return Math.min(b.tt, b.tr + planned);
}

export function timeLadder(b: Times): TimeStep[] {
  const to = openingTime(b);
  const step = (
    id: TimeStep['id'],
    value: number,
    prev: number,
    lossKind: TimeStep['lossKind'],
  ): TimeStep => ({
    id,
    value,
    loss: Math.max(0, prev - value),
    lossKind,
  });
  return [
    step('tt', b.tt, b.tt, null),
    step('to', to, b.tt, 'closure'),
    step('tr', b.tr, to, 'planned'),
    step('tf', b.tf, b.tr, 'availability'),
    step('tn', b.tn, b.tf, 'performance'),
    step('tu', b.tu, b.tn, 'quality'),
  ];
}
