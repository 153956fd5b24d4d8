/** §4.1 signatures of F19–F25 at default severity (see signatures-a.test.ts). */
import { describe, expect, it } from 'vitest';
import { Quality } from '../../../simulator/kernel/signal-schema.ts';
import { faultCell, num, ok, run, shots, TRAINER } from '../../helpers/fault-cell.ts';
import {
  absShift,
  mean,
  relShift,
  rowFailures,
  STEADY,
  sd,
  signatureRun,
  weightOf,
} from '../../helpers/fault-signature.ts';

const PROCESS_ZERO = {
  melt: '0',
  pinj: '0',
  fill: '0',
  cushion: '0',
  dose: '0',
  pcav: '0',
  weight: '0',
} as const;

describe('§4.1 signatures F19–F25', () => {
  it('F19 hot-runner drop B heater: drop ↓ with output 100 %, cavity B short, cavity A over-packed, imbalance > 3 %', () => {
    const run = signatureRun('F19', { hotRunner: true });
    const { before, after, c } = run;
    expect(num(c.st, 'hotrunner.zone3.temp_actual')).toBeLessThan(200);
    expect(num(c.st, 'hotrunner.zone3.output_pct')).toBeGreaterThan(97);
    expect(relShift((r) => r.cavity_pressure[2]!.pmax, before, after)).toBeLessThan(-0.05);
    expect(relShift((r) => r.cavity_pressure[0]!.pmax, before, after)).toBeGreaterThan(0.05);
    const imbalance = mean(after.map((r) => (r.weights[0] - r.weights[1]) / weightOf(r)));
    expect(imbalance).toBeGreaterThan(0.03);
    expect(after.some((r) => r.defects.some((d) => d.type === 'short_shot' && d.cavity === 2))).toBe(true);
    const fails = rowFailures(
      { ...STEADY, melt: '0', pinj: '(↑)', fill: '0', cushion: '0', dose: '0', pcavB: '↓', pcav: '↑' },
      run,
      [
        { column: 'pinj', why: 'peak injection pressure unchanged (0σ): the open drop A takes the flow' },
        { column: 'cushion', why: 'cushion +0.4 mm (2.6σ): cavity B fills less' },
      ],
    );
    expect(fails).toEqual([]);
  });

  it('F20 parting-line wear (20 min ramp): flash at one repeatable spot, weight +0.15…+0.35 %, clamp and curves normal', () => {
    const run = signatureRun('F20');
    const { before, after } = run;
    expect(
      after.every((r) => r.defects.some((d) => d.type === 'flash' && d.location === 'parting_line_spot')),
    ).toBe(true);
    expect(before.some((r) => r.defects.some((d) => d.type === 'flash'))).toBe(false);
    const w = relShift(weightOf, before, after);
    expect(w).toBeGreaterThan(0.0015);
    expect(w).toBeLessThan(0.0035);
    expect(mean(after.map((r) => r.clamp_force_actual))).toBe(900);
    const fails = rowFailures({ ...STEADY, ...PROCESS_ZERO, weight: '(↑)' }, run);
    expect(fails).toEqual([]);
  });

  it('F21 set points +20 K without need: heater sub-meter kWh/cycle +10…+30 %, written on the HMI by a named user', () => {
    const run = signatureRun('F21');
    const { before, after, c } = run;
    const heaters = (r: (typeof after)[number]) => r.energy.by_consumer.heaters ?? 0;
    const dh = relShift(heaters, before, after);
    expect(dh).toBeGreaterThan(0.1);
    expect(dh).toBeLessThan(0.3);
    const writes = c.commands.filter(
      (r) => r.input.kind === 'write' && /^imm\.zone\d\.temp_sp$/.test(r.input.signal),
    );
    expect(writes).toHaveLength(5);
    expect(
      writes.every((r) => r.status === 'accepted' && r.actor.user === 'shift2' && r.actor.channel === 'hmi'),
    ).toBe(true);
    expect(absShift((r) => r.zones.actual[1]!, before, after)).toBeCloseTo(20, 0);
    // deviation: the total kWh/cycle stays within ±2 % (the drive saves what the heaters add: lower viscosity)
    expect(Math.abs(relShift((r) => r.energy.kwh_total, before, after))).toBeLessThan(0.03);
  });

  it('F22 TCU B link lost: the values freeze (no noise), the source timestamp stops, Uncertain then Bad; the process is untouched', () => {
    const c = faultCell();
    const before = shots(c.st, 10);
    const keys = ['tcu2.supply_temp', 'tcu2.return_temp', 'tcu2.flow', 'tcu2.heater_output'];
    const h = keys.map((k) => c.st.store.handle(k));
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F22' });
    const v0 = h.map((i) => c.st.store.get(i));
    const ts0 = h.map((i) => c.st.store.srcTs[i]!);
    run(c.st, 10);
    expect(h.map((i) => c.st.store.quality[i])).toEqual(h.map(() => Quality.Uncertain));
    run(c.st, 40);
    expect(h.map((i) => c.st.store.quality[i])).toEqual(h.map(() => Quality.Bad));
    expect(h.map((i) => c.st.store.get(i))).toEqual(v0);
    expect(h.map((i) => c.st.store.srcTs[i]!)).toEqual(ts0);
    // a neighbour keeps updating with Good quality
    const other = c.st.store.handle('tcu1.supply_temp');
    expect(c.st.store.quality[other]).toBe(Quality.Good);
    expect(c.st.store.srcTs[other]!).toBeGreaterThan(ts0[0]!);
    const after = shots(c.st, 10);
    expect(rowFailures({ ...STEADY, ...PROCESS_ZERO }, { before, after })).toEqual([]);
  });

  it('F23 hold 45 → 32 MPa written by maint@ENG-PC-07 over OPC UA: audit trace, dataset hash ≠ validated, weight −0.6 %, sink', () => {
    const run = signatureRun('F23');
    const { before, after, c } = run;
    const w = c.commands.find((r) => r.input.kind === 'write' && r.input.signal === 'imm.hold_pressure_sp');
    expect(w?.status).toBe('accepted');
    expect(w?.actor).toMatchObject({ user: 'maint', channel: 'opcua', client: 'ENG-PC-07' });
    expect(w?.previous).toBe(45);
    expect(w?.applied).toBe(32);
    expect(new Set(after.map((r) => r.dataset_hash))).not.toContain(before[0]!.dataset_hash);
    const wt = relShift(weightOf, before, after);
    expect(wt).toBeLessThan(-0.0045);
    expect(wt).toBeGreaterThan(-0.008);
    expect(relShift((r) => r.hold_p_avg, before, after)).toBeLessThan(-0.25);
    expect(after.some((r) => r.defects.some((d) => d.type === 'sink'))).toBe(true);
    const fails = rowFailures(
      { ...STEADY, melt: '0', pinj: '0', fill: '0', cushion: '↑', dose: '0', weight: '↓' },
      run,
    );
    expect(fails).toEqual([]);
  });

  it('F24 chilled mould on a humid day: mould surface below the ambient dew point, water marks, not the dryer', () => {
    const run = signatureRun('F24');
    const { after, c } = run;
    const m = c.engine.cell.mould!;
    // the coldest cavity surface (between the steel node and the water, §3.7) is below the ambient dew point
    const surface = Math.min(...m.s.t.map((t, j) => 0.5 * (t + m.s.supply[j]!)));
    expect(surface).toBeLessThan(c.engine.cell.ambient!.s.dpC - 2);
    expect(
      after.every((r) => r.defects.some((d) => d.type === 'splay' && d.location === 'water_marks')),
    ).toBe(true);
    const fails = rowFailures({ ...STEADY, mouldF: '↓↓', mouldM: '↓↓', ...PROCESS_ZERO }, run, [
      {
        column: 'oil',
        why: 'oil −1.4 K: the cell has one plant-water temperature, the chiller water reaches the oil cooler too',
      },
      {
        column: 'weight',
        why: 'not asserted: a cold mould changes shrinkage (a consequence of the set-up, not of the condensation)',
      },
    ]);
    expect(fails).toEqual([]);
  });

  it('F25 starvation: intermittent drops (dosing ↑ with scatter, cushion ↓), then persistent 0.3 → dosing time-out ends AUTO', () => {
    const c = faultCell();
    const before = shots(c.st, 15);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F25' });
    const during = shots(c.st, 30, { maxS: 880 });
    expect(mean(during.map((r) => r.times.dose))).toBeGreaterThan(
      1.1 * mean(before.map((r) => r.times.dose)),
    );
    expect(sd(during.map((r) => r.times.dose))).toBeGreaterThan(3 * sd(before.map((r) => r.times.dose)));
    expect(mean(during.map((r) => r.cushion_end))).toBeLessThan(mean(before.map((r) => r.cushion_end)) - 0.5);
    expect(sd(during.map((r) => r.cushion_end))).toBeGreaterThan(2 * sd(before.map((r) => r.cushion_end)));
    const alarms: string[] = [];
    c.st.hooks.on('alarm', (a) => alarms.push(a.code));
    run(c.st, 600);
    expect(alarms).toContain('DOSE_TIMEOUT');
    expect(num(c.st, 'imm.mode')).toBe(3);
    expect(
      rowFailures(
        { z1: '0', z2: '0', z3: '0', melt: '0', fill: '0', oil: '0', clamp: '0' },
        { before, after: during },
      ),
    ).toEqual([]);
  });
});
