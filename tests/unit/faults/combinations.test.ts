/**
 * The six recommended exam combinations of §4.1: two mechanisms at once, each keeping its own signature
 * (the overlap is the difficulty), and each removable by its own correct action.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import { Quality } from '../../../simulator/kernel/signal-schema.ts';
import { faultCell, num, ok, run, shots, TRAINER, write } from '../../helpers/fault-cell.ts';
import { Gestures } from '../../helpers/fault-gestures.ts';
import { absShift, mean, relShift, sd, weightOf } from '../../helpers/fault-signature.ts';

const SHIFT_LEAD: Actor = { user: 'lead', roles: ['technician'], channel: 'hmi', client: 'HMI-PANEL-1' };
const flash = (r: { defects: { type: string; severity: number }[] }) =>
  r.defects.filter((d) => d.type === 'flash').reduce((a, d) => a + d.severity, 0);

function cell(material?: 'PA6') {
  const c = faultCell(material ? { material } : {});
  shots(c.st, 2);
  const base = shots(c.st, 15);
  return { c, base, g: new Gestures(c), st: c.st };
}

describe('recommended combinations (§4.1)', () => {
  it('F22 + F04: a stale TCU B reading hides the flow loss; the mould half still shows it; the local reading tells the truth', () => {
    const { st, base, g, c } = cell();
    const flow0 = num(st, 'tcu2.flow');
    ok(st, TRAINER, 'fault.inject', { fault: 'F22', id: 'stale' });
    ok(st, TRAINER, 'fault.inject', { fault: 'F04', id: 'b2' });
    run(st, 3600);
    const after = shots(st, 10);
    // the frozen TCU B tags still show the healthy flow, flagged Bad with an old timestamp
    expect(num(st, 'tcu2.flow')).toBe(flow0);
    expect(st.store.quality[st.store.handle('tcu2.flow')]).toBe(Quality.Bad);
    expect(absShift((r) => r.mould.circuits[3]!.surface_T, base, after)).toBeGreaterThan(6);
    const local = g.diag('tcu_moving', 'local_reading');
    expect(local.tcu2_flow_lpm as number).toBeLessThan(flow0 - 5);
    g.repair('data.modbus_link', 'reseat');
    run(st, 5);
    expect(num(st, 'tcu2.flow')).toBeLessThan(flow0 - 5);
    expect(c.engine.list().find((f) => f.id === 'b2')!.state).toBe('active');
  });

  it('F07 + F20: two flash mechanisms — the high-MFI lot makes the worn spot flash more, on top of the pressure step', () => {
    const wornOnly = cell();
    ok(wornOnly.st, TRAINER, 'fault.inject', { fault: 'F20', profile: { kind: 'step' } });
    run(wornOnly.st, 600);
    const a = shots(wornOnly.st, 12);
    const both = cell();
    ok(both.st, TRAINER, 'fault.inject', { fault: 'F20', profile: { kind: 'step' } });
    ok(both.st, TRAINER, 'fault.inject', { fault: 'F07' });
    run(both.st, 600);
    const b = shots(both.st, 12);
    expect(
      b.every((r) => r.defects.some((d) => d.type === 'flash' && d.location === 'parting_line_spot')),
    ).toBe(true);
    expect(mean(b.map(flash))).toBeGreaterThan(1.1 * mean(a.map(flash)));
    expect(relShift((r) => r.peak_inj_pressure, both.base, b)).toBeLessThan(-0.09);
    expect(relShift(weightOf, both.base, b)).toBeGreaterThan(relShift(weightOf, wornOnly.base, a));
  });

  it('F01 + F25: both lengthen dosing — the zone alarm and output 100 % for one, the scatter and the cushion collapse for the other', () => {
    const { st, base } = cell();
    ok(st, TRAINER, 'fault.inject', { fault: 'F01' });
    // a moderate starvation: at full severity the two together exceed the 9 s dosing time-out and end AUTO
    ok(st, TRAINER, 'fault.inject', {
      fault: 'F25',
      severity: 0.6,
      profile: { kind: 'intermittent', on_s: 3600, off_s: 60 },
    });
    run(st, 600);
    const after = shots(st, 20, { maxS: 900 });
    expect(num(st, 'imm.zone2.output_pct')).toBeGreaterThan(97);
    expect(after.some((r) => r.alarms.includes('ZONE_DEV_2'))).toBe(true);
    expect(relShift((r) => r.times.dose, base, after)).toBeGreaterThan(0.25);
    expect(sd(after.map((r) => r.times.dose))).toBeGreaterThan(4 * sd(base.map((r) => r.times.dose)));
    expect(mean(after.map((r) => r.cushion_end))).toBeLessThan(mean(base.map((r) => r.cushion_end)) - 1);
  });

  it('F06 + F24 (PA6): two water mechanisms — the dryer dew point rises and the mould sits below the ambient dew point', () => {
    const { st, c } = cell('PA6');
    ok(st, TRAINER, 'fault.inject', { fault: 'F06' });
    ok(st, TRAINER, 'fault.inject', { fault: 'F24' });
    run(st, 3000);
    const after = shots(st, 10);
    expect(num(st, 'dryer.dew_point')).toBeGreaterThan(-10);
    const m = c.engine.cell.mould!;
    expect(Math.min(...m.s.t.map((t, j) => 0.5 * (t + m.s.supply[j]!)))).toBeLessThan(
      c.engine.cell.ambient!.s.dpC,
    );
    expect(after.every((r) => r.defects.some((d) => d.type === 'splay'))).toBe(true);
    expect(mean(after.map((r) => r.resin_moisture))).toBeGreaterThan(0.2);
  });

  it('F03 + a trainer-side cushion control: the cushion mean looks right, the scatter and the repeatability test still show the ring', () => {
    const { st, g } = cell();
    ok(st, TRAINER, 'fault.inject', { fault: 'F03', profile: { kind: 'step' } });
    // the distractor: the trainer's "cushion control" lengthens the shot as the worn ring leaks
    write(st, TRAINER, 'imm.shot_size_sp', 91.7, 'cushion control');
    write(st, TRAINER, 'imm.transfer_position_sp', 27.4, 'cushion control');
    run(st, 300);
    const after = shots(st, 25);
    expect(Math.abs(mean(after.map((r) => r.cushion_end)) - 8)).toBeLessThan(1.2);
    expect(sd(after.map((r) => r.cushion_end))).toBeGreaterThan(0.4);
    g.controlledStop();
    expect(g.diag('injection_unit.check_ring', 'repeatability_test').range_pct as number).toBeGreaterThan(3);
  });

  it('F23 + a legitimate shift-handover change: the audit shows both; the repository holds the legitimate one; the restore undoes only the intrusion', () => {
    const { st, c, g, base } = cell();
    expect(
      write(st, SHIFT_LEAD, 'imm.cooling_time_sp', 9, 'handover: change request CR-118 (warpage)').status,
    ).toBe('accepted');
    ok(st, TRAINER, 'safety.validate_dataset');
    ok(st, TRAINER, 'fault.inject', { fault: 'F23' });
    run(st, 120);
    const audit = Object.values(g.diag('cyber.access', 'audit_log')).filter(
      (v) => typeof v === 'string',
    ) as string[];
    expect(audit.some((v) => v.includes('lead@hmi/HMI-PANEL-1 imm.cooling_time_sp 8 → 9 (handover'))).toBe(
      true,
    );
    expect(
      audit.some((v) => v.includes('maint@opcua/ENG-PC-07 imm.hold_pressure_sp 45 → 32') && !v.includes('(')),
    ).toBe(true);
    const diff = g.diag('cyber.dataset', 'dataset_diff');
    expect(diff.differences).toBe(1);
    expect(diff['imm.hold_pressure_sp']).toBe('45 → 32');
    g.do('act.sec_incident_report');
    g.do('act.restore_dataset', { validated: true, checksum: diff.validated_checksum as string });
    g.waitWork();
    expect(num(st, 'imm.hold_pressure_sp')).toBe(45);
    expect(num(st, 'imm.cooling_time_sp')).toBe(9);
    expect(c.engine.list()[0]!.state).toBe('repaired');
    const after = shots(st, 10, { fromS: st.clock.seconds + 60 });
    expect(Math.abs(relShift(weightOf, base, after))).toBeLessThan(0.002);
  });
});
