/**
 * §8.2 sensitivities, one factor at a time against the R-PP reference (means of 12 shots, same seed).
 * RVI-based values are checked with ±1.5 percentage points (§3.3 power-law form).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlenderModel } from '../../../simulator/cell/blender.ts';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import type { ShotRecord } from '../../../simulator/cell/shot-record.ts';
import { avg, type RunOpts, runShots, weightMean } from './helpers.ts';

const N = 12;
const P = (r: ShotRecord) => r.peak_inj_pressure;
const W = weightMean;
const S = (r: ShotRecord) => 0.5 * (r.parts[0].shrinkage_pct + r.parts[1].shrinkage_pct);
const rel = (a: readonly ShotRecord[], b: readonly ShotRecord[], f: (r: ShotRecord) => number) =>
  (avg(a, f) / avg(b, f) - 1) * 100;

let base: ShotRecord[];
const run = (o: Omit<RunOpts, 'shots'>) => runShots({ shots: N, ...o }).shots;

beforeAll(() => {
  base = run({});
});

describe('sensitivities (§8.2)', () => {
  it('+10 K melt → −5 % peak pressure (PP, −0.5 %/K)', () => {
    const x = run({
      set: {
        'imm.zone1.temp_sp': 206,
        'imm.zone2.temp_sp': 221,
        'imm.zone3.temp_sp': 236,
        'imm.zone4.temp_sp': 241,
        'imm.zone5.temp_sp': 241,
      },
      fromS: 2400,
    });
    const dT = avg(x, (r) => r.melt_T) - avg(base, (r) => r.melt_T);
    expect(dT).toBeGreaterThan(8.5);
    expect(dT).toBeLessThan(11.5);
    const perTenK = (rel(x, base, P) / dT) * 10;
    expect(perTenK).toBeGreaterThan(-6.5);
    expect(perTenK).toBeLessThan(-3.5);
  });

  it('+10 MPa hold → weight +0.4…0.6 %, shrink −0.15 %', () => {
    const x = run({ set: { 'imm.hold_pressure_sp': 55 } });
    expect(rel(x, base, W)).toBeGreaterThan(0.4);
    expect(rel(x, base, W)).toBeLessThan(0.6);
    const dS = avg(x, S) - avg(base, S);
    expect(dS).toBeGreaterThan(-0.2);
    expect(dS).toBeLessThan(-0.1);
  });

  it('+10 K mould → slight weight increase, shrink +0.1…0.3 %', () => {
    const x = run({ set: { 'tcu1.temp_sp': 50, 'tcu2.temp_sp': 50 }, fromS: 4500 });
    expect(avg(x, (r) => r.mould.T_fixed) - avg(base, (r) => r.mould.T_fixed)).toBeGreaterThan(9);
    const dW = rel(x, base, W);
    expect(dW).toBeGreaterThan(0);
    expect(dW).toBeLessThan(0.2);
    const dS = avg(x, S) - avg(base, S);
    expect(dS).toBeGreaterThan(0.1);
    expect(dS).toBeLessThan(0.3);
  });

  it('injection speed ×0.5 → fill time ≈ ×2 and peak pressure ≈ +4 % (U-curve)', () => {
    const x = run({ set: { 'imm.injection_speed_sp': 40 } });
    const ratio = avg(x, (r) => r.times.fill) / avg(base, (r) => r.times.fill);
    expect(ratio).toBeGreaterThan(1.85);
    expect(ratio).toBeLessThan(2.1);
    expect(rel(x, base, P)).toBeGreaterThan(2.5);
    expect(rel(x, base, P)).toBeLessThan(5.5);
  });

  it('hold time 0.5·t_gs → weight −4…−5 %; t_h → 0 → ≈ −15 %', () => {
    const tgs = avg(base, (r) => r.gate_seal_time);
    const half = run({ set: { 'imm.hold_time_sp': Math.round(50 * tgs) / 100 } });
    expect(rel(half, base, W)).toBeGreaterThan(-5);
    expect(rel(half, base, W)).toBeLessThan(-4);
    const zero = run({ set: { 'imm.hold_time_sp': 0.05 } });
    expect(rel(zero, base, W)).toBeGreaterThan(-18);
    expect(rel(zero, base, W)).toBeLessThan(-13);
  });

  it('MFI +50 % → −11.5 % pressure, weight +0.2…0.4 %', () => {
    const x = run({
      setup: (st) => {
        st.model<BlenderModel>('blender')!.faults.mfiFactor = 1.5;
      },
    });
    expect(Math.abs(rel(x, base, P) + 11.5)).toBeLessThan(1.5);
    expect(rel(x, base, W)).toBeGreaterThan(0.2);
    expect(rel(x, base, W)).toBeLessThan(0.45);
  });

  it('regrind 15 → 40 % → RV −2…−3 %', () => {
    const x = run({ set: { 'blender.regrind_sp': 40 } });
    const dRV = rel(x, base, (r) => r.RV);
    expect(dRV).toBeGreaterThan(-3.5);
    expect(dRV).toBeLessThan(-1.5);
  });

  it('R_noz 1.8 → pressure-limited fill, t_fill ×1.3', () => {
    const x = run({
      setup: (st) => {
        st.model<ImmModel>('imm')!.faults.nozzleRestriction = 1.8;
      },
    });
    expect(x.every((r) => r.pressure_limited)).toBe(true);
    expect(avg(x, P)).toBeCloseTo(90, 0);
    const ratio = avg(x, (r) => r.times.fill) / avg(base, (r) => r.times.fill);
    expect(ratio).toBeGreaterThan(1.18);
    expect(ratio).toBeLessThan(1.4);
    expect(x.every((r) => r.alarms.includes('INJ_PRESSURE_LIMIT'))).toBe(true);
  });
});
