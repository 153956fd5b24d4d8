/**
 * Headless fast-forward of one cell (issue 3): `plastlab simulate --duration 8h --seed 1 --material PA6
 * --set imm.hold_pressure_sp=40 --out shift.csv` is wired on top of this by the CLI.
 */
import type { Actor, CommandRecord } from '../kernel/command-types.ts';
import { Station } from '../kernel/station.ts';
import { createCellModels } from './cell.ts';
import type { MaterialId } from './materials.ts';
import { type EmittedShotRecord, fromEmitted, type ShotRecord } from './shot-record.ts';

export interface SimulateOptions {
  durationS: number;
  seed: number;
  material?: MaterialId;
  hotRunner?: boolean;
  start?: 'production' | 'cold';
  /** signal writes applied at t = 0 through the command API (validated like any write) */
  set?: Record<string, number | boolean | string>;
  onShot?: (r: ShotRecord) => void;
  /** called once the station exists and the `set` writes are applied, before the run */
  onStation?: (st: Station) => void;
}

export const CLI_ACTOR: Actor = { user: 'cli', roles: ['system'], channel: 'cli' };

export function simulate(opts: SimulateOptions): { shots: number; station: Station } {
  const models = createCellModels({
    ...(opts.material ? { material: opts.material } : {}),
    ...(opts.hotRunner !== undefined ? { hotRunner: opts.hotRunner } : {}),
    ...(opts.start ? { start: opts.start } : {}),
  });
  const station = new Station({ id: 'sim', seed: opts.seed, models });
  let shots = 0;
  station.hooks.on(
    'cycleEnd',
    (e) => {
      if (e.equipment !== 'imm') return;
      shots++;
      opts.onShot?.(fromEmitted(e.record as EmittedShotRecord));
    },
    { owner: 'simulate' },
  );
  let stepped = 0;
  const entries = Object.entries(opts.set ?? {});
  if (entries.length) {
    const recs: CommandRecord[] = [];
    const off = station.hooks.on('command', (r) => recs.push(r), { owner: 'simulate' });
    for (const [signal, value] of entries) {
      void station.submit({ station: station.id, actor: CLI_ACTOR, input: { kind: 'write', signal, value } });
    }
    station.step(); // the writes apply at the first tick boundary (t = 0)
    stepped = 1;
    off();
    const bad = recs.find((r) => r.status === 'rejected');
    if (bad) throw new Error(bad.rejection?.message ?? `${bad.input.kind} rejected`);
  }
  opts.onStation?.(station);
  const ticks = Math.max(0, Math.round((opts.durationS * 1000) / station.clock.tickMs) - stepped);
  station.runTicks(ticks);
  return { shots, station };
}
