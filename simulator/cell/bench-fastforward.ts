/**
 * Fast-forward benchmark of one station, physics only (DESIGN.md performance budget: ≥ 5,000× real time,
 * an 8 h shift in ≤ 6 s). `node simulator/cell/bench-fastforward.ts [hours] [material]` prints one JSON line;
 * `benchFastForward()` is exported for `npm run bench`.
 */

import { Station } from '../kernel/station.ts';
import { createCellModels } from './cell.ts';
import type { MaterialId } from './materials.ts';

export interface FastForwardResult {
  readonly simulatedS: number;
  readonly wallMs: number;
  readonly factor: number;
  readonly usPerTick: number;
  readonly shots: number;
}

export function benchFastForward(hours = 8, material: MaterialId = 'PP', seed = 1): FastForwardResult {
  const st = new Station({ id: 'bench', seed, models: createCellModels({ material }) });
  let shots = 0;
  st.hooks.on('cycleEnd', () => {
    shots++;
  });
  const ticks = Math.round((hours * 3600 * 1000) / st.clock.tickMs);
  const t0 = performance.now();
  st.runTicks(ticks);
  const wallMs = performance.now() - t0;
  const simulatedS = hours * 3600;
  return {
    simulatedS,
    wallMs,
    factor: (simulatedS * 1000) / wallMs,
    usPerTick: (wallMs * 1000) / ticks,
    shots,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const hours = Number(process.argv[2] ?? 8);
  const material = (process.argv[3] ?? 'PP') as MaterialId;
  const r = benchFastForward(hours, material);
  console.log(JSON.stringify({ bench: 'cell-fast-forward', material, hours, ...r }));
}
