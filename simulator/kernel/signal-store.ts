/**
 * Values of one station's signals in flat typed arrays, with cheap per-tick change collection:
 * a write compares against the current value and, on a change, appends the index to a dirty list once
 * per tick (an epoch stamp dedupes). No event-emitter call per signal per tick (issue 2 §4).
 *
 * Every value carries its source timestamp (simulation ms of the measurement) and quality; the server
 * timestamp is the time of the tick that collected it.
 */
import type { SignalRegistry } from './registry.ts';
import { Quality, type QualityCode, type RegisteredSignal } from './signal-schema.ts';

export type SignalValue = number | boolean | string;

/** The changes of one tick. `indices` is only valid during the synchronous `change` hook. */
export interface ChangeBatch {
  readonly indices: Int32Array;
  readonly count: number;
  /** simulation ms at which the batch was collected (the server timestamp) */
  readonly serverTs: number;
}

export class SignalStore {
  readonly registry: SignalRegistry;
  readonly num: Float64Array;
  readonly str: string[];
  readonly srcTs: Float64Array;
  readonly quality: Uint8Array;
  /** 1 while a measurement path is stale (domain-model F22): writes do not reach the published value */
  readonly frozen: Uint8Array;
  private readonly stamp: Uint32Array;
  private readonly dirty: Int32Array;
  private dirtyCount = 0;
  private epoch = 1;
  /** simulation ms used as source timestamp for writes; set by the station each tick */
  now = 0;

  constructor(registry: SignalRegistry) {
    const n = registry.size;
    this.registry = registry;
    this.num = new Float64Array(n);
    this.str = new Array<string>(n).fill('');
    this.srcTs = new Float64Array(n);
    this.quality = new Uint8Array(n);
    this.frozen = new Uint8Array(n);
    this.stamp = new Uint32Array(n);
    this.dirty = new Int32Array(n);
    for (const s of registry.signals) {
      const init = s.initial;
      if (s.type === 'string') this.str[s.index] = typeof init === 'string' ? init : '';
      else if (typeof init === 'number') this.num[s.index] = init;
      else if (typeof init === 'boolean') this.num[s.index] = init ? 1 : 0;
      else if (s.range && s.range.min > 0) this.num[s.index] = s.range.min;
      this.markDirty(s.index);
    }
  }

  get size(): number {
    return this.num.length;
  }

  /** Handle (dense index) of a signal by its full key. */
  handle(key: string): number {
    return this.registry.indexOf(key);
  }

  private markDirty(h: number): void {
    if (this.stamp[h] !== this.epoch) {
      this.stamp[h] = this.epoch;
      this.dirty[this.dirtyCount++] = h;
    }
  }

  /** Write a numeric (float, int, bool as 0/1, enum index) value with Good quality. */
  set(h: number, v: number): void {
    if (this.frozen[h] === 1) return;
    if (this.num[h] !== v || this.quality[h] !== Quality.Good) {
      this.num[h] = v;
      this.quality[h] = Quality.Good;
      this.srcTs[h] = this.now;
      this.markDirty(h);
    }
  }

  setBool(h: number, v: boolean): void {
    this.set(h, v ? 1 : 0);
  }

  setStr(h: number, v: string): void {
    if (this.frozen[h] === 1) return;
    if (this.str[h] !== v || this.quality[h] !== Quality.Good) {
      this.str[h] = v;
      this.quality[h] = Quality.Good;
      this.srcTs[h] = this.now;
      this.markDirty(h);
    }
  }

  /** Change the quality alone; the value and its source timestamp stay (domain-model §7.1). */
  setQuality(h: number, q: QualityCode): void {
    if (this.quality[h] !== q) {
      this.quality[h] = q;
      this.markDirty(h);
    }
  }

  /**
   * Freeze the published value of a measurement (stale communication): later writes are dropped, the old
   * source timestamp stays, and the quality becomes `q`.
   */
  freeze(h: number, q: QualityCode): void {
    this.frozen[h] = 1;
    this.setQuality(h, q);
  }

  unfreeze(h: number): void {
    this.frozen[h] = 0;
  }

  get(h: number): number {
    return this.num[h]!;
  }

  getBool(h: number): boolean {
    return this.num[h] !== 0;
  }

  getStr(h: number): string {
    return this.str[h]!;
  }

  /** The value as JavaScript sees it: boolean for bool, string for string, number otherwise. */
  value(h: number): SignalValue {
    const s = this.registry.signals[h]!;
    if (s.type === 'string') return this.str[h]!;
    if (s.type === 'bool') return this.num[h] !== 0;
    return this.num[h]!;
  }

  /** Typed value for a signal, used by the command API. */
  assign(sig: RegisteredSignal, v: SignalValue): void {
    if (sig.type === 'string') this.setStr(sig.index, String(v));
    else if (typeof v === 'boolean') this.set(sig.index, v ? 1 : 0);
    else this.set(sig.index, Number(v));
  }

  /** Hand over this tick's changes and start a new epoch. */
  collect(serverTs: number): ChangeBatch {
    const batch: ChangeBatch = {
      indices: this.dirty.subarray(0, this.dirtyCount),
      count: this.dirtyCount,
      serverTs,
    };
    this.dirtyCount = 0;
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    return batch;
  }

  /** Plain-data copy for snapshots. */
  snapshot(): { num: number[]; str: string[]; srcTs: number[]; quality: number[]; frozen: number[] } {
    return {
      num: Array.from(this.num),
      str: [...this.str],
      srcTs: Array.from(this.srcTs),
      quality: Array.from(this.quality),
      frozen: Array.from(this.frozen),
    };
  }

  restore(s: ReturnType<SignalStore['snapshot']>): void {
    this.num.set(s.num);
    s.str.forEach((v, i) => {
      this.str[i] = v;
    });
    this.srcTs.set(s.srcTs);
    this.quality.set(s.quality);
    this.frozen.set(s.frozen);
    for (let i = 0; i < this.size; i++) this.markDirty(i);
  }
}
