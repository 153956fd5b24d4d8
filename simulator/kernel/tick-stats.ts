/** Tick-duration statistics: a ring of recent durations for percentiles, and an overrun counter. */
export class TickStats {
  private readonly ring: Float64Array;
  private n = 0;
  private pos = 0;
  ticks = 0;
  overruns = 0;
  maxMs = 0;

  constructor(capacity = 4096) {
    this.ring = new Float64Array(capacity);
  }

  record(durationMs: number, budgetMs: number): void {
    this.ring[this.pos] = durationMs;
    this.pos = (this.pos + 1) % this.ring.length;
    if (this.n < this.ring.length) this.n++;
    this.ticks++;
    if (durationMs > this.maxMs) this.maxMs = durationMs;
    if (durationMs > budgetMs) this.overruns++;
  }

  /** Start a new measurement window for the percentiles and the maximum (totals are kept). */
  resetWindow(): void {
    this.n = 0;
    this.pos = 0;
    this.maxMs = 0;
  }

  /** Count a tick that started too late (the pacer fell behind wall time). */
  countLate(): void {
    this.overruns++;
  }

  percentile(p: number): number {
    if (this.n === 0) return 0;
    const sorted = Array.from(this.ring.subarray(0, this.n)).sort((a, b) => a - b);
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[idx]!;
  }

  summary(): { p50_ms: number; p99_ms: number; max_ms: number; overruns: number; ticks: number } {
    const r = (x: number) => Math.round(x * 1000) / 1000;
    return {
      p50_ms: r(this.percentile(50)),
      p99_ms: r(this.percentile(99)),
      max_ms: r(this.maxMs),
      overruns: this.overruns,
      ticks: this.ticks,
    };
  }
}
