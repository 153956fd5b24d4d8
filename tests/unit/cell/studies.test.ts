/** §8.3 the studies a candidate may run must give textbook shapes. */
import { describe, expect, it } from 'vitest';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import { avg, col, cv, mean, runShots, weightMean } from './helpers.ts';

/** the trainees' statistic, 100·(max − min)/mean over 10 shots, averaged over consecutive 10-shot tests */
const meanRange = (w: readonly number[]): number => {
  const r: number[] = [];
  for (let i = 0; i + 10 <= w.length; i += 10) {
    const s = w.slice(i, i + 10);
    r.push((Math.max(...s) - Math.min(...s)) / mean(s));
  }
  return mean(r);
};

describe('textbook studies (§8.3)', () => {
  it('viscosity curve: RV falls with the shear-rate index and flattens', () => {
    const speeds = [20, 40, 60, 80, 110, 150];
    const pts = speeds.map((v) => {
      const { shots } = runShots({
        shots: 4,
        set: {
          'imm.injection_speed_sp': v,
          'imm.injection_pressure_limit': 150,
          'imm.transfer_time_max': 10,
        },
      });
      return { g: avg(shots, (r) => r.shear_rate_index), rv: avg(shots, (r) => r.RV) };
    });
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.g).toBeGreaterThan(pts[i - 1]!.g);
      expect(pts[i]!.rv).toBeLessThan(pts[i - 1]!.rv);
    }
    // the slope |ΔRV/Δγ̇| shrinks: steep at low shear, flat at high shear
    const slope = (i: number) => Math.abs((pts[i + 1]!.rv - pts[i]!.rv) / (pts[i + 1]!.g - pts[i]!.g));
    expect(slope(pts.length - 2)).toBeLessThan(0.25 * slope(0));
  });

  it('gate-freeze study: part weight plateaus at a hold time of ≈ 3.5–4 s', () => {
    const holds = [1, 2, 3, 3.25, 3.5, 3.75, 4, 4.5, 5, 6];
    const w = holds.map((h) => avg(runShots({ shots: 3, set: { 'imm.hold_time_sp': h } }).shots, weightMean));
    const plateau = mean(w.slice(-3));
    for (let i = 1; i < w.length; i++) expect(w[i]!).toBeGreaterThan(w[i - 1]! - 0.03);
    const knee = holds[w.findIndex((x) => x >= 0.995 * plateau)]!;
    expect(knee).toBeGreaterThanOrEqual(3.25);
    expect(knee).toBeLessThanOrEqual(4);
    expect(w[0]!).toBeLessThan(0.97 * plateau);
  });

  it('cooling study (ABS housing): dimension rises with cooling time, then plateaus', () => {
    const timers = [4, 6, 8, 10, 13, 16];
    const L = timers.map((t) =>
      avg(
        runShots({ material: 'ABS', shots: 4, set: { 'imm.screw_speed_sp': 350, 'imm.cooling_time_sp': t } })
          .shots,
        (r) => 0.5 * (r.dimensions[0] + r.dimensions[1]),
      ),
    );
    const plateau = mean(L.slice(-3));
    expect(plateau - L[0]!).toBeGreaterThan(0.05);
    for (const x of L.slice(-3)) expect(Math.abs(x - plateau)).toBeLessThan(0.02);
    expect(L[1]!).toBeGreaterThan(L[0]!);
  });

  it('cavity balance ≤ 3 % on fill-only short shots', () => {
    const { shots } = runShots({ shots: 10, set: { 'imm.hold_time_sp': 0 } });
    const imbalance = shots.map((r) => Math.abs(r.weights[0] - r.weights[1]) / weightMean(r));
    expect(mean(imbalance)).toBeLessThan(0.03);
    expect(shots.every((r) => r.defects.some((d) => d.type === 'short_shot'))).toBe(true);
  });

  it('check-ring repeatability: healthy < 1 % (fill-only CV ≤ 0.25 %), worn > 3 % (CV ≥ 1.2 %)', () => {
    // 30 fill-only shots each (the range statistic of the trainees' 10-shot test is ≈ 3.1 × CV)
    const healthy = runShots({ shots: 30, set: { 'imm.hold_time_sp': 0 } }).shots;
    const wh = col(healthy, (r) => r.weights[0] + r.weights[1]);
    expect(cv(wh)).toBeLessThanOrEqual(0.0025);
    expect(meanRange(wh)).toBeLessThan(0.01);
    const worn = runShots({
      shots: 60,
      set: { 'imm.hold_time_sp': 0 },
      setup: (st) => {
        Object.assign(st.model<ImmModel>('imm')!.faults.checkRing, {
          deltaMm: 0.16,
          vCloseCm3: 1.5,
          sigmaCr: 0.5,
          pFly: 0.05,
        });
      },
    }).shots;
    const ww = col(worn, (r) => r.weights[0] + r.weights[1]);
    expect(cv(ww)).toBeGreaterThanOrEqual(0.012);
    expect(meanRange(ww)).toBeGreaterThan(0.03);
  });
});
