/**
 * Fast-forward factor of one station, physics only (DESIGN.md budget: ≥ 5,000× real time, i.e. an 8 h
 * shift in ≤ 6 s), with no adapter attached.
 */
import { Station } from '../simulator/kernel/station.ts';
import { cellFactory } from '../simulator/server/models.ts';
import { parseConfig } from '../simulator/session/config.ts';

export function run(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const material of ['PP', 'ABS', 'PA6'] as const) {
    const config = parseConfig({ stations: { material } });
    const st = new Station({ id: 'st1', seed: 1, models: cellFactory(config)('st1', 0) });
    let shots = 0;
    st.hooks.on('cycleEnd', () => shots++);
    const simMs = 8 * 3600_000;
    const t0 = performance.now();
    st.runFor(simMs);
    const wall = performance.now() - t0;
    out[material] = {
      simulated_h: 8,
      wall_s: Math.round(wall) / 1000,
      factor: Math.round(simMs / wall),
      shots,
      signals: st.registry.size,
    };
  }
  return out;
}
