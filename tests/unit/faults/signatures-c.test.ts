/** §4.1 signatures of F13–F18 at default severity (see signatures-a.test.ts); F13, F15, F18 stop the cell. */
import { describe, expect, it } from 'vitest';
import { faultCell, num, ok, run, shots, TRAINER, until } from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';
import {
  absShift,
  mean,
  rejectShare,
  relShift,
  rowFailures,
  STEADY,
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

describe('§4.1 signatures F13–F18', () => {
  it('F13 broken ejector pin: its group force ↓, no pick, mould-protection trip; the vacuum test passes', () => {
    const c = faultCell();
    shots(c.st, 3);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F13' });
    const rs = shots(c.st, 3, { maxS: 300 });
    const last = rs[rs.length - 1]!;
    expect(last.ejector_force_peak[2]!).toBeLessThan(0.85 * last.ejector_force_peak[0]!);
    expect(last.ejector_force_peak[1]!).toBeGreaterThan(last.ejector_force_peak[0]! * 0.95);
    expect(until(c.st, () => c.safety.b.state === 'STOPPED', 120)).toBe(true);
    expect(c.engine.cell.imm!.alarms.isActive('MOULD_PROTECT')).toBe(true);
    expect(c.engine.cell.robot!.alarms.isActive('VACUUM_NOT_REACHED')).toBe(true);
    // the vacuum circuit is healthy: the vacuum test on the test plate passes (rules out F15)
    const g = new Gestures(c);
    g.do('act.robot_stop');
    g.do('act.vacuum_test');
    const r = g.waitWork();
    expect(r.verdict).toBe('pass');
    expect(r.vacuum_kpa as number).toBeLessThanOrEqual(-65);
  });

  it('F14 gate sensor gain × 0.8: the curve is scaled, the envelope rejects good parts, every other signal normal', () => {
    const run = signatureRun('F14');
    const { before, after } = run;
    const g = relShift((r) => r.cavity_pressure[0]!.pmax, before, after);
    expect(g).toBeLessThan(-0.17);
    expect(g).toBeGreaterThan(-0.23);
    expect(after.every((r) => r.quality === 'bad' && r.quality_reason.includes('cav1_gate'))).toBe(true);
    expect(before.every((r) => r.quality === 'good')).toBe(true);
    const fails = rowFailures({ ...STEADY, ...PROCESS_ZERO, pcav: '↓', pcavEof: '0', pcavB: '0' }, run);
    expect(fails).toEqual([]);
  });

  it('F14 offset variant (+3.5 MPa): the baseline before injection is no longer 0, false rejects appear', () => {
    const run = signatureRun('F14', { inject: { variant: 'offset' } });
    const { before, after } = run;
    expect(mean(before.map((r) => r.curves.cavity.cav1_gate[0]!))).toBeLessThan(0.2);
    expect(mean(after.map((r) => r.curves.cavity.cav1_gate[0]!))).toBeGreaterThan(0.8);
    expect(after.some((r) => r.quality === 'bad')).toBe(true);
    expect(before.every((r) => r.quality === 'good')).toBe(true);
    expect(rowFailures({ ...PROCESS_ZERO, pcav: '(↑)' }, run)).toEqual([]);
  });

  it('F15 cup leak (10 min ramp): vacuum above the −50 kPa threshold, part not confirmed, the vacuum test fails', () => {
    const c = faultCell();
    const before = shots(c.st, 6);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F15' });
    const during = shots(c.st, 40, { maxS: 1200 });
    expect(
      c.engine.cell.robot!.alarms.isActive('VACUUM_NOT_REACHED') ||
        during.some((r) => r.alarms.includes('robot.VACUUM_NOT_REACHED')),
    ).toBe(true);
    expect(until(c.st, () => c.safety.b.state === 'STOPPED', 600)).toBe(true);
    // vacuum during pick rises towards the threshold before the picks fail
    expect(Math.max(...during.map((r) => r.vacuum_min))).toBeGreaterThan(
      mean(before.map((r) => r.vacuum_min)) + 10,
    );
    // the ejector forces are normal (rules out F13)
    const lf = during[during.length - 1]!.ejector_force_peak;
    expect(Math.min(...lf)).toBeGreaterThan(0.9 * Math.max(...lf));
    const g = new Gestures(c);
    g.do('act.robot_stop');
    g.do('act.vacuum_test');
    const r = g.waitWork();
    expect(r.verdict).toBe('fail');
    expect(r.vacuum_kpa as number).toBeGreaterThan(-50);
  });

  it('F16 EOAT shifted 4 mm: placement offset ≈ e seen by vision, vacuum reached late, scratches; process normal', () => {
    const sr = signatureRun('F16');
    const { after, c } = sr;
    expect(mean(after.map((r) => r.parts[0].vision.placement_offset_mm))).toBeGreaterThan(3);
    expect(mean(after.map((r) => r.parts[0].vision.placement_offset_mm))).toBeLessThan(5);
    expect(c.engine.cell.robot!.alarms.isActive('COLLISION')).toBe(false);
    // the controller's actual position is the taught one: the program is unchanged (EOAT shifted)
    const fresh = faultCell();
    run(fresh.st, 10);
    expect(c.st.store.getStr(c.st.store.handle('robot.program_checksum'))).toBe(
      fresh.st.store.getStr(fresh.st.store.handle('robot.program_checksum')),
    );
    const fails = rowFailures({ ...STEADY, ...PROCESS_ZERO, vacuum: '↑', rejects: '↑' }, sr);
    expect(fails).toEqual([]);
  });

  it('F17 LED ageing (gain 0.75): vision rejects 0.5 → 5–15 % (false), brightness ↓, weight/cavity/cushion unchanged', () => {
    const run = signatureRun('F17', { n: 60 });
    const { before, after, c } = run;
    const rate = mean(after.map(rejectShare));
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(0.2);
    expect(mean(before.map(rejectShare))).toBeLessThan(0.02);
    expect(num(c.st, 'vision.brightness')).toBeLessThan(50);
    const fails = rowFailures({ ...STEADY, ...PROCESS_ZERO }, run);
    expect(fails).toEqual([]);
  });

  it('F17 scale variant (+0.2 % mm/px): measured key dimension +0.23 mm with no change in weight, cavity pressure, cushion', () => {
    const run = signatureRun('F17', { inject: { variant: 'scale' }, waitS: 600 });
    const { before, after } = run;
    const vd = (r: (typeof after)[number]) =>
      0.5 * (r.parts[0].vision.dimension_mm + r.parts[1].vision.dimension_mm);
    const d = absShift(vd, before, after);
    expect(d).toBeGreaterThan(0.18);
    expect(d).toBeLessThan(0.28);
    expect(Math.abs(relShift(weightOf, before, after))).toBeLessThan(0.002);
    expect(rowFailures({ ...PROCESS_ZERO }, run)).toEqual([]);
  });

  it('F18 conveyor jam: motor overload trip in 3 s, photo-eye blocked, the robot waits to place, production stops', () => {
    const c = faultCell();
    shots(c.st, 3);
    ok(c.st, TRAINER, 'fault.inject', { fault: 'F18' });
    run(c.st, 10);
    const conv = c.engine.cell.conveyor!;
    expect(conv.s.tripped).toBe(true);
    expect(c.st.store.getBool(c.st.store.handle('conveyor.photo_eye'))).toBe(true);
    const rs = shots(c.st, 5, { maxS: 240 });
    expect(rs.length).toBeLessThan(3);
    expect(c.engine.cell.robot!.s.step).toBe('WAIT_PLACE');
    expect(conv.alarms.isActive('OVERLOAD')).toBe(true);
    expect(conv.alarms.isActive('PHOTOEYE_BLOCKED')).toBe(true);
  });
});
