/**
 * Downsampling (issue 10): per series and per level (1 s, 10 s, 1 min) one open bucket accumulates
 * min, max, sum, count, last and the worst quality of the raw samples whose time falls in
 * [start, start + ms). A bucket is closed when a later sample arrives past its end, or when the
 * station's clock has passed its end (`closeUntil`), and handed to `emit` once.
 *
 * The mean is the arithmetic mean of the samples stored (samples are taken on change, once per tick at
 * most), which is what a trend of a noisy measurement shows; buckets with no sample do not exist, so a
 * frozen sensor (domain-model F22) leaves a gap at every level.
 */
import { LEVELS } from './types.ts';

export interface Bucket {
  readonly sid: number;
  readonly level: number;
  /** bucket start, simulation ms */
  readonly start: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly last: number;
  readonly count: number;
  /** worst quality seen in the bucket */
  readonly q: number;
}

/** Start of the bucket of length `ms` holding time `t` (t ≥ 0 in practice; floor for negatives). */
export const bucketStart = (t: number, ms: number): number => Math.floor(t / ms) * ms;

class Acc {
  start = Number.NaN;
  min = 0;
  max = 0;
  sum = 0;
  last = 0;
  count = 0;
  q = 0;
}

export class Downsampler {
  private readonly levels: readonly number[];
  /** accumulators by sid, one per level */
  private readonly open = new Map<number, Acc[]>();
  private readonly emit: (b: Bucket) => void;

  constructor(emit: (b: Bucket) => void, levelsMs: readonly number[] = LEVELS.map((l) => l.ms)) {
    this.emit = emit;
    this.levels = levelsMs;
  }

  private accs(sid: number): Acc[] {
    let a = this.open.get(sid);
    if (!a) {
      a = this.levels.map(() => new Acc());
      this.open.set(sid, a);
    }
    return a;
  }

  private close(sid: number, level: number, a: Acc): void {
    if (a.count > 0) {
      this.emit({
        sid,
        level,
        start: a.start,
        min: a.min,
        max: a.max,
        mean: a.sum / a.count,
        last: a.last,
        count: a.count,
        q: a.q,
      });
    }
    a.count = 0;
    a.start = Number.NaN;
  }

  /** Add one raw sample (samples of a series arrive in time order). */
  add(sid: number, t: number, v: number, q: number): void {
    const accs = this.accs(sid);
    for (let l = 0; l < accs.length; l++) {
      const a = accs[l]!;
      const start = bucketStart(t, this.levels[l]!);
      if (a.start !== start) {
        if (a.count > 0) this.close(sid, l, a);
        a.start = start;
        a.min = v;
        a.max = v;
        a.sum = 0;
        a.count = 0;
        a.q = 0;
      }
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      a.sum += v;
      a.last = v;
      a.count++;
      if (q > a.q) a.q = q;
    }
  }

  /** Close every open bucket of the given series whose end is at or before `now` (simulation ms). */
  closeUntil(sids: Iterable<number>, now: number): void {
    for (const sid of sids) {
      const accs = this.open.get(sid);
      if (!accs) continue;
      for (let l = 0; l < accs.length; l++) {
        const a = accs[l]!;
        if (a.count > 0 && a.start + this.levels[l]! <= now) this.close(sid, l, a);
      }
    }
  }

  /** Close everything (shutdown). */
  closeAll(): void {
    for (const [sid, accs] of this.open) for (let l = 0; l < accs.length; l++) this.close(sid, l, accs[l]!);
  }

  /** The still-open bucket of a series at a level, for queries that reach the present. */
  peek(sid: number, level: number): Bucket | undefined {
    const a = this.open.get(sid)?.[level];
    if (!a || a.count === 0) return undefined;
    return {
      sid,
      level,
      start: a.start,
      min: a.min,
      max: a.max,
      mean: a.sum / a.count,
      last: a.last,
      count: a.count,
      q: a.q,
    };
  }
}
