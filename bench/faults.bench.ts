/**
 * Fault engine cost and reach (issue 4): fast-forward factor of one station (cell, MES, fault engine,
 * gestures) with 0, 1 and 4 active faults — the engine re-applies every surface each tick while a fault is
 * active — and the number of ticks from a `fault.inject` submission to the first change of the fault's
 * leading signal in the signal store (what every adapter then publishes).
 */

import { wireStation } from '../simulator/faults/wire.ts';
import type { Actor } from '../simulator/kernel/command-types.ts';
import { Station } from '../simulator/kernel/station.ts';
import { cellFactory } from '../simulator/server/models.ts';
import { parseConfig } from '../simulator/session/config.ts';

const TRAINER: Actor = { user: 'bench', roles: ['trainer'], channel: 'cli' };

function station(): Station {
  const st = new Station({ id: 'st1', seed: 1, models: cellFactory(parseConfig({}))('st1', 0) });
  wireStation(st);
  st.runFor(60_000);
  return st;
}

function factor(faults: Record<string, unknown>[]): { factor: number; wall_s: number } {
  const st = station();
  for (const f of faults)
    void st.submit({
      station: st.id,
      actor: TRAINER,
      input: { kind: 'action', action: 'fault.inject', args: f },
    });
  st.step();
  const simMs = 3600_000;
  const t0 = performance.now();
  st.runFor(simMs);
  const wall = performance.now() - t0;
  return { factor: Math.round(simMs / wall), wall_s: Math.round(wall) / 1000 };
}

/** ticks from the submission to the first change of `key` (value or quality) */
function reach(args: Record<string, unknown>, key: string): number {
  const st = station();
  const h = st.store.handle(key);
  const v0 = st.store.get(h);
  const q0 = st.store.quality[h];
  void st.submit({ station: st.id, actor: TRAINER, input: { kind: 'action', action: 'fault.inject', args } });
  for (let n = 1; n <= 600; n++) {
    st.step();
    if (st.store.get(h) !== v0 || st.store.quality[h] !== q0) return n;
  }
  return -1;
}

const CONFIGS: Record<string, Record<string, unknown>[]> = {
  no_fault: [],
  one_fault_F03_ramp: [{ fault: 'F03' }],
  four_faults: [
    { fault: 'F03' },
    { fault: 'F04' },
    { fault: 'F17' },
    { fault: 'F21', variant: 'voltage_sag' },
  ],
};

export function run(): Record<string, unknown> {
  factor([]); // warm-up (JIT)
  // best of 3, interleaved, so a busy machine penalises every configuration alike
  const best: Record<string, { factor: number; wall_s: number }> = {};
  for (let rep = 0; rep < 3; rep++) {
    for (const [name, faults] of Object.entries(CONFIGS)) {
      const r = factor(faults);
      if (!best[name] || r.factor > best[name]!.factor) best[name] = r;
    }
  }
  const ratio = (n: string) => Math.round((100 * best[n]!.factor) / best.no_fault!.factor) / 100;
  return {
    fast_forward: {
      ...best,
      ratio_one_fault: ratio('one_fault_F03_ramp'),
      ratio_four_faults: ratio('four_faults'),
    },
    ticks_to_first_change: {
      'F01 imm.zone2.output_pct': reach({ fault: 'F01' }, 'imm.zone2.output_pct'),
      'F22 tcu2.supply_temp quality': reach({ fault: 'F22' }, 'tcu2.supply_temp'),
      'F23 imm.hold_pressure_sp': reach({ fault: 'F23' }, 'imm.hold_pressure_sp'),
      'F10 imm.clamp_force': reach({ fault: 'F10', profile: { kind: 'step' } }, 'imm.clamp_force'),
    },
    tick_ms: 100,
  };
}
