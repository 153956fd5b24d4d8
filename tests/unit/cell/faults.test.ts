/**
 * The fault surface drives the physics through the §3 equations: the §8.4 key checks and the leading
 * signatures of the §4.1 matrix at default severity. Faults are set directly on the models' `faults`
 * objects (the fault engine of issue 4 will do the same).
 */
import { describe, expect, it } from 'vitest';
import type { BlenderModel } from '../../../simulator/cell/blender.ts';
import type { ConveyorModel } from '../../../simulator/cell/conveyor.ts';
import type { DryerModel } from '../../../simulator/cell/dryer.ts';
import type { HotRunnerModel } from '../../../simulator/cell/hotrunner.ts';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import type { MouldModel } from '../../../simulator/cell/mould.ts';
import type { RobotModel } from '../../../simulator/cell/robot.ts';
import type { ShotRecord } from '../../../simulator/cell/shot-record.ts';
import type { TcuModel } from '../../../simulator/cell/tcu.ts';
import type { VisionModel } from '../../../simulator/cell/vision.ts';
import type { Station } from '../../../simulator/kernel/station.ts';
import { avg, col, collect, cv, newCell, runShots, sd, weightMean } from './helpers.ts';

const imm = (st: Station) => st.model<ImmModel>('imm')!;
const hasDefect = (rs: readonly ShotRecord[], type: string, cavity?: number) =>
  rs.some((r) => r.defects.some((d) => d.type === type && (cavity === undefined || d.cavity === cavity)));
const hasAlarm = (rs: readonly ShotRecord[], code: string) => rs.some((r) => r.alarms.includes(code));
const base = runShots({ shots: 12 }).shots;
const relW = (x: readonly ShotRecord[]) => (avg(x, weightMean) / avg(base, weightMean) - 1) * 100;

/** run a baseline on a station, apply a fault, wait, collect */
function beforeAfter(setup: (st: Station) => void, waitS: number, n = 10, material?: 'PA6' | 'ABS') {
  const st = newCell(material ? { material } : {});
  const before = collect(st, n, { skip: 2 });
  setup(st);
  const after = collect(st, n, { fromS: st.clock.seconds + waitS });
  return { st, before, after };
}

describe('§8.4 key fault checks', () => {
  it('F03 worn check ring (δ = 0.16 mm): cushion ≈ 2.5 mm with scatter, restored by shifting the shot', () => {
    const ring = { deltaMm: 0.16, vCloseCm3: 1.5, sigmaCr: 0.5, pFly: 0.05 };
    const worn = runShots({ shots: 30, setup: (st) => Object.assign(imm(st).faults.checkRing, ring) }).shots;
    const c = col(worn, (r) => r.cushion_end);
    expect(avg(worn, (r) => r.cushion_end)).toBeGreaterThan(1.8);
    expect(avg(worn, (r) => r.cushion_end)).toBeLessThan(3.3);
    expect(sd(c)).toBeGreaterThan(0.45);
    expect(sd(c)).toBeLessThan(1.6);
    // temperatures and viscosity unchanged: not a material problem
    expect(Math.abs(avg(worn, (r) => r.melt_T) - avg(base, (r) => r.melt_T))).toBeLessThan(1);
    expect(Math.abs(avg(worn, (r) => r.RV) / avg(base, (r) => r.RV) - 1)).toBeLessThan(0.025);
    // containment: +5.5 mm of shot size (the V/P position moves with it, the fill volume is kept)
    const fixed = runShots({
      shots: 20,
      set: { 'imm.shot_size_sp': 91.7, 'imm.transfer_position_sp': 27.4 },
      setup: (st) => Object.assign(imm(st).faults.checkRing, ring),
    }).shots;
    expect(Math.abs(avg(fixed, (r) => r.cushion_end) - 8)).toBeLessThan(0.6);
  });

  it('F04 blocked circuit B2 (0.8 L/min): B2 surface ≈ +8 K, B2 ΔT ≈ 2.9 K, warpage', () => {
    const { before, after } = beforeAfter((st) => {
      st.model<MouldModel>('mould')!.faults.circuitFlowFactor[3] = 0.1;
    }, 4500);
    const b2 = (r: ShotRecord) => r.mould.circuits[3]!;
    const dSurf = avg(after, (r) => b2(r).surface_T) - avg(before, (r) => b2(r).surface_T);
    expect(dSurf).toBeGreaterThan(6.5);
    expect(dSurf).toBeLessThan(10);
    expect(avg(after, (r) => b2(r).dT)).toBeGreaterThan(2.3);
    expect(avg(after, (r) => b2(r).dT)).toBeLessThan(3.3);
    expect(avg(after, (r) => b2(r).flow)).toBeCloseTo(0.8, 1);
    // fixed half unchanged; halves apart by ≈ 6 K; the TCU supply is normal
    expect(Math.abs(avg(after, (r) => r.mould.T_fixed) - avg(before, (r) => r.mould.T_fixed))).toBeLessThan(
      0.5,
    );
    expect(avg(after, (r) => r.mould.T_moving - r.mould.T_fixed)).toBeGreaterThan(4.5);
    expect(avg(after, (r) => b2(r).supply_T)).toBeCloseTo(40, 0);
    // later t0, bow 0.3–0.6 mm, weight practically unchanged
    expect(avg(after, (r) => r.cavity_pressure[2]!.t0)).toBeGreaterThan(
      avg(before, (r) => r.cavity_pressure[2]!.t0) + 0.25,
    );
    expect(avg(after, (r) => r.parts[1].bow_mm)).toBeGreaterThan(0.3);
    expect(avg(after, (r) => r.parts[1].bow_mm)).toBeLessThan(0.65);
    expect(hasDefect(after, 'warpage')).toBe(true);
    expect(Math.abs(avg(after, weightMean) / avg(before, weightMean) - 1)).toBeLessThan(0.002);
  });

  it('F09 oil cooler UA × 0.2: oil plateaus ≈ 60 °C, warning at 55 °C, no stop, cycle slower', () => {
    const { st, before, after } = beforeAfter((s) => {
      imm(s).faults.oilCoolerUaFactor = 0.2;
    }, 4000);
    expect(avg(after, (r) => r.oil_T)).toBeGreaterThan(57);
    expect(avg(after, (r) => r.oil_T)).toBeLessThan(63);
    expect(hasAlarm(after, 'OIL_TEMP_HIGH')).toBe(true);
    expect(hasAlarm(after, 'OIL_TEMP_STOP')).toBe(false);
    expect(imm(st).s.state).not.toBe('STOPPED');
    const dc = avg(after, (r) => r.cycle_time) - avg(before, (r) => r.cycle_time);
    expect(dc).toBeGreaterThan(0.2);
    expect(dc).toBeLessThan(1);
    expect(cv(col(after, (r) => r.times.fill))).toBeGreaterThan(cv(col(before, (r) => r.times.fill)));
  });

  it('F10 clamp 600 kN: near-gate peak clipped ≈ 27 MPa, weight ≈ +0.7 %, flash all around', () => {
    const x = runShots({
      shots: 12,
      setup: (st) => {
        imm(st).faults.clampForceLossKN = 300;
      },
    }).shots;
    expect(avg(x, (r) => r.cavity_pressure[0]!.pmax)).toBeCloseTo(27.4, 0);
    expect(
      Math.abs(avg(x, (r) => r.cavity_pressure[1]!.pmax) - avg(base, (r) => r.cavity_pressure[1]!.pmax)),
    ).toBeLessThan(1);
    expect(relW(x)).toBeGreaterThan(0.45);
    expect(relW(x)).toBeLessThan(1.0);
    expect(
      x.every((r) => r.defects.some((d) => d.type === 'flash' && d.location === 'parting_line_all_around')),
    ).toBe(true);
    expect(avg(x, (r) => r.clamp_force_actual)).toBe(600);
    expect(hasAlarm(x, 'CLAMP_FORCE_DEV')).toBe(true);
  });

  it('F23 hold 45 → 32 MPa: weight ≈ −0.6 %, s_sink ≈ 0.16, cushion up', () => {
    const x = runShots({ shots: 12, set: { 'imm.hold_pressure_sp': 32 } }).shots;
    expect(relW(x)).toBeGreaterThan(-0.8);
    expect(relW(x)).toBeLessThan(-0.45);
    const sink = avg(x, (r) =>
      Math.max(0, ...r.defects.filter((d) => d.type === 'sink').map((d) => d.severity)),
    );
    expect(sink).toBeGreaterThan(0.12);
    expect(sink).toBeLessThan(0.2);
    expect(avg(x, (r) => r.cushion_end) - avg(base, (r) => r.cushion_end)).toBeGreaterThan(0.3);
    expect(x[0]!.dataset_hash).not.toBe(base[0]!.dataset_hash);
  });

  it('F25 starvation: cushion ≈ 0 near feed factor 0.55, dosing > 8 s; time-out below 0.5 ends AUTO', () => {
    const starve = (ff: number) =>
      runShots({
        shots: 8,
        setup: (st) => {
          const f = st.model<BlenderModel>('blender')!.faults;
          f.feedFactorMean = ff;
        },
      }).shots;
    const x55 = starve(0.55);
    expect(avg(x55, (r) => r.cushion_end)).toBeLessThan(1.2);
    expect(avg(x55, (r) => r.times.dose)).toBeGreaterThan(7.8);
    expect(hasAlarm(x55, 'DOSE_EXCEEDS_COOL')).toBe(true);
    expect(hasDefect(x55, 'sink')).toBe(true);
    const x80 = starve(0.8);
    expect(avg(x80, (r) => r.cushion_end)).toBeGreaterThan(3.8);
    expect(avg(x80, (r) => r.cushion_end)).toBeLessThan(5.4);
    expect(avg(x80, (r) => r.times.dose)).toBeCloseTo(5.6, 0);
    // below 0.5: shot size not reached, the part is ejected, AUTO ends, no incomplete shot is injected
    const st = newCell({});
    collect(st, 2);
    st.model<BlenderModel>('blender')!.faults.feedFactorMean = 0.45;
    const alarms: string[] = [];
    st.hooks.on('alarm', (a) => alarms.push(a.code));
    const after = collect(st, 4, { maxS: 200 });
    expect(alarms).toContain('DOSE_TIMEOUT');
    // the shot already dosed is still moulded; the timed-out dose is never injected
    expect(after.length).toBeLessThanOrEqual(2);
    expect(after[after.length - 1]!.alarms).toContain('DOSE_TIMEOUT');
    expect(st.store.get(st.store.handle('imm.mode'))).toBe(3); // MANUAL
    expect(imm(st).s.state).toBe('READY');
  });
});

describe('leading signatures of the §4.1 matrix', () => {
  it('F01 Z2 band failure: output 100 %, Z2 −30…−55 K, dosing +10…+30 %, melt −5…−10 K, pressure ↑', () => {
    const { st, before, after } = beforeAfter((s) => {
      imm(s).faults.heaterHealth[1] = 0;
    }, 1200);
    const z2 = imm(st).s.barrel.zones[1]!;
    expect(z2.u).toBe(1);
    expect(z2.t - 210).toBeLessThan(-30);
    expect(z2.t - 210).toBeGreaterThan(-55);
    expect(st.store.get(st.store.handle('imm.zone2.current'))).toBe(0);
    const dose = avg(after, (r) => r.times.dose) / avg(before, (r) => r.times.dose);
    expect(dose).toBeGreaterThan(1.1);
    expect(dose).toBeLessThan(1.32);
    const dMelt = avg(after, (r) => r.melt_T) - avg(before, (r) => r.melt_T);
    expect(dMelt).toBeLessThan(-5);
    expect(dMelt).toBeGreaterThan(-10);
    const dP = avg(after, (r) => r.peak_inj_pressure) / avg(before, (r) => r.peak_inj_pressure) - 1;
    expect(dP).toBeGreaterThan(0.025);
    expect(dP).toBeLessThan(0.08);
    expect(hasAlarm(after, 'ZONE_DEV_2')).toBe(true);
  });

  it('F02 Z3 thermocouple reads 20 K low: display on set point, output +10…+20 points, melt +5…+8 K', () => {
    const { st, before, after } = beforeAfter((s) => {
      imm(s).faults.tcDriftK[2] = -20;
    }, 1800);
    const shown = st.store.get(st.store.handle('imm.zone3.temp_actual'));
    expect(Math.abs(shown - 225)).toBeLessThan(1.2);
    const outBefore = avg(before, (r) => r.zones.output_pct[2]!);
    const outAfter = avg(after, (r) => r.zones.output_pct[2]!);
    expect(outAfter - outBefore).toBeGreaterThan(10);
    expect(outAfter - outBefore).toBeLessThan(22);
    const dMelt = avg(after, (r) => r.melt_T) - avg(before, (r) => r.melt_T);
    expect(dMelt).toBeGreaterThan(4.5);
    expect(dMelt).toBeLessThan(8);
    expect(avg(after, (r) => r.peak_inj_pressure)).toBeLessThan(avg(before, (r) => r.peak_inj_pressure));
    expect(hasAlarm(after, 'ZONE_DEV_3')).toBe(false);
  });

  it('F05 TCU faults: supply leaves its set point, both circuits of that half follow', () => {
    const pump = beforeAfter((s) => {
      s.model<TcuModel>('tcu2')!.faults.pumpRunning = false;
    }, 1200);
    expect(hasAlarm(pump.after, 'tcu2.NO_FLOW')).toBe(true);
    expect(
      avg(pump.after, (r) => r.mould.T_moving) - avg(pump.before, (r) => r.mould.T_moving),
    ).toBeGreaterThan(5);
    const stuck = beforeAfter((s) => {
      s.model<TcuModel>('tcu2')!.faults.heaterStuckOn = true;
    }, 900);
    const tcu2 = stuck.st.model<TcuModel>('tcu2')!;
    expect(tcu2.s.tC).toBeGreaterThan(50);
    expect(hasAlarm(stuck.after, 'tcu2.OVER_TEMP')).toBe(true);
    const open = beforeAfter((s) => {
      s.model<TcuModel>('tcu2')!.faults.coolingValve = 'stuck_open';
    }, 900);
    const t = open.st.model<TcuModel>('tcu2')!;
    expect(Math.abs(t.s.tC - 40)).toBeLessThan(1.5);
    expect(t.s.heater).toBeGreaterThan(0.4);
  });

  it('F06 PA6 dryer regeneration failure: dew point ↑ first, then moisture, pressure −11…−19 %, splay', () => {
    const { st, before, after } = beforeAfter(
      (s) => {
        s.model<DryerModel>('dryer')!.faults.regenHealth = 0.35;
      },
      3000,
      10,
      'PA6',
    );
    const dryer = st.model<DryerModel>('dryer')!;
    expect(dryer.s.dp).toBeGreaterThan(-8);
    expect(avg(after, (r) => r.resin_moisture)).toBeGreaterThan(0.2);
    const dP = avg(after, (r) => r.peak_inj_pressure) / avg(before, (r) => r.peak_inj_pressure) - 1;
    expect(dP).toBeLessThan(-0.1);
    expect(dP).toBeGreaterThan(-0.2);
    expect(avg(after, (r) => r.cavity_pressure[0]!.pmax)).toBeGreaterThan(
      avg(before, (r) => r.cavity_pressure[0]!.pmax),
    );
    expect(hasDefect(after, 'splay')).toBe(true);
    expect(hasAlarm(after, 'dryer.DEW_POINT_HIGH')).toBe(true);
  });

  it('F07 lot MFI 12 → 18: step −11 % pressure, cavity peaks ↑, dosing ↓, temperatures unchanged', () => {
    const x = runShots({
      shots: 12,
      setup: (st) => {
        st.model<BlenderModel>('blender')!.faults.mfiFactor = 1.5;
      },
    }).shots;
    expect(
      avg(x, (r) => r.cavity_pressure[1]!.pmax) / avg(base, (r) => r.cavity_pressure[1]!.pmax),
    ).toBeGreaterThan(1.2);
    expect(avg(x, (r) => r.times.dose)).toBeLessThan(avg(base, (r) => r.times.dose));
    expect(Math.abs(avg(x, (r) => r.melt_T) - avg(base, (r) => r.melt_T))).toBeLessThan(1);
  });

  it('F08 regrind 40 %: dosing ↑ with scatter, cushion scatter', () => {
    const ref = runShots({ shots: 20 }).shots;
    const x = runShots({ shots: 20, set: { 'blender.regrind_sp': 40 } }).shots;
    expect(avg(x, (r) => r.times.dose) / avg(ref, (r) => r.times.dose)).toBeGreaterThan(1.05);
    expect(avg(x, (r) => r.times.dose) / avg(ref, (r) => r.times.dose)).toBeLessThan(1.2);
    expect(cv(col(x, (r) => r.times.dose))).toBeGreaterThan(1.5 * cv(col(ref, (r) => r.times.dose)));
    expect(sd(col(x, (r) => r.cushion_end))).toBeGreaterThan(1.8 * sd(col(ref, (r) => r.cushion_end)));
    expect(avg(x, (r) => r.RV) / avg(ref, (r) => r.RV)).toBeLessThan(0.985);
  });

  it('F11 nozzle restriction 1.8: pressure at the limit, cavity peaks ↓ (gate −20 %, end of flow −70 %)', () => {
    const x = runShots({
      shots: 10,
      setup: (st) => {
        imm(st).faults.nozzleRestriction = 1.8;
      },
    }).shots;
    const g = avg(x, (r) => r.cavity_pressure[0]!.pmax) / avg(base, (r) => r.cavity_pressure[0]!.pmax) - 1;
    const e = avg(x, (r) => r.cavity_pressure[1]!.pmax) / avg(base, (r) => r.cavity_pressure[1]!.pmax) - 1;
    expect(g).toBeLessThan(-0.14);
    expect(g).toBeGreaterThan(-0.28);
    expect(e).toBeLessThan(-0.6);
    expect(e).toBeGreaterThan(-0.8);
    expect(relW(x)).toBeLessThan(-0.5);
  });

  it('F12 clogged vents: burns at the end of flow, end-of-flow peak ↓, weight ↓', () => {
    const x = runShots({ shots: 10, setup: (st) => void (imm(st).faults.ventClog = 0.8) }).shots;
    expect(
      x.every((r) => r.defects.some((d) => d.type === 'burn_marks' && d.location === 'end_of_flow')),
    ).toBe(true);
    expect(avg(x, (r) => r.cavity_pressure[1]!.pmax)).toBeLessThan(
      0.9 * avg(base, (r) => r.cavity_pressure[1]!.pmax),
    );
    expect(relW(x)).toBeLessThan(-0.2);
    expect(relW(x)).toBeGreaterThan(-1);
  });

  it('F13 broken ejector pin: its group force ↓, the part sticks, the vacuum test passes, mould protection', () => {
    const st = newCell({});
    collect(st, 2);
    imm(st).faults.brokenEjectorGroup = 3;
    const rs = collect(st, 12, { maxS: 400 });
    const last = rs[rs.length - 1]!;
    expect(last.ejector_force_peak[2]!).toBeLessThan(0.85 * last.ejector_force_peak[0]!);
    expect(imm(st).s.state).toBe('STOPPED');
    expect(imm(st).alarms.isActive('MOULD_PROTECT')).toBe(true);
    expect(st.model<RobotModel>('robot')!.vacuumTest()).toBeLessThan(-65);
  });

  it('F14 cavity-pressure sensor gain 0.8: false rejects, every other signal normal', () => {
    const x = runShots({
      shots: 10,
      setup: (st) => {
        st.model<MouldModel>('mould')!.faults.cavitySensors[0]!.gain = 0.8;
      },
    }).shots;
    expect(avg(x, (r) => r.cavity_pressure[0]!.pmax)).toBeCloseTo(
      0.8 * avg(base, (r) => r.cavity_pressure[0]!.pmax),
      0,
    );
    expect(x.every((r) => r.quality === 'bad')).toBe(true);
    expect(Math.abs(relW(x))).toBeLessThan(0.1);
    expect(Math.abs(avg(x, (r) => r.cushion_end) - avg(base, (r) => r.cushion_end))).toBeLessThan(0.1);
  });

  it('F15 vacuum leak: vacuum test fails, part not confirmed, the part stays in the mould', () => {
    const st = newCell({});
    collect(st, 2);
    st.model<RobotModel>('robot')!.faults.vacuumLeak = 1.14;
    const rs = collect(st, 3, { maxS: 200 });
    expect(st.model<RobotModel>('robot')!.vacuumTest()).toBeGreaterThan(-50);
    expect(rs.some((r) => r.alarms.includes('robot.VACUUM_NOT_REACHED'))).toBe(true);
    expect(imm(st).s.state).toBe('STOPPED');
  });

  it('F16 robot offset 4 mm: placement offset ≈ e seen by vision, scratches; 6 mm → collision stop', () => {
    const x = runShots({
      shots: 10,
      setup: (st) => void (st.model<RobotModel>('robot')!.faults.pickOffsetMm = 4),
    }).shots;
    expect(avg(x, (r) => r.parts[0].vision.placement_offset_mm)).toBeCloseTo(4, 0);
    expect(avg(x, (r) => r.vacuum_min)).toBeGreaterThan(avg(base, (r) => r.vacuum_min));
    const st = newCell({});
    collect(st, 1);
    st.model<RobotModel>('robot')!.faults.pickOffsetMm = 6;
    collect(st, 3, { maxS: 120 });
    expect(st.model<RobotModel>('robot')!.alarms.isActive('COLLISION')).toBe(true);
  });

  it('F17 LED ageing (gain 0.75): rejects 5–15 % of parts, brightness ↓, parts unchanged', () => {
    const x = runShots({
      shots: 100,
      setup: (st) => void (st.model<VisionModel>('vision')!.faults.brightnessGain = 0.75),
    }).shots;
    const parts = x.flatMap((r) => r.parts);
    const rate = parts.filter((p) => p.vision.result !== 'good').length / parts.length;
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(0.15);
    expect(parts[0]!.vision.brightness_pct).toBeCloseTo(45, 0);
    expect(Math.abs(relW(x))).toBeLessThan(0.1);
  });

  it('F18 conveyor jam: overload trip, photo-eye blocked, the robot and the machine wait', () => {
    const st = newCell({});
    collect(st, 2);
    st.model<ConveyorModel>('conveyor')!.faults.jam = true;
    const rs = collect(st, 5, { maxS: 180 });
    expect(rs.length).toBeLessThan(3);
    const conv = st.model<ConveyorModel>('conveyor')!;
    expect(conv.alarms.isActive('OVERLOAD')).toBe(true);
    expect(conv.alarms.isActive('PHOTOEYE_BLOCKED')).toBe(true);
    expect(st.model<RobotModel>('robot')!.s.step).toBe('WAIT_PLACE');
  });

  it('F19 hot-runner drop B heater: drop ↓ with output 100 %, cavity B short, A over-packed', () => {
    const st = newCell({ hotRunner: true });
    const before = collect(st, 8, { skip: 2 });
    st.model<HotRunnerModel>('hotrunner')!.faults.heaterHealth[2] = 0;
    const after = collect(st, 8, { fromS: st.clock.seconds + 600 });
    const drop = st.model<HotRunnerModel>('hotrunner')!.s.zones[2]!;
    expect(drop.t).toBeLessThan(200);
    expect(drop.t).toBeGreaterThan(170);
    expect(drop.u).toBe(1);
    expect(avg(after, (r) => r.cavity_pressure[3]!.pmax)).toBeLessThan(
      0.5 * avg(before, (r) => r.cavity_pressure[3]!.pmax),
    );
    expect(avg(after, (r) => r.cavity_pressure[0]!.pmax)).toBeGreaterThan(
      avg(before, (r) => r.cavity_pressure[0]!.pmax),
    );
    const imbalance = avg(after, (r) => (r.weights[0] - r.weights[1]) / weightMean(r));
    expect(imbalance).toBeGreaterThan(0.03);
    expect(hasDefect(after, 'short_shot', 2)).toBe(true);
  });

  it('F20 parting-line wear: local flash, weight +0.2…0.3 %, clamp normal', () => {
    const x = runShots({
      shots: 10,
      setup: (st) => void Object.assign(imm(st).faults, { partingLineGapMm: 0.08, partingLineLength: 0.05 }),
    }).shots;
    expect(
      x.every((r) => r.defects.some((d) => d.type === 'flash' && d.location === 'parting_line_spot')),
    ).toBe(true);
    expect(relW(x)).toBeGreaterThan(0.15);
    expect(relW(x)).toBeLessThan(0.35);
    expect(avg(x, (r) => r.clamp_force_actual)).toBe(900);
  });

  it('F21 mains voltage −10 %: zone outputs rise collectively', () => {
    const { before, after } = beforeAfter((s) => {
      s.model<import('../../../simulator/cell/ambient.ts').AmbientModel>(
        'ambient',
      )!.faults.mainsVoltageFactor = 0.9;
    }, 900);
    for (let i = 0; i < 5; i++) {
      expect(avg(after, (r) => r.zones.output_pct[i]!)).toBeGreaterThan(
        avg(before, (r) => r.zones.output_pct[i]!) + 5,
      );
    }
  });

  it('F24 condensation: a mould below the ambient dew point gives water marks', () => {
    const x = runShots({
      shots: 6,
      set: { 'tcu1.temp_sp': 12, 'tcu2.temp_sp': 12 },
      setup: (st) => {
        const a = st.model<import('../../../simulator/cell/ambient.ts').AmbientModel>('ambient')!;
        a.faults.plantWaterC = 8;
        a.faults.dewPointC = 22;
      },
      fromS: 3000,
    }).shots;
    expect(x.every((r) => r.defects.some((d) => d.type === 'splay' && d.location === 'water_marks'))).toBe(
      true,
    );
    expect(avg(x, (r) => r.dryer_dp)).toBeGreaterThan(0); // the dryer (off for PP) is not the cause
  });
});
