/**
 * Kernel benchmark (issue 2 §8): cost of one tick against the number of signals (1k, 10k, 100k), with
 * every signal written each tick and a change-hook consumer walking the batch, as adapters do.
 */
import type { BindContext, Model, StepContext } from '../simulator/kernel/model.ts';
import type { SignalDefInput } from '../simulator/kernel/signal-schema.ts';
import { Station } from '../simulator/kernel/station.ts';
import { timeIt, writeResult } from './lib.ts';

class Synthetic implements Model {
  readonly id = 'syn';
  private readonly n: number;
  private readonly changeEvery: number;
  private base = 0;
  constructor(n: number, changeEvery: number) {
    this.n = n;
    this.changeEvery = changeEvery;
  }
  declare(): SignalDefInput[] {
    return Array.from({ length: this.n }, (_, i) => ({
      id: `s${i}`,
      label: { fr: `s${i}`, en: `s${i}` },
      type: 'float' as const,
      access: { read: ['operator' as const] },
      visibility: 'candidate' as const,
      kind: 'measurement' as const,
    }));
  }
  bind(ctx: BindContext): void {
    this.base = ctx.handle('syn.s0');
  }
  step(ctx: StepContext): void {
    const s = ctx.store;
    const k = ctx.tick;
    // every signal is written; one in `changeEvery` actually changes value
    for (let i = 0; i < this.n; i++) s.set(this.base + i, i % this.changeEvery === 0 ? k + i : i);
  }
  snapshot() {
    return {};
  }
  restore() {}
}

export function run(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of [1_000, 10_000, 100_000]) {
    for (const changeEvery of [1, 10]) {
      const st = new Station({ id: 'b', seed: 1, models: [new Synthetic(n, changeEvery)] });
      let seen = 0;
      st.hooks.on('change', (b) => {
        for (let i = 0; i < b.count; i++) seen += b.indices[i]! & 1;
      });
      st.runTicks(20); // warm-up
      const ticks = n >= 100_000 ? 100 : 1000;
      const t = timeIt(() => st.runTicks(ticks), 5);
      const perTick = t.median_ms / ticks;
      out[`signals_${n}_changing_${changeEvery === 1 ? 'all' : '10pct'}`] = {
        tick_us: Math.round(perTick * 1000 * 10) / 10,
        ns_per_signal: Math.round((perTick * 1e6) / n),
        checksum: seen > 0,
      };
    }
  }
  return out;
}

if (import.meta.main) {
  const file = writeResult('kernel', run());
  console.log(`kernel benchmark written to ${file}`);
}
