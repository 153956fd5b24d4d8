import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../../simulator/kernel/model.ts';
import type { MesModel } from '../../../simulator/mes/index.ts';
import { chartView } from '../../../simulator/mes/mes/spc-charts.ts';
import { candidate } from '../../helpers/actors.ts';
import { act, ok } from '../../helpers/mes-actions.ts';
import { type MesTestMachine, mesStation } from '../../helpers/mes-machine.ts';

describe('SPC in the MES: limits from a reference period, rules online, alarms', () => {
  it('raises an SPC alarm and logs the violation when the weight of cavity 1 shifts', async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    const alarms: AlarmEvent[] = [];
    st.hooks.on('alarm', (a) => alarms.push(a));
    st.runFor(1_050_000);
    expect(
      (
        await act(st, candidate(), 'spc.set_limits', {
          variable: 'weight',
          cavity: 1,
          shotFrom: 1,
          shotTo: 10,
        })
      ).rejection?.message,
    ).toContain('at least 20 are needed');
    expect(
      (await act(st, candidate(), 'spc.set_limits', { variable: 'weight', cavity: 0 })).rejection?.message,
    ).toContain('per cavity');
    expect(
      (await act(st, candidate(), 'spc.set_limits', { variable: 'torque_of_doom', cavity: 1 })).rejection
        ?.message,
    ).toContain('unknown SPC variable');
    const set = await ok(st, candidate(), 'spc.set_limits', {
      variable: 'weight',
      cavity: 1,
      chart: 'xbar_r',
      shotFrom: 1,
      shotTo: 50,
      rules: ['WE1', 'WE2', 'WE3', 'WE4'],
    });
    expect(set.chart).toBe('weight.1:xbar_r');
    expect(set.limits.center).toBeCloseTo(24, 1);
    await ok(st, candidate(), 'spc.set_limits', {
      variable: 'cushion',
      cavity: 0,
      chart: 'imr',
      shotFrom: 1,
      shotTo: 50,
      rules: ['N1'],
    });
    st.runFor(300_000);
    expect(mes.s.violations).toEqual([]);
    const shiftAt = mes.s.lastShotId!;
    st.model<MesTestMachine>('imm')!.s.weightShift = 0.15;
    st.runFor(300_000);
    const v = mes.s.violations.filter((x) => x.chart === 'weight.1:xbar_r');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]!.shot).toBeGreaterThan(shiftAt);
    expect(v.some((x) => x.rule === 'WE1')).toBe(true);
    const spcAlarm = alarms.find(
      (a) => a.equipment === 'mes' && a.code === 'SPC_WEIGHT_C1' && a.state === 'active',
    );
    expect(spcAlarm?.text.en).toContain('rule WE1');
    // the chart view shows the same violations on the same subgroups, and a degraded Cpk
    const view = chartView(mes, { variable: 'weight', cavity: 1, type: 'xbar_r', n: 5 });
    expect(view.provisional).toBe(false);
    expect(view.reference).toEqual({ fromShot: 1, toShot: 50, points: 50 });
    const flagged = view.points.filter((p) => p.rules.includes('WE1')).map((p) => p.shot);
    expect(flagged).toEqual(v.filter((x) => x.rule === 'WE1').map((x) => x.shot));
    const before = chartView(mes, { variable: 'weight', cavity: 1, type: 'xbar_r', n: 5, shotTo: shiftAt });
    const after = chartView(mes, {
      variable: 'weight',
      cavity: 1,
      type: 'xbar_r',
      n: 5,
      shotFrom: shiftAt + 1,
    });
    expect(before.capability!.cpk!).toBeGreaterThan(after.capability!.cpk!);
    // back in control: the alarm clears
    st.model<MesTestMachine>('imm')!.s.weightShift = 0;
    st.runFor(400_000);
    expect(alarms.some((a) => a.code === 'SPC_WEIGHT_C1' && a.state === 'cleared')).toBe(true);
    // cavity 2 was never charted and never alarmed
    expect(alarms.some((a) => a.code === 'SPC_WEIGHT_C2')).toBe(false);
  });

  it('shows provisional limits when no reference period is set', () => {
    const st = mesStation();
    st.runFor(600_000);
    const view = chartView(st.model<MesModel>('mes')!, { variable: 'cushion', cavity: 0, type: 'imr', n: 5 });
    expect(view.provisional).toBe(true);
    expect(view.points.length).toBeGreaterThan(20);
    expect(view.limits!.type).toBe('imr');
    expect(view.capability!.cp).toBeNull();
  });
});
