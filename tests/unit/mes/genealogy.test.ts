import { describe, expect, it } from 'vitest';
import type { MesModel } from '../../../simulator/mes/index.ts';
import { boxesQuery, lotGenealogy, partGenealogy } from '../../../simulator/mes/queries/genealogy.ts';
import { candidate, trainer } from '../../helpers/actors.ts';
import { act, ok } from '../../helpers/mes-actions.ts';
import { type DryerStub, mesStation } from '../../helpers/mes-machine.ts';

const clock = { abs: (t: number) => 1_700_000_000_000 + t };
const MIN = 60_000;

/** 20 min on the first lot, a lot change to an out-of-spec lot, 10 min later the dryer alarm and splay. */
async function scenario() {
  const st = mesStation();
  const mes = st.model<MesModel>('mes')!;
  st.runFor(20 * MIN);
  const change = await ok(st, trainer, 'mes.lot_change', {
    lot: 'L-PP-2412-009',
    supplier: 'S-10',
    mfi: 18.2,
    moisturePct: 0.03,
    recycledPct: 50,
    certificate: 'EUCP-FR-0421-24',
    scheme: 'EuCertPlast',
    qtyKg: 750,
    performedBy: 'magasin',
  });
  st.runFor(10 * MIN);
  st.model<DryerStub>('dryer')!.dp = -5;
  st.runFor(10 * MIN);
  const alarmT = mes.s.alarmLog.find((a) => a.code === 'DEW_POINT_HIGH' && a.state === 'active')!.t;
  return { st, mes, change, alarmT };
}

describe('genealogy: material lot → shot → part → box → order', () => {
  it('takes a part back to its resin lot, supplier, recycled-content certificate and CoA, box, order and customer', async () => {
    const { mes } = await scenario();
    const g = partGenealogy(mes, clock, '10-1')!;
    expect(g.lot).toMatchObject({
      id: 'L-PP-2411-017',
      item: 'PP-R50',
      supplier: { id: 'S-10', name: 'Polyrec France', certification: 'EuCertPlast' },
      certificate: { id: 'EUCP-FR-0421-24', scheme: 'EuCertPlast', recycledPct: 50 },
      coa: { mfi: 12.3 },
      coaInSpec: true,
    });
    expect(g.lotPrevious).toBeNull();
    // ISO 14021: 50 % PCR in the resin share (100 − 15 % regrind − 2 % masterbatch)
    expect(g.recycledContentPct).toBeCloseTo(41.5, 6);
    expect(g.box).toMatchObject({ box: 'MO-24017-B001', order: { order: 'MO-24017' } });
    expect(g.order).toMatchObject({
      order: 'MO-24017',
      customerOrder: 'CO-24017',
      customer: { name: 'Lumière Habitat SAS' },
    });
    expect(g.weight).toBeCloseTo(24, 0);
    expect(partGenealogy(mes, clock, '99999-1')).toBeNull();
  });

  it('records a lot change from the MES with its CoA, flags it out of spec, and lets shots in the transition hold both lots', async () => {
    const { st, mes, change } = await scenario();
    expect(change).toMatchObject({
      from: 'L-PP-2411-017',
      to: 'L-PP-2412-009',
      coaMfi: 18.2,
      coaInSpec: false,
    });
    const lc = mes.s.lotChanges.at(-1)!;
    expect(lc).toMatchObject({ source: 'mes', by: 'magasin', coaInSpec: false });
    expect(lc.shot).toBe(mes.s.shots.find((r) => r.te > lc.t)!.id);
    // the cell was told (its material-lot signal), the ERP received the lot and has it in use
    expect(st.store.value(st.registry.get('imm.lot')!.index)).toBe('L-PP-2412-009');
    expect(mes.erp.lot('L-PP-2412-009')).toMatchObject({
      status: 'in_use',
      supplier: 'S-10',
      qtyReceived: 750,
    });
    expect(mes.erp.lot('L-PP-2411-017')?.status).toBe('available');
    expect(
      mes.s.alarmLog.some(
        (a) => a.equipment === 'mes' && a.code === 'LOT_COA_OUT_OF_SPEC' && a.state === 'active',
      ),
    ).toBe(true);
    const first = partGenealogy(mes, clock, `${lc.shot}-1`)!;
    expect(first.lot.id).toBe('L-PP-2412-009');
    expect(first.lotPrevious?.id).toBe('L-PP-2411-017');
    const late = mes.s.shots.at(-1)!;
    expect(late.lotPrev).toBeNull();
    const fwd = lotGenealogy(mes, clock, 'L-PP-2412-009')!;
    expect(fwd.shotRanges).toEqual([[lc.shot, late.id]]);
    expect(fwd.orders.map((o) => o?.order)).toEqual(['MO-24017']);
  });

  it('answers "which boxes contain parts moulded with lot X after the dryer alarm?"', async () => {
    const { mes, alarmT } = await scenario();
    const r = boxesQuery(
      mes,
      clock,
      { lot: 'L-PP-2412-009', afterAlarm: 'dryer/DEW_POINT_HIGH' },
      mes.s.lastCycleEnd,
    ) as any;
    expect(r.alarm.t).toBe(alarmT);
    const expected = new Set<string>();
    let parts = 0;
    for (const row of mes.s.shots) {
      if (row.te < alarmT || (row.lot !== 'L-PP-2412-009' && row.lotPrev !== 'L-PP-2412-009')) continue;
      for (const p of row.cav) {
        parts++;
        if (p.box) expected.add(p.box);
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(r.boxes.map((b: { box: string }) => b.box))).toEqual(expected);
    expect(r.parts).toBe(parts);
    // the splay rejects moulded since are not in any box
    expect(r.partsNotBoxed).toBe(r.dispositions.reject ?? 0);
    expect(r.dispositions.reject).toBeGreaterThan(0);
    expect(boxesQuery(mes, clock, { afterAlarm: 'dryer/NO_SUCH' }, 0)).toEqual({
      error: 'alarm dryer/NO_SUCH never became active',
    });
  });
});

describe('lot change from the fault layer (F07)', () => {
  it("accepts the scenario's stores account with only a lot and a CoA MFI, inheriting the supplier's certificate", async () => {
    const st = mesStation();
    const mes = st.model<MesModel>('mes')!;
    st.runFor(5 * MIN);
    const stores = { user: 'stores', roles: ['mes' as const], channel: 'scenario' as const, client: 'MES' };
    const r = await ok(st, stores, 'mes.lot_change', { lot: 'PP-L2409-044', mfi: 18 });
    // MFI 18 for a PP grade of nominal 12 is at the spec limit (8–18), so in spec (domain-model §4 F07)
    expect(r).toMatchObject({ from: 'L-PP-2411-017', to: 'PP-L2409-044', coaMfi: 18, coaInSpec: true });
    expect(mes.erp.lot('PP-L2409-044')).toMatchObject({
      item: 'PP-R50',
      supplier: 'S-10',
      certificate: { scheme: 'EuCertPlast', recycledPct: 50 },
      coa: { mfi: 18 },
    });
    expect(mes.s.lotChanges.at(-1)?.by).toBe('stores');
    // a trainer's clear puts the previous lot back, shown as the plant's
    const scenario = { user: 'scenario', roles: ['trainer' as const], channel: 'scenario' as const };
    await ok(st, scenario, 'mes.lot_change', { lot: 'L-PP-2411-017' });
    expect(mes.s.lotChanges.at(-1)).toMatchObject({ to: 'L-PP-2411-017', by: 'plant' });
    expect((await act(st, stores, 'mes.lot_change', { lot: 'L-PP-2411-017' })).rejection?.message).toContain(
      'already in use',
    );
  });
});

describe('quality decisions', () => {
  it('quarantines since the dryer alarm (and every new part while ongoing), releases, and scraps with counts booked', async () => {
    const { st, mes, alarmT } = await scenario();
    const q = await ok(st, candidate(), 'mes.quarantine', {
      select: { afterAlarm: 'dryer/DEW_POINT_HIGH' },
      ongoing: true,
      reason: 'wet material suspected',
    });
    const boxedSince = mes.s.shots
      .filter((r) => r.te >= alarmT)
      .flatMap((r) => r.cav.filter((p) => p.disp === 'boxed'));
    expect(q.parts).toBe(boxedSince.length);
    expect(q.ongoing).toBe(true);
    st.runFor(5 * MIN);
    const decision = mes.s.decisions.find((d) => d.id === q.decision)!;
    expect(decision.parts).toBeGreaterThan(q.parts);
    const held = mes.s.boxes.reduce((a, b) => a + b.held, 0);
    expect(held).toBe(decision.parts);
    expect(st.store.value(st.registry.get('mes.kpi.quarantined_parts')!.index)).toBeLessThanOrEqual(held);
    // a release without anything held is refused; scrapping the decision books the parts as non-quality
    expect(
      (await act(st, candidate(), 'mes.release', { select: { shotTo: 5 }, reason: 'x' })).rejection?.code,
    ).toBe('precondition');
    const job = mes.s.job!;
    const before = { ...job.counters };
    const s = await ok(st, candidate(), 'mes.scrap', {
      decision: q.decision,
      defectClass: 'splay',
      reason: 'moisture confirmed',
    });
    expect(s.parts).toBe(held);
    expect(job.counters.scrapped - before.scrapped).toBe(held);
    expect(job.counters.scrapByClass.splay).toBeGreaterThanOrEqual(held);
    expect(mes.erp.order('MO-24017')!.produced.scrapped).toBe(held);
    expect(mes.s.boxes.reduce((a, b) => a + b.held, 0)).toBe(0);
    expect(decision.open).toBe(false);
    // new parts are no longer held
    st.runFor(2 * MIN);
    expect(mes.s.boxes.reduce((a, b) => a + b.held, 0)).toBe(0);
  });

  it('releases a quarantine by decision and refuses a selection that matches nothing', async () => {
    const { st, mes } = await scenario();
    const q = await ok(st, candidate(), 'mes.quarantine', {
      select: { shotFrom: 10, shotTo: 19 },
      reason: 'check',
    });
    expect(q.parts).toBe(20);
    expect(q.boxes).toEqual(['MO-24017-B001']);
    const r = await ok(st, candidate(), 'mes.release', { decision: q.decision, reason: 'measured OK' });
    expect(r.parts).toBe(20);
    expect(mes.box('MO-24017-B001')!.held).toBe(0);
    const none = await act(st, candidate(), 'mes.quarantine', {
      select: { shotFrom: 1_000_000 },
      reason: 'x',
    });
    expect(none.rejection?.message).toContain('no part');
    const bad = await act(st, candidate(), 'mes.quarantine', { select: {}, reason: 'x' });
    expect(bad.rejection?.code).toBe('invalid_args');
  });
});
