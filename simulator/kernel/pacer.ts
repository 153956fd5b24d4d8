/**
 * Pacing of the virtual clock (DESIGN.md principle 4, SimPy's real-time vs virtual environment):
 * - `RealTimePacer` runs one step per tick of wall time, drift-free, counting overruns and recording
 *   tick durations. When it falls behind it catches up a few ticks and then slips, counting the slip;
 * - `fastForward` runs steps as fast as the CPU allows, yielding to the event loop now and then.
 * Both take the time source and the scheduler as parameters, so tests drive them in virtual time.
 */
import { TickStats } from './tick-stats.ts';

export interface TimeSource {
  /** monotonic milliseconds */
  now(): number;
  /** run `fn` after `ms`; returns a cancel function */
  schedule(fn: () => void, ms: number): () => void;
}

export const systemTime: TimeSource = {
  now: () => performance.now(),
  schedule: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(t);
  },
};

export interface PacerOptions {
  readonly tickMs: number;
  /** advance the simulation by one tick */
  readonly step: () => void;
  readonly time?: TimeSource;
  /** most ticks run back-to-back to catch up before slipping */
  readonly maxCatchUp?: number;
}

export class RealTimePacer {
  readonly stats = new TickStats();
  readonly tickMs: number;
  private readonly step: () => void;
  private readonly time: TimeSource;
  private readonly maxCatchUp: number;
  private t0 = 0;
  private done = 0;
  private cancel: (() => void) | undefined;
  private running = false;
  /** ticks dropped because the pacer fell too far behind */
  slipped = 0;

  constructor(opts: PacerOptions) {
    this.tickMs = opts.tickMs;
    this.step = opts.step;
    this.time = opts.time ?? systemTime;
    this.maxCatchUp = opts.maxCatchUp ?? 5;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.t0 = this.time.now();
    this.done = 0;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(): void {
    if (!this.running) return;
    const next = this.t0 + (this.done + 1) * this.tickMs;
    this.cancel = this.time.schedule(() => this.wake(), next - this.time.now());
  }

  private wake(): void {
    if (!this.running) return;
    const now = this.time.now();
    let due = Math.floor((now - this.t0) / this.tickMs) - this.done;
    if (due > this.maxCatchUp) {
      const skip = due - this.maxCatchUp;
      this.slipped += skip;
      for (let i = 0; i < skip; i++) this.stats.countLate();
      this.t0 += skip * this.tickMs;
      due = this.maxCatchUp;
    }
    for (let i = 0; i < due && this.running; i++) {
      const start = this.time.now();
      this.step();
      this.done++;
      this.stats.record(this.time.now() - start, this.tickMs);
    }
    this.arm();
  }
}

/**
 * Run `ticks` steps as fast as possible. With `yieldEvery`, gives the event loop a turn every so many
 * ticks (a server stays responsive during a long fast-forward).
 */
export async function fastForward(
  step: () => void,
  ticks: number,
  opts: { yieldEvery?: number; onProgress?: (done: number) => void } = {},
): Promise<void> {
  const every = opts.yieldEvery ?? 0;
  for (let i = 0; i < ticks; i++) {
    step();
    if (every > 0 && (i + 1) % every === 0) {
      opts.onProgress?.(i + 1);
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}
