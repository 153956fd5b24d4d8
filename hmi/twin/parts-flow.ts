/**
 * Parts on the conveyor, rebuilt from process values (domain-model §3.13): the robot letting a part go
 * over the belt (its part-present signal dropping away from the mould, or its RELEASE step) puts a shot
 * on the belt; the belt carries it at
 * the measured speed (m/min) while it runs; each new inspection (the vision counters) gives the oldest
 * part without a verdict its verdict; rejects leave the belt at the diverter, good parts fall into the bin
 * at the end. The same tracker runs live (one step per tick) and in replay (one step per recorded
 * sample, rebuilt from the start of the window on a backward seek), so both show the same flow.
 */
import type { Readings } from './bindings.ts';

export type Verdict = 'GOOD' | 'REJECT' | 'NONE';

export interface FlowPart {
  readonly id: number;
  /** belt travel when it was placed, m */
  readonly s0: number;
  verdict: Verdict | null;
}

export interface FlowOptions {
  /** belt length, m */
  readonly length: number;
  /** where rejects leave the belt, m from the place position */
  readonly divertAt: number;
  /** most parts kept on the belt (bounded) */
  readonly maxParts?: number;
}

interface Prev {
  t: number;
  step: string | null;
  part: boolean | null;
  inspected: number | null;
  rejected: number | null;
}

export class PartsFlow {
  private readonly o: Required<FlowOptions>;
  private prev: Prev | null = null;
  /** belt travel since the start, m */
  travel = 0;
  parts: FlowPart[] = [];
  private pending: Verdict[] = [];
  private nextId = 1;
  /** parts that left the belt in this tracker's life, by destination */
  intoGood = 0;
  intoReject = 0;

  constructor(o: FlowOptions) {
    this.o = { maxParts: 40, ...o };
  }

  reset(): void {
    this.prev = null;
    this.travel = 0;
    this.parts = [];
    this.pending = [];
    this.intoGood = 0;
    this.intoReject = 0;
  }

  /** Position of a part on the belt, m from the place position. */
  at(p: FlowPart): number {
    return this.travel - p.s0;
  }

  /** Advance to simulation time `t` (ms) with the readings of that instant. */
  step(t: number, r: Readings): void {
    const prev = this.prev;
    const c = r.conveyor;
    if (prev) {
      const dt = Math.max(0, Math.min(5000, t - prev.t)) / 1000;
      const running = c.run !== false && c.tripped !== true;
      if (running && c.speed !== null && c.speed > 0) this.travel += (c.speed / 60) * dt;
      // placement: the part let go away from the mould (part-present dropping, robot out over the belt);
      // a part dropped in the mould area is not on the belt. Without that signal: the RELEASE step.
      const placed =
        r.robot.part !== null
          ? prev.part === true && r.robot.part === false && (r.robot.x ?? Number.POSITIVE_INFINITY) > 300
          : r.robot.step === 'RELEASE' && prev.step !== 'RELEASE';
      if (placed) {
        const v = this.pending.shift() ?? null;
        this.parts.push({ id: this.nextId++, s0: this.travel, verdict: v });
        if (this.parts.length > this.o.maxParts) this.parts.shift();
      }
      // inspections: one verdict per new inspection; a new reject makes it a reject
      const di = delta(prev.inspected, r.vision.inspected);
      const dr = delta(prev.rejected, r.vision.rejected);
      for (let i = 0; i < di; i++) {
        const v: Verdict = i < dr ? 'REJECT' : r.vision.result === 'NOT_FOUND' ? 'NONE' : 'GOOD';
        const waiting = this.parts.find((p) => p.verdict === null);
        if (waiting) waiting.verdict = v;
        else {
          this.pending.push(v);
          if (this.pending.length > 8) this.pending.shift();
        }
      }
    }
    // parts leave the belt: rejects at the diverter, the rest at the end
    const kept: FlowPart[] = [];
    for (const p of this.parts) {
      const s = this.at(p);
      if (p.verdict === 'REJECT' && s >= this.o.divertAt) this.intoReject++;
      else if (s >= this.o.length) this.intoGood++;
      else kept.push(p);
    }
    this.parts = kept;
    this.prev = {
      t,
      step: r.robot.step,
      part: r.robot.part,
      inspected: r.vision.inspected,
      rejected: r.vision.rejected,
    };
  }
}

/** Increment of a counter between two readings (0 on the first reading, a reset or a huge jump). */
function delta(a: number | null, b: number | null): number {
  if (a === null || b === null) return 0;
  const d = b - a;
  return d > 0 && d <= 5 ? d : 0;
}
