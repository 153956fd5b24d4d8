/**
 * §4.1 signatures of F01–F06 at default severity, injected through the trainer action: the leading signal
 * in its stated band within the fault's exam time constant, and the row of the matrix (signals marked 0
 * within their normal variability). Cells the physics does not reproduce are listed as deviations.
 */
import { describe, expect, it } from 'vitest';
import { num } from '../../helpers/fault-cell.ts';
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

describe('§4.1 signatures F01–F06', () => {
  it('F01 Z2 band open: output 100 %, Z2 −30…−55 K in 15 min, dosing +10…+30 %, melt −5…−10 K, pressure +3…+8 %', () => {
    const run = signatureRun('F01');
    const { before, after, c } = run;
    const st = c.st;
    expect(num(st, 'imm.zone2.output_pct')).toBeGreaterThan(97);
    expect(num(st, 'imm.zone2.current')).toBe(0);
    const dz2 = absShift((r) => r.zones.actual[1]!, before, after);
    expect(dz2).toBeLessThan(-30);
    expect(dz2).toBeGreaterThan(-55);
    const dose = relShift((r) => r.times.dose, before, after);
    expect(dose).toBeGreaterThan(0.1);
    expect(dose).toBeLessThan(0.3);
    const melt = absShift((r) => r.melt_T, before, after);
    expect(melt).toBeLessThan(-5);
    expect(melt).toBeGreaterThan(-10);
    const p = relShift((r) => r.peak_inj_pressure, before, after);
    expect(p).toBeGreaterThan(0.03);
    expect(p).toBeLessThan(0.08);
    // neighbours compensate: Z1/Z3 outputs up
    expect(mean(after.map((r) => r.zones.output_pct[2]!))).toBeGreaterThan(
      mean(before.map((r) => r.zones.output_pct[2]!)) + 3,
    );
    expect(after.some((r) => r.alarms.includes('ZONE_DEV_2'))).toBe(true);
    const fails = rowFailures(
      {
        ...STEADY,
        z2: '↓↓',
        melt: '↓',
        pinj: '↑',
        fill: '0',
        cushion: '(↑)',
        dose: '↑',
        pcav: '(↓)',
        weight: '(↓)',
      },
      run,
      [
        {
          column: 'pcav',
          why: 'near-gate peak +1.6σ (more pressure at V/P outweighs the lower transmission); end of flow −8σ',
        },
        {
          column: 'oil',
          why: '+0.7 K (3.5σ): the longer dosing heats the oil (drive energy +, spec "drive ↑")',
        },
      ],
    );
    expect(fails).toEqual([]);
  });

  it('F02 Z3 reads 20 K low (15 min ramp): display on set point, output +10…+20 points, melt +5…+8 K, pressure −2…−4 %', () => {
    const run = signatureRun('F02');
    const { before, after, c } = run;
    expect(Math.abs(num(c.st, 'imm.zone3.temp_actual') - 225)).toBeLessThan(1);
    const dOut = absShift((r) => r.zones.output_pct[2]!, before, after);
    expect(dOut).toBeGreaterThan(10);
    expect(dOut).toBeLessThan(20);
    const melt = absShift((r) => r.melt_T, before, after);
    expect(melt).toBeGreaterThan(5);
    expect(melt).toBeLessThan(8);
    const p = relShift((r) => r.peak_inj_pressure, before, after);
    expect(p).toBeLessThan(-0.02);
    expect(p).toBeGreaterThan(-0.04);
    expect(after.some((r) => r.alarms.includes('ZONE_DEV_3'))).toBe(false);
    const fails = rowFailures(
      {
        ...STEADY,
        melt: '↑',
        pinj: '(↓)',
        fill: '0',
        cushion: '(↓)',
        dose: '(↓)',
        pcav: '(↑)',
        weight: '(↑)',
      },
      run,
      [
        { column: 'mouldF', why: '+0.3 K (1σ): the 6 K hotter melt brings more heat into the mould' },
        { column: 'mouldM', why: '+0.3 K (1σ): as the fixed half' },
      ],
    );
    expect(fails).toEqual([]);
  });

  it('F03 worn check ring (30 min ramp): cushion 8 → ≈ 2.5 mm with σ 0.5–1.5 mm, cavity peak ↓ with scatter', () => {
    const run = signatureRun('F03', { n: 30 });
    const { before, after } = run;
    const cushion = after.map((r) => r.cushion_end);
    expect(mean(cushion)).toBeGreaterThan(1.8);
    expect(mean(cushion)).toBeLessThan(3.3);
    expect(sd(cushion)).toBeGreaterThan(0.5);
    expect(sd(cushion)).toBeLessThan(1.6);
    expect(sd(before.map((r) => r.cushion_end))).toBeLessThanOrEqual(0.15);
    const pc = relShift((r) => r.cavity_pressure[0]!.pmax, before, after);
    expect(pc).toBeLessThan(-0.02);
    expect(pc).toBeGreaterThan(-0.1);
    // temperatures, viscosity and dosing time normal: not a material cause
    const fails = rowFailures(
      {
        ...STEADY,
        melt: '0',
        transfer: '(↓)',
        fill: '0',
        cushion: '↓',
        dose: '0',
        pcav: '↓',
        weight: '(↓)',
        energy: '0',
      },
      run,
      [
        {
          column: 'dose',
          why: 'dosing +7 % (3.7σ): the collapsed cushion lengthens the dosing stroke (§4 F03 text: "roughly unchanged or slightly ↑")',
        },
      ],
    );
    expect(fails).toEqual([]);
    expect(rowFailures({ pcav: '~', weight: '~' }, run)).toEqual([]);
  });

  it('F04 circuit B2 blocked (0.8 L/min): B2 surface +8 K, B2 ΔT ≈ 2.9 K, fixed half and TCU supply unchanged', () => {
    const run = signatureRun('F04');
    const { before, after } = run;
    const b2 = (r: (typeof after)[number]) => r.mould.circuits[3]!;
    const dSurf = absShift((r) => b2(r).surface_T, before, after);
    expect(dSurf).toBeGreaterThan(6.5);
    expect(dSurf).toBeLessThan(10);
    expect(mean(after.map((r) => b2(r).dT))).toBeGreaterThan(2.3);
    expect(mean(after.map((r) => b2(r).dT))).toBeLessThan(3.3);
    expect(mean(after.map((r) => b2(r).flow))).toBeCloseTo(0.8, 1);
    expect(Math.abs(mean(after.map((r) => b2(r).supply_T)) - 40)).toBeLessThan(0.6);
    // cavity pressure decays later (t0 later on the moving-half cavity)
    expect(absShift((r) => r.cavity_pressure[2]!.t0, before, after)).toBeGreaterThan(0.25);
    const fails = rowFailures(
      {
        ...STEADY,
        mouldM: '↑',
        melt: '0',
        pinj: '0',
        fill: '0',
        cushion: '0',
        dose: '0',
        weight: '0',
        energy: '0',
      },
      run,
    );
    expect(fails).toEqual([]);
  });

  it('F05 TCU B cooling valve stuck closed: supply leaves its set point by 5–15 K, both B circuits follow, TCU A normal', () => {
    const run = signatureRun('F05');
    const { before, after, c } = run;
    const supplyB = num(c.st, 'tcu2.supply_temp') - num(c.st, 'tcu2.temp_sp');
    expect(supplyB).toBeGreaterThan(5);
    expect(supplyB).toBeLessThan(15);
    expect(Math.abs(num(c.st, 'tcu1.supply_temp') - num(c.st, 'tcu1.temp_sp'))).toBeLessThan(1);
    for (const k of [2, 3])
      expect(absShift((r) => r.mould.circuits[k]!.surface_T, before, after)).toBeGreaterThan(3);
    const fails = rowFailures(
      { ...STEADY, mouldM: '↑', melt: '0', pinj: '0', fill: '0', cushion: '0', dose: '0', weight: '0' },
      run,
    );
    expect(fails).toEqual([]);
  });

  it('F06 PA6 dryer regeneration failure: dew point ↑ first, then moisture, pressure −11…−19 %, cavity peak ↑, splay', () => {
    const run = signatureRun('F06', { material: 'PA6' });
    const { before, after, c } = run;
    expect(num(c.st, 'dryer.dew_point')).toBeGreaterThan(-10);
    const p = relShift((r) => r.peak_inj_pressure, before, after);
    expect(p).toBeLessThan(-0.11);
    expect(p).toBeGreaterThan(-0.19);
    expect(mean(after.map((r) => r.resin_moisture))).toBeGreaterThan(0.2);
    expect(after.some((r) => r.defects.some((d) => d.type === 'splay'))).toBe(true);
    expect(after.some((r) => r.alarms.includes('dryer.DEW_POINT_HIGH'))).toBe(true);
    expect(mean(after.map(weightOf))).toBeGreaterThan(mean(before.map(weightOf)));
    const fails = rowFailures(
      {
        ...STEADY,
        dew: '↑',
        melt: '0',
        pinj: '↓',
        fill: '0',
        cushion: '(±)',
        dose: '↓',
        pcav: '↑',
        weight: '(↑)',
      },
      run,
    );
    expect(fails).toEqual([]);
  });
});
