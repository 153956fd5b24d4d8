import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import { Station } from '../../../simulator/kernel/station.ts';
import { createMesModels, type MesModel } from '../../../simulator/mes/index.ts';
import { explainOee, oeeWindow } from '../../../simulator/mes/mes/oee-window.ts';
import { computeOee } from '../../../simulator/mes/oee.ts';
import { candidate } from '../../helpers/actors.ts';
import { ScriptedShots, scriptedRecord } from '../../helpers/mes-machine.ts';

describe('OEE / TRS per NF E60-182 (domain-model §6.1)', () => {
  it('reproduces the worked example: A = 0.90, P = 0.926, Q = 0.95, OEE = 0.79', () => {
    const r = computeOee({
      tt: 7200,
      closure: 0,
      planned: 0,
      unplanned: 720,
      refTime: 300 * 20,
      parts: 600,
      good: 570,
    });
    expect(r.tr).toBe(7200);
    expect(r.tf).toBe(6480);
    expect(r.availability).toBeCloseTo(0.9, 10);
    expect(r.performance).toBeCloseTo(0.926, 3);
    expect(r.quality).toBeCloseTo(0.95, 10);
    expect(r.oee).toBeCloseTo(0.79, 2);
    expect(r.oee).toBeCloseTo(0.9 * (6000 / 6480) * 0.95, 12);
    // Tn = N × T_ref, Tu = Tn × Q, TRS = Tu/Tr
    expect(r.tn).toBe(6000);
    expect(r.tu).toBeCloseTo(5700, 9);
    expect(r.tu / r.tr).toBeCloseTo(r.oee!, 12);
    expect(r.performanceFlag).toBeNull();
  });

  it('subtracts closure from To and planned stops from Tr (TRG = Tu/To, TRE = Tu/Tt)', () => {
    const r = computeOee({
      tt: 8000,
      closure: 800,
      planned: 600,
      unplanned: 0,
      refTime: 6000,
      parts: 600,
      good: 600,
    });
    expect(r.to).toBe(7200);
    expect(r.tr).toBe(6600);
    expect(r.availability).toBe(1);
    expect(r.trg).toBeCloseTo(6000 / 7200, 12);
    expect(r.tre).toBeCloseTo(6000 / 8000, 12);
  });

  it('caps a performance above 100 % and flags it (wrong reference cycle)', () => {
    const r = computeOee({
      tt: 3600,
      closure: 0,
      planned: 0,
      unplanned: 0,
      refTime: 200 * 20,
      parts: 400,
      good: 400,
    });
    expect(r.performanceRaw).toBeCloseTo(4000 / 3600, 12);
    expect(r.performance).toBe(1);
    expect(r.performanceFlag).toBe('above_100');
    expect(r.oee).toBe(1);
    expect(r.tn).toBe(3600);
  });

  it('gives null ratios for an empty period instead of dividing by zero', () => {
    const r = computeOee({ tt: 0, closure: 0, planned: 0, unplanned: 0, refTime: 0, parts: 0, good: 0 });
    expect(r.availability).toBeNull();
    expect(r.quality).toBeNull();
    expect(r.oee).toBeNull();
  });
});

/**
 * The worked example played through the MES: 2 h, cycles of 21.6 s against a 20 s reference, a 12-minute
 * stop after 150 shots, cavity 2 rejected every 10th shot (30 of 600 parts).
 */
function workedExample(): { st: Station; mes: MesModel } {
  const recs: Record<string, unknown>[] = [];
  let id = 0;
  for (const start of [0, 3960]) {
    for (let k = 0; k < 150; k++) {
      id++;
      recs.push(
        scriptedRecord(
          id,
          start + k * 21.6,
          start + (k + 1) * 21.6,
          id % 10 === 0 ? 'short_shot' : undefined,
        ),
      );
    }
  }
  const press = new ScriptedShots(recs);
  const st = new Station({
    id: 'st1',
    seed: 1,
    models: [press, ...createMesModels({ material: 'PP', peers: [press], restartGapS: 1e6 })],
  });
  st.runFor(7_200_200);
  return { st, mes: st.model<MesModel>('mes')! };
}

describe('OEE of the MES records', () => {
  it('measures the worked example from the shots and the stop it detected', () => {
    const { st, mes } = workedExample();
    const w = oeeWindow(mes.s, 0, 7_200_001, st.clock.now);
    expect(w.shots).toBe(300);
    expect(w.parts).toBe(600);
    expect(w.good).toBe(570);
    expect(w.availability).toBeCloseTo(0.9, 4);
    expect(w.performance).toBeCloseTo(0.926, 3);
    expect(w.quality).toBeCloseTo(0.95, 10);
    expect(w.oee).toBeCloseTo(0.79, 2);
    // the losses explain it: the stop (not yet qualified), the slow cycles, the short shots
    expect(w.losses.availability).toEqual([
      expect.objectContaining({ cause: 'UNKNOWN', count: 1, seconds: 720 }),
    ]);
    expect(w.losses.performance).toEqual([expect.objectContaining({ cause: 'slow_cycles', seconds: 480 })]);
    expect(w.losses.quality).toEqual([
      expect.objectContaining({ cause: 'short_shot', count: 30, seconds: 300 }),
    ]);
    expect(explainOee(w, null).mainFactor).toBe('availability');
    // per order: the same shots belong to the seeded order's job
    const job = mes.s.job!;
    expect(oeeWindow(mes.s, 0, 7_200_001, st.clock.now, job.id).oee).toBeCloseTo(w.oee!, 12);
  });

  it('moves a stop qualified as a planned break out of the required time', async () => {
    const { st, mes } = workedExample();
    const stop = mes.s.stops.find((s) => s.kind === 'stop')!;
    const p = st.submit({
      station: 'st1',
      actor: candidate() as Actor,
      input: {
        kind: 'action',
        action: 'mes.record_downtime',
        args: { stop: stop.id, reasonId: 10, comment: 'lunch' },
      },
    });
    st.step();
    expect((await p).status).toBe('accepted');
    const w = oeeWindow(mes.s, 0, 7_200_001, st.clock.now);
    expect(w.tr).toBeCloseTo(6480, 2);
    expect(w.availability).toBe(1);
    expect(w.oee).toBeCloseTo((6000 / 6480) * 0.95, 4);
    expect(w.trg).toBeCloseTo(5700 / 7200, 3);
    expect(w.losses.planned).toEqual([expect.objectContaining({ cause: 'BREAK', seconds: 720 })]);
  });
});
