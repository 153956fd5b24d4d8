import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../simulator/kernel/command-types.ts';
import type { MesModel } from '../../../simulator/mes/index.ts';
import { autoReason, reasonById } from '../../../simulator/mes/mes/reasons.ts';
import { oeeBuckets, periods } from '../../../simulator/mes/queries/mes-queries.ts';
import type { AlarmLogEntry } from '../../../simulator/mes/types.ts';
import { candidate, trainer } from '../../helpers/actors.ts';
import { act, ok } from '../../helpers/mes-actions.ts';
import { type MesTestMachine, mesStation } from '../../helpers/mes-machine.ts';

const alarm = (t: number, equipment: string, code: string, severity = 'alarm'): AlarmLogEntry => ({
  t,
  equipment,
  code,
  state: 'active',
  severity,
  text: { fr: code, en: code },
});
const reasonOf = (alarms: AlarmLogEntry[], modes: { t: number; mode: string }[] = [], hasJob = true) =>
  reasonById(autoReason({ start: 100_000, end: 400_000, alarms, modeChanges: modes, hasJob }).reasonId)!.code;

describe('automatic standstill reasons', () => {
  it('names the stop after the alarm that explains it', () => {
    expect(reasonOf([alarm(120_000, 'imm', 'ESTOP', 'critical')])).toBe('EMERGENCY_STOP');
    expect(reasonOf([alarm(120_000, 'conveyor', 'PHOTOEYE_BLOCKED')])).toBe('CONVEYOR_JAM');
    expect(reasonOf([alarm(120_000, 'imm', 'DOSE_TIMEOUT')])).toBe('DOSING_TIMEOUT');
    expect(reasonOf([alarm(120_000, 'imm', 'GUARD_OPEN')])).toBe('SAFETY_INTERVENTION');
    expect(reasonOf([alarm(120_000, 'imm', 'MOULD_PROTECT')])).toBe('MOULD_FAILURE');
    expect(reasonOf([alarm(120_000, 'tcu2', 'NO_FLOW')])).toBe('PERIPHERAL_FAILURE');
    expect(reasonOf([alarm(120_000, 'imm', 'OIL_TEMP_STOP', 'critical')])).toBe('MACHINE_FAILURE');
  });

  it('prefers the press alarm over a peripheral one, ignores warnings, old alarms and its own', () => {
    expect(
      reasonOf([alarm(110_000, 'dryer', 'DEW_POINT_HIGH'), alarm(130_000, 'imm', 'ESTOP', 'critical')]),
    ).toBe('EMERGENCY_STOP');
    expect(reasonOf([alarm(120_000, 'imm', 'INJ_PRESSURE_LIMIT', 'warning')])).toBe('UNKNOWN');
    expect(reasonOf([alarm(10_000, 'imm', 'ESTOP', 'critical')])).toBe('UNKNOWN');
    expect(reasonOf([alarm(120_000, 'mes', 'SPC_WEIGHT_C1')])).toBe('UNKNOWN');
  });

  it('falls back on a mode change, then on "no order"', () => {
    expect(reasonOf([], [{ t: 150_000, mode: 'MANUAL' }])).toBe('MODE_CHANGE');
    expect(reasonOf([], [], false)).toBe('NO_ORDER');
  });
});

describe('downtime in the MES', () => {
  it("opens a live stop with the breakdown's alarm, shows it on the standstill signals, and lets the operator qualify it", async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(300_000);
    const r = await act(st, trainer as Actor, 'imm.break_down', { seconds: 600, alarm: 'ESTOP' });
    expect(r.status).toBe('accepted');
    st.runFor(30_000);
    const open = mes.currentOrLastStop()!;
    expect(open).toMatchObject({
      end: null,
      kind: 'stop',
      reasonSource: 'auto',
      evidence: 'alarm imm/ESTOP',
    });
    expect(st.store.value(st.registry.get('mes.status.standstill_reason')!.index)).toBe(24);
    expect(st.store.value(st.registry.get('mes.status.standstill_message')!.index)).toBe('Emergency stop');
    st.runFor(700_000);
    const closed = mes.findStop(open.id)!;
    expect(closed.end! - closed.start).toBeGreaterThan(600_000);
    expect(st.store.value(st.registry.get('mes.status.standstill_reason')!.index)).toBe(0);
    await ok(st, candidate(), 'mes.record_downtime', { reasonId: 20, comment: 'contactor replaced' });
    expect(mes.findStop(open.id)).toMatchObject({
      reasonId: 20,
      reasonSource: 'operator',
      comment: 'contactor replaced',
      by: 'candidate-st1',
    });
    expect((await act(st, candidate(), 'mes.record_downtime', { reasonId: 5 })).rejection?.message).toContain(
      'unknown standstill reason',
    );
    // the restart after 10 minutes: the first 5 shots are start-up scrap (§3.16)
    expect(mes.s.job!.counters.startup).toBe(10);
  });

  it('declares a planned break and counts micro-stops apart', async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(600_000);
    await ok(st, candidate(), 'mes.record_downtime', {
      reasonId: 10,
      from: 0,
      to: 300_000,
      comment: 'shift meeting',
    });
    expect(mes.s.stops[0]).toMatchObject({ kind: 'declared', reasonId: 10, start: 0, end: 300_000 });
    const machine = st.model<MesTestMachine>('imm')!;
    machine.breakDown(st.clock.seconds, 20, 'GUARD_OPEN');
    st.runFor(120_000);
    const micro = mes.s.stops.filter((s) => s.kind === 'micro');
    expect(micro).toHaveLength(1);
    expect(micro[0]!.end! - micro[0]!.start).toBeLessThan(60_000);
  });
});

describe('OEE buckets', () => {
  it('cuts hours and 8-hour shifts on the session or the plant clock, and gives one bucket per order', async () => {
    const clock = { abs: (t: number) => Date.UTC(2026, 0, 5, 5, 30) + t };
    expect(periods(clock, 'hour', 'session', 0, 3 * 3_600_000)).toHaveLength(3);
    const shifts = periods(clock, 'shift', 'clock', 0, 10 * 3_600_000);
    const startHour = new Date(clock.abs(shifts[0]![0])).getHours();
    expect([6, 14, 22]).toContain(startHour);
    expect(shifts[0]![1] - shifts[0]![0]).toBe(8 * 3_600_000);
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(1_200_000);
    await ok(st, candidate(), 'job.finish');
    await ok(st, candidate(), 'erp.release_order', { order: 'MO-24018' });
    await ok(st, candidate(), 'mes.dispatch_job', { order: 'MO-24018', start: true });
    st.runFor(1_200_000);
    const orders = oeeBuckets(mes, clock, { by: 'order', align: 'session' }, st.clock.now);
    expect(orders.map((b) => b.order)).toEqual(['MO-24017', 'MO-24018']);
    expect(orders[0]!.shots + orders[1]!.shots).toBe(mes.s.shots.filter((r) => r.job).length);
    const byShift = oeeBuckets(mes, clock, { by: 'shift', align: 'session', from: 0 }, st.clock.now);
    expect(byShift).toHaveLength(1);
    expect(byShift[0]).toMatchObject({ shift: 'S1', shots: mes.s.shots.length });
  });
});
