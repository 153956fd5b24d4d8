/** Correct actions for F17–F25 (see reversal-a.test.ts). */
import { describe, expect, it } from 'vitest';
import { Quality } from '../../../simulator/kernel/signal-schema.ts';
import {
  CANDIDATE,
  faultCell,
  num,
  ok,
  run,
  shots,
  TRAINER,
  until,
  write,
} from '../../helpers/fault-cell.ts';
import { fix, Gestures } from '../../helpers/fault-gestures.ts';
import { mean, rejectShare, relShift, weightOf } from '../../helpers/fault-signature.ts';

function faulty(
  fault: string,
  o: { inject?: Record<string, unknown>; waitS?: number; hotRunner?: boolean } = {},
) {
  const c = faultCell(o.hotRunner ? { hotRunner: true } : {});
  shots(c.st, 2);
  const base = shots(c.st, 15);
  ok(c.st, TRAINER, 'fault.inject', { fault, ...(o.inject ?? {}) });
  run(c.st, o.waitS ?? 900);
  return { c, base, g: new Gestures(c) };
}
const settled = (c: ReturnType<typeof faultCell>, n = 15, skipS = 400) =>
  shots(c.st, n, { fromS: c.st.clock.seconds + skipS });
const repaired = (c: ReturnType<typeof faultCell>) => c.engine.list().every((f) => f.state === 'repaired');
const flashSeverity = (r: { defects: { type: string; severity: number }[] }) =>
  r.defects.filter((d) => d.type === 'flash').reduce((a, d) => Math.max(a, d.severity), 0);

describe('correct actions F17–F25 (§4, §5.2 K)', () => {
  it('F17: golden parts rejected, lighting replaced (no process change) → vision rejects back below 2 %', () => {
    const { c, g } = faulty('F17');
    expect(g.diag('vision', 'golden_parts').golden_good).toBe('reject');
    g.repair('vision.lighting', 'replace');
    expect(g.diag('vision', 'golden_parts').golden_good).toBe('good');
    const after = settled(c, 40, 30);
    expect(mean(after.map(rejectShare))).toBeLessThan(0.02);
    expect(repaired(c)).toBe(true);
  });

  it('F18: conveyor stopped and its drive locked out, jam cleared, reset, restart → mould within ±2 K and cushion within ±0.3 mm', () => {
    const { c, g, base } = faulty('F18', { waitS: 60 });
    g.controlledStop();
    const [d] = fix(g, {
      stopped: true,
      loto: ['electric'],
      diag: [['conveyor', 'current_photoeye']],
      repairs: [['conveyor.belt', 'clean']],
    });
    expect(d!.tripped).toBe(true);
    ok(c.st, CANDIDATE, 'conveyor.reset');
    g.restart();
    const after = settled(c, 15, 900);
    expect(
      Math.abs(mean(after.map((x) => x.mould.T_moving)) - mean(base.map((x) => x.mould.T_moving))),
    ).toBeLessThan(2);
    expect(
      Math.abs(mean(after.map((x) => x.cushion_end)) - mean(base.map((x) => x.cushion_end))),
    ).toBeLessThan(0.3);
    expect(repaired(c)).toBe(true);
  });

  it('F19: drop B resistance open under hot-runner LOTO, heater replaced → cavity balance ≤ 3 %', () => {
    const { c, g } = faulty('F19', { hotRunner: true, waitS: 600 });
    const [d] = fix(g, {
      loto: ['hot_runner'],
      diag: [['hot_runner.drop_b_heater', 'resistance_tc']],
      repairs: [['hot_runner.drop_b_heater', 'replace']],
    });
    expect(d!.ohm).toBe(null);
    g.restart();
    const after = settled(c, 15, 900);
    expect(Math.abs(mean(after.map((r) => (r.weights[0] - r.weights[1]) / weightOf(r))))).toBeLessThan(0.03);
    expect(repaired(c)).toBe(true);
  });

  it('F20: containment within the validated window (hold 45 → 41 MPa, documented) reduces the local flash; the repair is a toolroom ticket', () => {
    const { c, g } = faulty('F20', { waitS: 1200 });
    const before = shots(c.st, 10);
    g.do('act.quarantine', { from_shot: Math.max(0, c.safety.s.lastShotId - 20) });
    const w = write(
      c.st,
      CANDIDATE,
      'imm.hold_pressure_sp',
      41,
      'containment: local flash at the parting line, within the window',
    );
    expect(w.status).toBe('accepted');
    const after = settled(c, 10, 60);
    expect(mean(after.map(flashSeverity))).toBeLessThan(mean(before.map(flashSeverity)));
    g.controlledStop();
    g.lockout(['hydraulic']);
    expect(g.repair('mould.parting_line', 'restore').ticket).toBeTruthy();
    g.unlock();
    // a toolroom repair takes days: the wear stays for the exam
    expect(c.engine.list()[0]!.state).toBe('active');
  });

  it('F21: sub-meters show the heaters, validated set points restored → heater kWh/cycle back within ±3 %', () => {
    const { c, g, base } = faulty('F21', { waitS: 1800 });
    const m = g.diag('energy', 'sub_meters');
    expect(m.machine_heaters_kw as number).toBeGreaterThan(0);
    g.repair('energy.consumption', 'restore');
    run(c.st, 1);
    expect(num(c.st, 'imm.zone2.temp_sp')).toBe(210);
    const after = settled(c, 15, 1500);
    const heaters = (r: (typeof after)[number]) => r.energy.by_consumer.heaters ?? 0;
    expect(Math.abs(relShift(heaters, base, after))).toBeLessThan(0.03);
    expect(repaired(c)).toBe(true);
    // the writes back are the candidate's, in the logbook
    expect(
      c.commands.some(
        (r) =>
          r.input.kind === 'write' &&
          r.input.signal === 'imm.zone2.temp_sp' &&
          r.actor.user === CANDIDATE.user,
      ),
    ).toBe(true);
  });

  it('F22: status and timestamp checked, true value read locally, link reseated → Good values updating again', () => {
    const { c, g } = faulty('F22', { waitS: 120 });
    const s = g.diag('data.modbus_link', 'status_timestamp');
    expect(s.not_good as number).toBeGreaterThanOrEqual(4);
    const local = g.diag('data.modbus_link', 'local_reading');
    expect(local.tcu2_supply_c as number).toBeGreaterThan(35);
    g.repair('data.modbus_link', 'reseat');
    run(c.st, 5);
    const h = c.st.store.handle('tcu2.supply_temp');
    expect(c.st.store.quality[h]).toBe(Quality.Good);
    const ts = c.st.store.srcTs[h]!;
    run(c.st, 30);
    expect(c.st.store.srcTs[h]!).toBeGreaterThan(ts);
    expect(repaired(c)).toBe(true);
  });

  it('F23: incident reported, logs preserved, client isolated, validated dataset restored by checksum → hold 45 MPa, weight back, dataset hash validated', () => {
    const { c, g, base } = faulty('F23', { waitS: 300 });
    g.do('act.sec_incident_report', {
      text: 'hold pressure changed from ENG-PC-07 without a change request',
    });
    g.do('act.preserve_logs');
    g.do('act.isolate_client', { client: 'ENG-PC-07' });
    const audit = g.diag('cyber.access', 'audit_log');
    expect(
      Object.values(audit).some((v) => typeof v === 'string' && v.includes('maint@opcua/ENG-PC-07')),
    ).toBe(true);
    const diff = g.diag('cyber.dataset', 'dataset_diff');
    expect(diff['imm.hold_pressure_sp']).toBe('45 → 32');
    g.do('act.quarantine', { from_shot: Math.max(0, c.safety.s.lastShotId - 15) });
    g.do('act.restore_dataset', { validated: true, checksum: diff.validated_checksum as string });
    g.waitWork();
    expect(num(c.st, 'imm.hold_pressure_sp')).toBe(45);
    const after = settled(c, 15, 60);
    expect(Math.abs(relShift(weightOf, base, after))).toBeLessThan(0.002);
    expect(after.every((r) => r.dataset_hash === base[0]!.dataset_hash)).toBe(true);
    expect(repaired(c)).toBe(true);
  });

  it('F24: dew point compared, mould temperature raised above it → no water marks, surface ≥ dew point + 3 K', () => {
    const { c, g } = faulty('F24', { waitS: 3000 });
    const d = g.diag('mould.mould_surface', 'dew_point_compare');
    expect(d.condensation).toBe(true);
    g.repair('mould.mould_temperature', 'adjust');
    run(c.st, 1);
    expect(num(c.st, 'tcu1.temp_sp')).toBe(40);
    const after = settled(c, 15, 2400);
    expect(after.some((r) => r.defects.some((x) => x.location === 'water_marks'))).toBe(false);
    const m = c.engine.cell.mould!;
    expect(Math.min(...m.s.t.map((t, j) => 0.5 * (t + m.s.supply[j]!)))).toBeGreaterThan(
      c.engine.cell.ambient!.s.dpC + 3,
    );
    expect(repaired(c)).toBe(true);
  });

  it('F25: machine stopped, bridge found and cleared (no hands in the throat) → dosing 4.5 s, cushion 8 mm', () => {
    const { c, g, base } = faulty('F25', { waitS: 1200 });
    expect(until(c.st, () => num(c.st, 'imm.mode') === 3, 600)).toBe(true);
    const lv = g.diag('feeding.hopper', 'level_filter');
    expect(lv.bridge_in_throat).toBe(true);
    g.repair('feeding.hopper', 'clean');
    ok(c.st, CANDIDATE, 'imm.safety_reset');
    g.restart();
    const after = settled(c, 15, 300);
    expect(Math.abs(mean(after.map((x) => x.times.dose)) - mean(base.map((x) => x.times.dose)))).toBeLessThan(
      0.3,
    );
    expect(Math.abs(mean(after.map((x) => x.cushion_end)) - 8)).toBeLessThan(0.3);
    expect(repaired(c)).toBe(true);
  });
});
