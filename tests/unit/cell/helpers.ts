/** Helpers for the cell calibration tests: run a station in fast-forward and collect ShotRecords. */
import { createCellModels } from '../../../simulator/cell/cell.ts';
import type { MaterialId } from '../../../simulator/cell/materials.ts';
import { type EmittedShotRecord, fromEmitted, type ShotRecord } from '../../../simulator/cell/shot-record.ts';
import { CLI_ACTOR } from '../../../simulator/cell/simulate.ts';
import type { CommandRecord } from '../../../simulator/kernel/command-types.ts';
import { Station } from '../../../simulator/kernel/station.ts';

export interface RunOpts {
  material?: MaterialId;
  hotRunner?: boolean;
  start?: 'production' | 'cold';
  seed?: number;
  set?: Record<string, number | boolean | string>;
  /** shots to collect after `skip` shots */
  shots: number;
  skip?: number;
  /** called with the station before the run (fault surface, extra writes) */
  setup?: (st: Station) => void;
  /** do not collect shots that start before this simulated time, s */
  fromS?: number;
  maxS?: number;
}

export function newCell(o: {
  material?: MaterialId;
  hotRunner?: boolean;
  start?: 'production' | 'cold';
  seed?: number;
}): Station {
  return new Station({
    id: 'st1',
    seed: o.seed ?? 7,
    models: createCellModels({
      ...(o.material ? { material: o.material } : {}),
      ...(o.hotRunner ? { hotRunner: true } : {}),
      ...(o.start ? { start: o.start } : {}),
    }),
  });
}

/** Apply writes through the command API at the next boundary (one tick); throws on a rejection. */
export function write(st: Station, set: Record<string, number | boolean | string>): void {
  const recs: CommandRecord[] = [];
  const off = st.hooks.on('command', (r) => recs.push(r));
  for (const [signal, value] of Object.entries(set)) {
    void st.submit({ station: st.id, actor: CLI_ACTOR, input: { kind: 'write', signal, value } });
  }
  st.step();
  off();
  const bad = recs.find((r) => r.status === 'rejected');
  if (bad) throw new Error(bad.rejection?.message);
}

/** Run an action through the command API; returns its result. */
export function act(st: Station, action: string, args: unknown = {}): unknown {
  const recs: CommandRecord[] = [];
  const off = st.hooks.on('command', (r) => recs.push(r));
  void st.submit({ station: st.id, actor: CLI_ACTOR, input: { kind: 'action', action, args } });
  st.step();
  off();
  const r = recs[0]!;
  if (r.status === 'rejected') throw new Error(r.rejection?.message);
  return r.result;
}

/** Step the station until `n` more shots are recorded (or maxS of simulated time passes). */
export function collect(
  st: Station,
  n: number,
  opts: { skip?: number; fromS?: number; maxS?: number } = {},
): ShotRecord[] {
  const out: ShotRecord[] = [];
  let seen = 0;
  const skip = opts.skip ?? 0;
  const off = st.hooks.on('cycleEnd', (e) => {
    if (e.equipment !== 'imm') return;
    seen++;
    const rec = fromEmitted(e.record as EmittedShotRecord);
    if (seen <= skip || rec.t_start < (opts.fromS ?? 0)) return;
    out.push(rec);
  });
  const tMax = st.clock.seconds + (opts.maxS ?? (opts.fromS ?? 0) + 40 * (n + skip) + 120);
  while (out.length < n && st.clock.seconds < tMax) st.step();
  off();
  return out;
}

export function runShots(o: RunOpts): { shots: ShotRecord[]; station: Station } {
  const st = newCell(o);
  if (o.set) write(st, o.set);
  o.setup?.(st);
  const shots = collect(st, o.shots, {
    skip: o.skip ?? 2,
    ...(o.fromS !== undefined ? { fromS: o.fromS } : {}),
    ...(o.maxS !== undefined ? { maxS: o.maxS } : {}),
  });
  return { shots, station: st };
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / Math.max(1, xs.length - 1));
};
export const cv = (xs: readonly number[]): number => sd(xs) / mean(xs);
export const col = (shots: readonly ShotRecord[], f: (r: ShotRecord) => number): number[] => shots.map(f);
export const avg = (shots: readonly ShotRecord[], f: (r: ShotRecord) => number): number => mean(shots.map(f));
export const weightMean = (r: ShotRecord): number => 0.5 * (r.weights[0] + r.weights[1]);
