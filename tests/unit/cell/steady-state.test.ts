/** §8.1 steady state of R-PP (means of 20 shots), §2.3 processing windows of the presets, §3.16 Cpk. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import { jobFor, MATERIALS } from '../../../simulator/cell/materials.ts';
import type { ShotRecord } from '../../../simulator/cell/shot-record.ts';
import { avg, col, cv, mean, runShots, sd } from './helpers.ts';

describe('R-PP steady state (§8.1)', () => {
  let shots: ShotRecord[];
  let imm: ImmModel;
  beforeAll(() => {
    const r = runShots({ shots: 20 });
    shots = r.shots;
    imm = r.station.model<ImmModel>('imm')!;
  });

  it('melt ≈ 230 °C (221 zone-weighted + 9 K shear)', () => {
    expect(avg(shots, (r) => r.melt_T)).toBeCloseTo(230, -0.5);
  });

  it('cycle ≈ 20 s (19.7), fill 0.89 ± 0.03 s, peak ≈ 70 MPa', () => {
    expect(avg(shots, (r) => r.cycle_time)).toBeGreaterThan(19.2);
    expect(avg(shots, (r) => r.cycle_time)).toBeLessThan(20.3);
    expect(Math.abs(avg(shots, (r) => r.times.fill) - 0.89)).toBeLessThan(0.03);
    expect(Math.abs(avg(shots, (r) => r.peak_inj_pressure) - 70)).toBeLessThan(2.5);
  });

  it('cushion 8.0 ± 0.2 mm with σ ≤ 0.15 mm; dosing ≈ 4.5 s at 280 rpm', () => {
    const c = col(shots, (r) => r.cushion_end);
    expect(Math.abs(mean(c) - 8)).toBeLessThan(0.2);
    expect(sd(c)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(avg(shots, (r) => r.times.dose) - 4.5)).toBeLessThan(0.25);
    expect(shots[0]!.rpm_avg).toBe(280);
  });

  it('cavity-pressure peaks ≈ 38 / 25 MPa, t0 before the mould opens, gate seal ≈ 3.7 s', () => {
    const gate = mean([
      ...col(shots, (r) => r.cavity_pressure[0]!.pmax),
      ...col(shots, (r) => r.cavity_pressure[2]!.pmax),
    ]);
    const eof = mean([
      ...col(shots, (r) => r.cavity_pressure[1]!.pmax),
      ...col(shots, (r) => r.cavity_pressure[3]!.pmax),
    ]);
    expect(Math.abs(gate - 38)).toBeLessThan(1.5);
    expect(Math.abs(eof - 25)).toBeLessThan(1.5);
    const open = avg(shots, (r) => r.times.fill + r.times.hold + r.times.cool);
    expect(avg(shots, (r) => r.cavity_pressure[0]!.t0)).toBeCloseTo(11.8, 0);
    expect(avg(shots, (r) => r.cavity_pressure[1]!.t0)).toBeCloseTo(10.7, 0);
    for (const r of shots) for (const f of r.cavity_pressure) expect(f.t0).toBeLessThan(open);
    expect(Math.abs(avg(shots, (r) => r.gate_seal_time) - 3.7)).toBeLessThan(0.2);
  });

  it('P_eff ≈ 24 MPa (≈ 0.54·P_hold) from the sensor pressures at gate seal', () => {
    expect(Math.abs(imm.refs.pEffRef - 24)).toBeLessThan(1);
    expect(imm.refs.pEffRef / 45).toBeCloseTo(0.54, 1);
  });

  it('weight 24.0 g ± 0.2 % per cavity, CV ≤ 0.2 %', () => {
    for (const c of [0, 1] as const) {
      const w = col(shots, (r) => r.weights[c]);
      expect(Math.abs(mean(w) / 24 - 1)).toBeLessThan(0.002);
      expect(cv(w)).toBeLessThanOrEqual(0.002);
    }
  });

  it('mould surface ≈ 48 °C at 40 °C water, ΔT water ≈ 0.5 K per circuit', () => {
    expect(Math.abs(avg(shots, (r) => r.mould.T_fixed) - 48)).toBeLessThan(1);
    expect(Math.abs(avg(shots, (r) => r.mould.T_moving) - 48)).toBeLessThan(1);
    for (const c of shots[5]!.mould.circuits) {
      expect(c.supply_T).toBeCloseTo(40, 0);
      expect(Math.abs(c.dT - 0.5)).toBeLessThan(0.15);
    }
  });

  it('oil 45 °C with the cooler valve ≈ 34 % open', () => {
    expect(Math.abs(avg(shots, (r) => r.oil_T) - 45)).toBeLessThan(1);
    expect(Math.abs(imm.s.oil.valve - 0.34)).toBeLessThan(0.05);
  });

  it('SEC ≈ 0.8 kWh/kg (machine), 0.9–1.0 kWh/kg (cell)', () => {
    expect(avg(shots, (r) => r.energy.sec_machine)).toBeGreaterThan(0.7);
    expect(avg(shots, (r) => r.energy.sec_machine)).toBeLessThan(0.9);
    expect(avg(shots, (r) => r.energy.sec)).toBeGreaterThan(0.88);
    expect(avg(shots, (r) => r.energy.sec)).toBeLessThan(1.05);
  });

  it('normal variability per §3.16 (peak pressure, fill, dosing, cavity peak, cycle)', () => {
    expect(cv(col(shots, (r) => r.peak_inj_pressure))).toBeLessThan(0.012);
    expect(cv(col(shots, (r) => r.times.fill))).toBeLessThan(0.01);
    const dose = cv(col(shots, (r) => r.times.dose));
    expect(dose).toBeGreaterThan(0.005);
    expect(dose).toBeLessThan(0.025);
    expect(cv(col(shots, (r) => r.cavity_pressure[0]!.pmax))).toBeLessThan(0.02);
    expect(sd(col(shots, (r) => r.cycle_time))).toBeLessThan(0.1);
    expect(sd(col(shots, (r) => r.cycle_time))).toBeGreaterThan(0.01);
  });

  it('produces good parts: no alarm, no defect, ≤ 1 vision reject', () => {
    expect(shots.every((r) => r.alarms.length === 0)).toBe(true);
    expect(shots.every((r) => r.defects.length === 0)).toBe(true);
    expect(shots.filter((r) => r.quality === 'bad').length).toBeLessThanOrEqual(1);
  });

  it('records ≥ 100-point cavity curves and the EUROMAP 77 cycle parameter set', () => {
    const r = shots[0]!;
    for (const k of ['cav1_gate', 'cav1_eof', 'cav2_gate', 'cav2_eof'] as const) {
      expect(r.curves.cavity[k].length).toBeGreaterThanOrEqual(100);
    }
    expect(r.curves.screw_position.length).toBeGreaterThanOrEqual(100);
    expect(r.euromap77.CushionVolume).toBeCloseTo(r.cushion_end * 0.962, 1);
    expect(r.euromap77.DosingTime).toBe(r.times.dose);
    expect(r.euromap77.InjectionTime).toBe(r.times.fill);
    expect(r.euromap77.VPChangeOverPosition).toBeCloseTo(21.9, 1);
    expect(r.euromap77.SpecificPressureMaximum).toBe(r.peak_inj_pressure);
    expect(r.euromap77.PlastificationVolume).toBeGreaterThan(70);
  });
});

describe('material presets in their processing windows (§2.3)', () => {
  it.each(['ABS', 'PA6'] as const)('%s runs a credible reference process', (material) => {
    const m = MATERIALS[material];
    const job = jobFor(material);
    const { shots } = runShots({ material, shots: 12 });
    const melt = avg(shots, (r) => r.melt_T);
    expect(melt).toBeGreaterThan(m.meltWindow[0]);
    expect(melt).toBeLessThan(m.meltWindow[1]);
    const mouldT = avg(shots, (r) => 0.5 * (r.mould.T_fixed + r.mould.T_moving));
    expect(mouldT).toBeGreaterThan(m.mouldWindow[0]);
    expect(mouldT).toBeLessThan(m.mouldWindow[1] + 10);
    const peak = avg(shots, (r) => r.peak_inj_pressure);
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThan(100);
    expect(Math.abs(avg(shots, (r) => r.cushion_end) - 8)).toBeLessThan(0.4);
    expect(Math.abs(avg(shots, (r) => r.weights[0]) / job.partMassG - 1)).toBeLessThan(0.003);
    // hold time = gate seal + 0.5–2 s (§2.3)
    const tgs = avg(shots, (r) => r.gate_seal_time);
    expect(job.settings.holdS - tgs).toBeGreaterThan(0.4);
    expect(job.settings.holdS - tgs).toBeLessThan(2);
    const cycle = avg(shots, (r) => r.cycle_time);
    if (material === 'ABS') expect(cycle).toBeGreaterThan(25);
    if (material === 'PA6') expect(cycle).toBeLessThan(20);
    // dried resin below the splay threshold
    expect(avg(shots, (r) => r.resin_moisture)).toBeLessThan(m.Mcrit);
    expect(avg(shots, (r) => r.dryer_dp)).toBeLessThan(-30);
    expect(shots.filter((r) => r.quality === 'bad').length).toBeLessThanOrEqual(1);
  });
});

describe('baseline capability (§3.16, §6.3)', () => {
  it('shows Cpk ≈ 1.5–2 on weight and key dimension per cavity', () => {
    const job = jobFor('PP');
    const { shots } = runShots({ shots: 100, seed: 11 });
    const cpk = (x: number[], nom: number, tol: number) =>
      Math.min(nom + tol - mean(x), mean(x) - nom + tol) / (3 * sd(x));
    for (const c of [0, 1] as const) {
      const w = cpk(
        col(shots, (r) => r.weights[c]),
        job.partMassG,
        job.weightTolG,
      );
      const d = cpk(
        col(shots, (r) => r.parts[c].vision.dimension_mm),
        job.lKeyMm,
        job.lKeyTolMm,
      );
      expect(w).toBeGreaterThan(1.45);
      expect(w).toBeLessThan(2.2);
      expect(d).toBeGreaterThan(1.45);
      expect(d).toBeLessThan(2.2);
    }
    // baseline false rejects of the vision station 0.3–1 % per part [A]
    const rejects = shots.flatMap((r) => r.parts).filter((p) => p.vision.result !== 'good').length;
    expect(rejects / 200).toBeLessThan(0.02);
  });
});
