/** Correct actions for F09–F16 (see reversal-a.test.ts). */
import { describe, expect, it } from 'vitest';
import { CANDIDATE, faultCell, ok, run, shots, TRAINER, until } from '../../helpers/fault-cell.ts';
import { fix, Gestures } from '../../helpers/fault-gestures.ts';
import { mean, relShift, weightOf } from '../../helpers/fault-signature.ts';

function faulty(fault: string, o: { inject?: Record<string, unknown>; waitS?: number } = {}) {
  const c = faultCell();
  shots(c.st, 2);
  const base = shots(c.st, 15);
  ok(c.st, TRAINER, 'fault.inject', { fault, ...(o.inject ?? {}) });
  run(c.st, o.waitS ?? 900);
  return { c, base, g: new Gestures(c) };
}
const settled = (c: ReturnType<typeof faultCell>, n = 15, skipS = 400) =>
  shots(c.st, n, { fromS: c.st.clock.seconds + skipS });
const repaired = (c: ReturnType<typeof faultCell>) => c.engine.list().every((f) => f.state === 'repaired');

/** after a part-left-in-the-mould stop: reset the machine, take the part out through the open front guard */
function clearStuckPart(g: Gestures): void {
  const st = g.c.st;
  ok(st, CANDIDATE, 'imm.safety_reset');
  g.do('act.guard_open', { guard: 'front' });
  ok(st, CANDIDATE, 'imm.clear_mould');
  g.do('act.guard_close', { guard: 'front' });
}

describe('correct actions F09–F16 (§4, §5.2 K)', () => {
  it('F09: cooler water flow/ΔT measured, cooler cleaned under hydraulic and water LOTO → oil back to 45 ± 5 °C, cycle time back', () => {
    const { c, g, base } = faulty('F09', { waitS: 3600 });
    const [d] = fix(g, {
      loto: ['hydraulic', 'water'],
      diag: [['hydraulics.oil_cooler', 'water_flow_dt']],
      repairs: [['hydraulics.oil_cooler', 'clean']],
    });
    expect(d!.oil_c as number).toBeGreaterThan(55);
    g.restart();
    const after = settled(c, 15, 1800);
    expect(Math.abs(mean(after.map((x) => x.oil_T)) - 45)).toBeLessThan(5);
    expect(Math.abs(mean(after.map((x) => x.cycle_time)) - mean(base.map((x) => x.cycle_time)))).toBeLessThan(
      0.2,
    );
    expect(repaired(c)).toBe(true);
  });

  it('F10: tonnage and tie-bars measured, mould height adjusted under hydraulic LOTO with accumulators discharged → 900 kN, no flash', () => {
    const { c, g, base } = faulty('F10', { waitS: 1200 });
    const [d] = fix(g, {
      loto: ['hydraulic'],
      diag: [['clamp', 'tonnage_tiebars']],
      repairs: [['clamp.mould_height', 'adjust']],
    });
    expect(d!.actual_kn as number).toBeLessThan(d!.required_kn as number);
    g.restart();
    const after = settled(c);
    expect(mean(after.map((x) => x.clamp_force_actual))).toBe(900);
    expect(Math.abs(relShift((x) => x.cavity_pressure[0]!.pmax, base, after))).toBeLessThan(0.03);
    expect(after.some((x) => x.defects.some((d) => d.type === 'flash'))).toBe(false);
    expect(repaired(c)).toBe(true);
  });

  it('F11: carriage back, purge guard, nozzle at temperature, screw decompressed, LOTO, tip cleaned → peak ≈ 70 MPa, fill 0.89 ± 0.03 s', () => {
    const { c, g } = faulty('F11', { waitS: 300 });
    const [d] = fix(g, {
      nozzlePrep: true,
      diag: [['injection_unit.nozzle_tip', 'zone_and_pressure']],
      loto: ['electric'],
      dissipate: ['screw_decompress'],
      repairs: [['injection_unit.nozzle_tip', 'clean']],
    });
    expect(d!.pressure_limited).toBe(true);
    g.purge();
    g.restart();
    const after = settled(c);
    expect(Math.abs(mean(after.map((x) => x.peak_inj_pressure)) - 70)).toBeLessThan(2.5);
    expect(Math.abs(mean(after.map((x) => x.times.fill)) - 0.89)).toBeLessThan(0.03);
    expect(repaired(c)).toBe(true);
  });

  it('F12: vents cleaned under LOTO (mould area, hydraulics) → no burns, end-of-flow peak and weight back', () => {
    const { c, g, base } = faulty('F12', { waitS: 1800 });
    const [d] = fix(g, {
      loto: ['electric', 'hydraulic'],
      diag: [['mould.vents', 'depth_gauge']],
      repairs: [['mould.vents', 'clean']],
    });
    expect(d!.vent_depth_mm as number).toBeLessThan(0.013);
    g.restart();
    const after = settled(c);
    expect(after.some((x) => x.defects.some((d) => d.type === 'burn_marks'))).toBe(false);
    expect(Math.abs(relShift((x) => x.cavity_pressure[1]!.pmax, base, after))).toBeLessThan(0.05);
    expect(Math.abs(relShift(weightOf, base, after))).toBeLessThan(0.002);
    expect(repaired(c)).toBe(true);
  });

  it('F13: forces per group and a passing vacuum test, pin replaced under hydraulic LOTO, stuck part removed → 20 picks, balanced forces', () => {
    const c = faultCell();
    shots(c.st, 3);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F13' });
    expect(until(c.st, () => c.safety.b.state === 'STOPPED', 400)).toBe(true);
    const g = new Gestures(c);
    const [f] = fix(g, {
      loto: ['hydraulic'],
      diag: [['mould.ejector_pins', 'force_per_group']],
      repairs: [['mould.ejector_pins', 'replace']],
    });
    expect(f!.group3_kn as number).toBeLessThan(0.85 * (f!.group1_kn as number));
    clearStuckPart(g);
    ok(c.st, CANDIDATE, 'robot.reset');
    g.restart();
    const picks = c.engine.cell.robot!.s.picks;
    const after = settled(c, 20, 60);
    expect(after).toHaveLength(20);
    expect(c.engine.cell.robot!.s.picks - picks).toBeGreaterThanOrEqual(20);
    const lf = after[after.length - 1]!.ejector_force_peak;
    expect(Math.min(...lf)).toBeGreaterThan(0.9 * Math.max(...lf));
    expect(repaired(c)).toBe(true);
  });

  it('F14: zero and cross-check, charge amplifier recalibrated (no process change) → cavity peak back, parts good', () => {
    const { c, g, base } = faulty('F14', { waitS: 300 });
    const d = g.diag('mould.cavity_sensor_a_gate', 'zero_and_cross_check');
    expect(d.weight_g as number).toBeCloseTo(mean(base.map(weightOf)), 0);
    g.repair('mould.charge_amplifier', 'recalibrate');
    const after = settled(c, 15, 60);
    expect(Math.abs(relShift((x) => x.cavity_pressure[0]!.pmax, base, after))).toBeLessThan(0.03);
    // the monitoring's own false-reject rate, not the sensor's
    expect(after.filter((x) => x.quality !== 'good').length).toBeLessThanOrEqual(1);
    expect(repaired(c)).toBe(true);
  });

  it('F15: vacuum test fails, cup replaced inside the robot cell (T1, enabling device, door padlocked) under pneumatic LOTO → ≤ −65 kPa, 20 picks', () => {
    const c = faultCell();
    shots(c.st, 3);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F15' });
    expect(until(c.st, () => c.safety.b.state === 'STOPPED', 1500)).toBe(true);
    const g = new Gestures(c);
    g.controlledStop();
    g.do('act.robot_stop');
    g.do('act.vacuum_test');
    expect(g.waitWork().verdict).toBe('fail');
    fix(g, {
      stopped: true,
      robotEntry: true,
      loto: ['pneumatic'],
      repairs: [['robot.suction_cup', 'replace']],
    });
    g.do('act.robot_stop');
    g.do('act.vacuum_test');
    const v = g.waitWork();
    expect(v.vacuum_kpa as number).toBeLessThanOrEqual(-65);
    g.do('act.robot_auto');
    clearStuckPart(g);
    g.restart();
    const picks = c.engine.cell.robot!.s.picks;
    expect(settled(c, 20, 60)).toHaveLength(20);
    expect(c.engine.cell.robot!.s.picks - picks).toBeGreaterThanOrEqual(20);
    expect(repaired(c)).toBe(true);
  });

  it('F16: program diff clean, EOAT found shifted, reseated and the pick point re-taught in T1 → placement offset < 1 mm, 20 good picks', () => {
    const { c, g } = faulty('F16', { waitS: 300 });
    g.controlledStop();
    g.robotEntry();
    expect(g.diag('robot.robot_program', 'program_diff').differs).toBe(false);
    g.do('act.inspect_eoat');
    expect(g.waitWork().eoat_shifted_mm as number).toBeGreaterThan(3);
    g.repair('robot.eoat', 'reseat');
    expect(c.engine.list()[0]!.state).toBe('active');
    g.repair('robot.robot_program', 'recalibrate');
    g.robotExit();
    g.restart();
    const after = settled(c, 20, 120);
    expect(mean(after.map((x) => x.parts[0].vision.placement_offset_mm))).toBeLessThan(1);
    expect(repaired(c)).toBe(true);
  });
});
