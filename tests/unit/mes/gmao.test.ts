import { describe, expect, it } from 'vitest';
import { predictive, reliability } from '../../../simulator/mes/gmao/predictive.ts';
import type { GmaoModel, MesModel } from '../../../simulator/mes/index.ts';
import { candidate, operatorOnly, trainer } from '../../helpers/actors.ts';
import { act, ok } from '../../helpers/mes-actions.ts';
import { type MesTestMachine, mesStation } from '../../helpers/mes-machine.ts';

const setup = () => {
  const st = mesStation();
  st.runFor(1000);
  return { st, gmao: st.model<GmaoModel>('gmao')!, mes: st.model<MesModel>('mes')! };
};

describe('GMAO work-order workflow', () => {
  it('goes open → assigned → in_progress → done → closed and refuses every invalid transition with the allowed ones', async () => {
    const { st, gmao } = setup();
    const { id } = await ok(st, operatorOnly(), 'gmao.open_work_order', {
      equipment: 'tcu2',
      title: 'TCU 2: low flow on the moving half',
      breakdown: true,
      priority: 'high',
    });
    expect(gmao.workOrder(id)).toMatchObject({ status: 'open', createdBy: 'op', kind: 'corrective' });
    const upd = (args: Record<string, unknown>, who = candidate()) =>
      act(st, who, 'gmao.update_work_order', { id, ...args });

    expect((await upd({ status: 'in_progress' })).rejection?.message).toBe(
      'gmao.update_work_order: open → in_progress is not allowed (from open: assigned, cancelled)',
    );
    expect((await upd({ status: 'done' })).rejection?.code).toBe('precondition');
    expect((await upd({ status: 'assigned' })).rejection?.message).toContain('give an assignee');
    expect((await upd({ status: 'assigned', assignee: 'Léa' }, operatorOnly())).rejection?.code).toBe(
      'forbidden',
    );
    await ok(st, candidate(), 'gmao.update_work_order', { id, status: 'assigned', assignee: 'Léa' });
    await ok(st, candidate(), 'gmao.update_work_order', { id, status: 'in_progress', comment: 'LOTO done' });
    expect((await upd({ status: 'done', remedy: 'strainer cleaned' })).rejection?.message).toContain(
      'book the labour time',
    );
    // parts: stock checked
    expect(
      (await act(st, candidate(), 'gmao.book_parts', { id, part: 'SP-CB-01', qty: 1 })).rejection?.message,
    ).toContain('0 in stock');
    await ok(st, candidate(), 'gmao.book_parts', { id, part: 'SP-TCU-STR', qty: 1 });
    expect(gmao.s.spareParts.find((p) => p.id === 'SP-TCU-STR')?.stock).toBe(3);
    await ok(st, candidate(), 'gmao.book_time', { id, hours: 0.75, comment: 'clean strainer' });
    expect((await upd({ status: 'done' })).rejection?.message).toContain('describe the remedy');
    await ok(st, candidate(), 'gmao.update_work_order', {
      id,
      status: 'done',
      cause: 'scale',
      remedy: 'strainer cleaned',
    });
    // a rejected verification reopens it, then it is done again and closed
    await ok(st, trainer, 'gmao.update_work_order', { id, status: 'in_progress', comment: 'flow still low' });
    await ok(st, candidate(), 'gmao.update_work_order', { id, status: 'done' });
    await ok(st, candidate(), 'gmao.update_work_order', { id, status: 'closed' });
    expect((await upd({ status: 'open' })).rejection?.message).toBe(
      'gmao.update_work_order: closed → open is not allowed (from closed: none, final status)',
    );
    expect((await upd({ comment: 'late note' })).rejection?.message).toContain('is closed');
    const w = gmao.workOrder(id)!;
    expect(w.history.map((h) => h.to)).toEqual([
      'open',
      'assigned',
      'in_progress',
      'done',
      'in_progress',
      'done',
      'closed',
    ]);
    expect(w.history.find((h) => h.comment === 'flow still low')?.by).toBe('plant');
    expect(w.time).toHaveLength(1);
    // the breakdown counts in MTBF/MTTR of tcu2 with the two of the history
    const tcu2 = reliability(gmao, st.model<MesModel>('mes')!, st.clock.now).perEquipment.find(
      (e) => e.equipment === 'tcu2',
    )!;
    expect(tcu2.failures).toBe(3);
    expect(tcu2.repaired).toBe(3);
    expect(tcu2.mttrH).toBeGreaterThan(0);
    expect(tcu2.mtbfH).toBeGreaterThan(0);
  });

  it('cancels from open or assigned only', async () => {
    const { st } = setup();
    const { id } = await ok(st, candidate(), 'gmao.open_work_order', { equipment: 'robot', title: 'noise' });
    await ok(st, candidate(), 'gmao.update_work_order', { id, status: 'cancelled', comment: 'duplicate' });
    expect((await act(st, candidate(), 'gmao.update_work_order', { id, status: 'open' })).status).toBe(
      'rejected',
    );
    expect(
      (await act(st, candidate(), 'gmao.open_work_order', { equipment: 'nope', title: 'x' })).rejection
        ?.message,
    ).toContain('unknown equipment');
  });
});

describe('GMAO preventive plans and predictive indicators', () => {
  it('makes the mould plan due from the shot counter, generates its work order and resets it when done', async () => {
    const { st, gmao } = setup();
    st.runFor(10_000);
    const plan = () => gmao.s.plans.find((p) => p.id === 'PM_MOULD_50K')!;
    expect(gmao.planState(plan()).status).toBe('due_soon');
    const woId = plan().openWo!;
    expect(gmao.workOrder(woId)).toMatchObject({
      kind: 'preventive',
      plan: 'PM_MOULD_50K',
      createdBy: 'GMAO',
    });
    // the TCU 2 strainer is overdue from the start; the counter a trainer sets is trainer-only
    expect(gmao.planState(gmao.s.plans.find((p) => p.id === 'PM_TCU2_FILTER')!).status).toBe('overdue');
    expect(
      (
        await act(st, candidate(), 'gmao.set_counter', {
          equipment: 'mould',
          counter: 'shots',
          value: 1_250_100,
        })
      ).rejection?.code,
    ).toBe('unknown_action');
    await ok(st, trainer, 'gmao.set_counter', { equipment: 'mould', counter: 'shots', value: 1_250_100 });
    st.runFor(2000);
    expect(gmao.planState(plan()).status).toBe('due');
    expect(
      st
        .model<MesModel>('mes')!
        .s.alarmLog.some((a) => a.equipment === 'gmao' && a.code === 'PM_DUE_MOULD_50K'),
    ).toBe(true);
    for (const a of [{ status: 'assigned', assignee: 'toolroom' }, { status: 'in_progress' }])
      await ok(st, candidate(), 'gmao.update_work_order', { id: woId, ...a });
    await ok(st, candidate(), 'gmao.book_time', { id: woId, hours: 2 });
    await ok(st, candidate(), 'gmao.update_work_order', {
      id: woId,
      status: 'done',
      remedy: 'mould cleaned, vents checked',
    });
    expect(gmao.planState(plan())).toMatchObject({ status: 'ok', used: 0 });
    expect(plan().openWo).toBeNull();
  });

  it('sees check-ring wear in the cushion scatter', () => {
    const { st, gmao, mes } = setup();
    st.runFor(1_300_000);
    const ind = () => predictive(gmao, mes).find((i) => i.id === 'check_ring_wear')!;
    expect(ind().status).toBe('ok');
    st.model<MesTestMachine>('imm')!.s.cushionSigma = 0.4;
    st.runFor(700_000);
    expect(ind().change!).toBeGreaterThan(2.5);
    expect(ind().status).toBe('alert');
  });
});
