/**
 * Virtual clock (DESIGN.md principle 4, SimPy-style): simulation time advances only by whole ticks, in
 * integer milliseconds, so two runs with the same seed and commands see exactly the same times.
 */
export class VirtualClock {
  /** simulation milliseconds since the start of the run */
  now = 0;
  /** number of ticks completed */
  tick = 0;

  readonly tickMs: number;

  constructor(tickMs: number) {
    if (!Number.isInteger(tickMs) || tickMs < 1 || tickMs > 10_000) {
      throw new RangeError(`tickMs: ${tickMs} must be an integer between 1 and 10000 ms`);
    }
    this.tickMs = tickMs;
  }

  /** seconds per tick, for the physics */
  get dt(): number {
    return this.tickMs / 1000;
  }

  /** simulation seconds since the start */
  get seconds(): number {
    return this.now / 1000;
  }

  advance(): void {
    this.tick++;
    this.now = this.tick * this.tickMs;
  }

  restore(tick: number): void {
    this.tick = tick;
    this.now = tick * this.tickMs;
  }
}
