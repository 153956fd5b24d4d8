/**
 * A full order run on the real cell in fast-forward, driven through the REST API like an MES screen would:
 * create and release an order in the ERP, dispatch it to the machine, run until NominalParts, then check
 * that the machine's EUROMAP 77 counters, the MES counts and the ERP production and consumption reconcile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import { createMesModels } from '../../../simulator/mes/index.ts';
import { type MesLab, startMesLab } from '../../helpers/mes-lab.ts';

let L: MesLab;
let tok = '';
const ORDER_QTY = 240;

beforeAll(async () => {
  L = await startMesLab({
    stations: 1,
    models: () => {
      const cell = createCellModels({ material: 'PP' });
      return [...cell, ...createMesModels({ material: 'PP', peers: cell })];
    },
  });
  tok = await L.token('st1');
});

afterAll(async () => {
  await L.close();
});

describe('order run on the real cell', () => {
  it('runs an order from the ERP to the machine and reconciles machine, MES and ERP', async () => {
    const post = (path: string, body?: unknown) => L.call(tok, 'POST', `/api/stations/st1${path}`, body);
    L.ff(120_000);
    expect((await post('/mes/job/finish')).status).toBe(200);
    const created = await post('/erp/orders', {
      customer: 'C-300',
      product: 'R-PP',
      qty: ORDER_QTY,
      dueInHours: 4,
    });
    expect(created.status).toBe(200);
    const order = created.body.result.order as string;
    expect((await post(`/erp/orders/${order}/release`)).status).toBe(200);
    const d = await post('/mes/dispatch', { order, start: true });
    expect(d.body).toMatchObject({
      status: 'accepted',
      result: { JobName: order, status: 'JOB_IN_PRODUCTION' },
    });
    const mes = L.mes('st1');
    for (let i = 0; i < 40 && mes.s.job?.status !== 'JOB_FINISHED'; i++) L.ff(300_000);

    const job = (await L.get(tok, '/api/stations/st1/mes/job')).body;
    expect(job).toMatchObject({
      JobName: order,
      status: 'JOB_FINISHED',
      NominalParts: ORDER_QTY,
      goodNet: ORDER_QTY,
    });
    // machine (EUROMAP 77 ActiveJobValues counters since the job started) = MES
    expect(job.reconciliation.machine).toEqual(job.reconciliation.mes);
    expect(job.reconciliation.mes.cycles).toBe(job.counters.cycles);
    expect(job.counters.parts).toBe(2 * job.counters.cycles);
    expect(job.counters.good + job.counters.bad).toBe(job.counters.parts);
    // every part has one disposition: boxed, rejected, start-up scrap or test sample
    const rejected = job.counters.byCavity.reduce((a: number, c: { bad: number }) => a + c.bad, 0);
    expect(job.counters.boxed + rejected + job.counters.startup + job.counters.test).toBe(job.counters.parts);

    // MES → ERP: production and boxes
    const mo = (await L.get(tok, `/api/stations/st1/erp/orders/${order}`)).body;
    expect(mo).toMatchObject({ status: 'completed', goodNet: ORDER_QTY, progressPct: 100 });
    expect(mo.produced).toMatchObject({
      shots: job.counters.cycles,
      good: job.counters.boxed,
      bad: rejected,
      boxes: 2,
    });
    const boxes = (await L.get(tok, `/api/stations/st1/mes/boxes?order=${order}`)).body;
    expect(boxes.map((b: { parts: number; status: string }) => [b.parts, b.status])).toEqual([
      [120, 'closed'],
      [120, 'closed'],
    ]);

    // consumption = Σ shot weight (parts + runner), split by the regrind and masterbatch shares
    const rows = mes.s.shots.filter((r) => r.mo === order);
    expect(rows).toHaveLength(job.counters.cycles);
    const kg = rows.reduce((a, r) => a + r.kg, 0);
    expect(kg).toBeGreaterThan(0.03 * rows.length);
    expect(mo.materialKg).toBeCloseTo(kg, 3);
    const lot = rows[0]!.lot;
    const rg = rows[0]!.rg!;
    expect(mo.consumption[lot]).toBeCloseTo(kg * (1 - rg - 0.02), 3);
    expect(mo.consumption['RG-PP-INT']).toBeCloseTo(kg * rg, 3);
    expect(mo.consumption['MB-B-0088']).toBeCloseTo(kg * 0.02, 3);
    expect(mo.consumption['PK-2411-08']).toBe(2);
    const moves = (
      await L.get(tok, `/api/stations/st1/erp/movements?order=${order}&lot=${encodeURIComponent(lot)}`)
    ).body.movements;
    expect(moves.reduce((a: number, m: { qty: number }) => a + m.qty, 0)).toBeCloseTo(
      -mo.consumption[lot],
      3,
    );
    // the ERP knows the lot the cell runs and its certificate
    const lotInfo = (await L.get(tok, `/api/stations/st1/erp/lots/${encodeURIComponent(lot)}`)).body;
    expect(lotInfo.lot).toMatchObject({
      id: lot,
      known: true,
      certificate: { scheme: 'EuCertPlast', recycledPct: 50 },
    });
    expect(lotInfo.orders.map((o: { order: string }) => o.order)).toContain(order);
  });
});
