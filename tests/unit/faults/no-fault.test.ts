/**
 * Without a fault the cell stays quiet: for any seed, an hour of production raises no alarm beyond the
 * normal false-alarm rate (no alarm- or critical-level alarm at all; warnings and information on at most
 * 1 % of the shots); and the idle engine and gestures model are transparent: the same shots as the cell
 * alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { faultCell, shots } from '../../helpers/fault-cell.ts';

describe('no fault', () => {
  it('an hour of production raises no alarm beyond the normal false-alarm rate, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const c = faultCell({ seed });
        const serious: string[] = [];
        let minor = 0;
        c.st.hooks.on('alarm', (a) => {
          if (a.state !== 'active') return;
          if (a.severity === 'alarm' || a.severity === 'critical') serious.push(`${a.equipment}.${a.code}`);
          else minor++;
        });
        let n = 0;
        c.st.hooks.on('cycleEnd', (e) => {
          if (e.equipment === 'imm') n++;
        });
        c.st.runFor(3_600_000);
        expect(serious).toEqual([]);
        expect(n).toBeGreaterThan(170);
        expect(minor).toBeLessThanOrEqual(Math.ceil(0.01 * n));
      }),
      { numRuns: 5, seed: 4 },
    );
  });

  it('the idle engine and gestures model change nothing: the same shots as the cell alone', () => {
    const alone = new Station({ id: 'st1', seed: 7, models: createCellModels() });
    const a: unknown[] = [];
    alone.hooks.on('cycleEnd', (e) => {
      if (e.equipment === 'imm') a.push(e.record);
    });
    while (a.length < 10) alone.step();
    const b = shots(faultCell({ seed: 7 }).st, 10);
    expect(b.map((r) => [r.shot_id, r.cushion_end, r.weights, r.peak_inj_pressure, r.times.dose])).toEqual(
      (a as typeof b).map((r) => [r.shot_id, r.cushion_end, r.weights, r.peak_inj_pressure, r.times.dose]),
    );
  });
});
