/**
 * Wrong actions listed as distractors in §4 produce their stated side effects — natural consequences of
 * the physics, nothing scripted: raising hold pressure on F03 or F20, lowering the TCU set point on F04,
 * raising the set point of a dead zone (F01), re-tuning the process on a sensor fault (F14).
 */
import { describe, expect, it } from 'vitest';
import { CANDIDATE, faultCell, ok, run, shots, TRAINER, write } from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';
import { mean, relShift, sd, weightOf } from '../../helpers/fault-signature.ts';

const flash = (r: { defects: { type: string; severity: number }[] }) =>
  r.defects.filter((d) => d.type === 'flash').reduce((a, d) => a + d.severity, 0);

function faulty(fault: string, inject: Record<string, unknown> = {}, waitS = 900) {
  const c = faultCell();
  shots(c.st, 2);
  const base = shots(c.st, 12);
  ok(c.st, TRAINER, 'fault.inject', { fault, ...inject });
  run(c.st, waitS);
  return { c, base, g: new Gestures(c) };
}

describe('distractors of §4 and their side effects', () => {
  it('F20: raising hold pressure increases the local flash', () => {
    const { c } = faulty('F20', {}, 1200);
    const before = shots(c.st, 10);
    write(c.st, CANDIDATE, 'imm.hold_pressure_sp', 55, 'more pack against sink');
    const after = shots(c.st, 10, { fromS: c.st.clock.seconds + 60 });
    expect(mean(after.map(flash))).toBeGreaterThan(mean(before.map(flash)) * 1.1);
  });

  it('F03: raising hold pressure does not cure the scatter (the screw bottoms out); the shot-size containment restores the mean only', () => {
    const { c } = faulty('F03', { profile: { kind: 'step' } }, 300);
    const worn = shots(c.st, 40);
    write(c.st, CANDIDATE, 'imm.hold_pressure_sp', 60, 'compensate the light parts');
    const held = shots(c.st, 40, { fromS: c.st.clock.seconds + 60 });
    // the leak runs faster under the higher pressure: the cushion collapses further, more shots bottom out,
    // and the scatter stays far above a healthy ring's (σ ≤ 0.15 mm)
    expect(mean(held.map((r) => r.cushion_end))).toBeLessThan(mean(worn.map((r) => r.cushion_end)) - 1);
    expect(held.filter((r) => r.cushion_end < 0.05).length).toBeGreaterThan(
      worn.filter((r) => r.cushion_end < 0.05).length,
    );
    expect(sd(held.map((r) => r.cushion_end))).toBeGreaterThan(0.3);
    write(c.st, CANDIDATE, 'imm.hold_pressure_sp', 45, 'back to the validated value');
    // documented containment: +5.5 mm of shot size (and the V/P position with it)
    write(c.st, CANDIDATE, 'imm.shot_size_sp', 91.7, 'containment: cushion');
    write(c.st, CANDIDATE, 'imm.transfer_position_sp', 27.4, 'containment: keep the fill volume');
    const contained = shots(c.st, 25, { fromS: c.st.clock.seconds + 60 });
    expect(Math.abs(mean(contained.map((r) => r.cushion_end)) - 8)).toBeLessThan(0.8);
    expect(sd(contained.map((r) => r.cushion_end))).toBeGreaterThan(0.3);
  });

  it('F04: lowering the TCU set point lowers Re further; the moving half stays hotter than the fixed half', () => {
    const { c, g } = faulty('F04', {}, 3600);
    const re0 = g.diag('mould.circuit_b2', 'flow_dt').b2_re as number;
    write(c.st, CANDIDATE, 'tcu2.temp_sp', 30, 'cool the moving half');
    run(c.st, 1800);
    const re1 = g.diag('mould.circuit_b2', 'flow_dt').b2_re as number;
    expect(re1).toBeLessThan(re0);
    const after = shots(c.st, 5);
    expect(
      mean(after.map((r) => r.mould.circuits[3]!.surface_T - r.mould.circuits[2]!.surface_T)),
    ).toBeGreaterThan(2);
  });

  it('F01: raising the dead zone’s set point masks nothing: the zone stays cold, output 100 %', () => {
    const { c } = faulty('F01');
    write(c.st, CANDIDATE, 'imm.zone2.temp_sp', 230, 'zone 2 too cold');
    run(c.st, 600);
    const after = shots(c.st, 5);
    expect(mean(after.map((r) => r.zones.actual[1]!))).toBeLessThan(190);
    expect(mean(after.map((r) => r.zones.output_pct[1]!))).toBeGreaterThan(97);
  });

  it('F14: re-tuning the hold pressure on a false cavity reading moves the real parts away from the reference', () => {
    const { c, base } = faulty('F14', {}, 300);
    write(c.st, CANDIDATE, 'imm.hold_pressure_sp', 55, 'cavity pressure low');
    const after = shots(c.st, 10, { fromS: c.st.clock.seconds + 60 });
    expect(relShift(weightOf, base, after)).toBeGreaterThan(0.003);
    // the sensor still reads 20 % low: the envelope keeps rejecting
    expect(after.some((r) => r.quality === 'bad')).toBe(true);
  });
});
