/**
 * Issue 9 "done when": on the real cell (R-ABS, dried), a candidate answers from the API
 *   1. "which boxes contain parts moulded with lot X after the dryer alarm?"
 *   2. "why did OEE drop this hour?"
 * The trainer loads an out-of-spec lot through the MES (as an injected F07 would), then the dryer's
 * regeneration fails (F06, set on the model as the fault layer would); the candidate stops the machine in
 * MANUAL for 12 minutes. The candidate's reads are journaled with their identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import type { DryerModel } from '../../../simulator/cell/dryer.ts';
import { createMesModels } from '../../../simulator/mes/index.ts';
import { type MesLab, startMesLab } from '../../helpers/mes-lab.ts';
import { mesTestModels } from '../../helpers/mes-machine.ts';

const MIN = 60_000;
const LOT_X = 'L-ABS-2412-002';
let L: MesLab;
let cand = '';

beforeAll(async () => {
  L = await startMesLab({
    stations: 2,
    config: { stations: { material: 'ABS' } },
    // st1 on the real cell; st2 (only there to be kept out) on the light test machine
    models: (_id, index) => {
      if (index > 0) return mesTestModels();
      const cell = createCellModels({ material: 'ABS' });
      return [...cell, ...createMesModels({ material: 'ABS', peers: cell })];
    },
  });
  cand = await L.token('st1');
  const trainer = await L.token('trainer');
  L.ff(40 * MIN);
  const lot = await L.call(trainer, 'POST', '/api/stations/st1/mes/lot-change', {
    lot: LOT_X,
    performedBy: 'magasin',
  });
  expect(lot.body).toMatchObject({ status: 'accepted', result: { to: LOT_X, coaInSpec: false } });
  L.ff(10 * MIN);
  L.running.lab.station('st1')!.model<DryerModel>('dryer')!.faults.regenHealth = 0;
  L.ff(30 * MIN);
  const write = (value: string) =>
    L.call(cand, 'POST', '/api/stations/st1/commands', {
      kind: 'write',
      signal: 'imm.mode',
      value,
      reason: 'inspect parts',
    });
  expect((await write('MANUAL')).status).toBe(200);
  L.ff(12 * MIN);
  expect((await write('AUTOMATIC')).status).toBe(200);
  L.ff(28 * MIN);
});

afterAll(async () => {
  await L.close();
});

describe('a candidate investigates from the MES API', () => {
  it('finds the boxes holding parts moulded with lot X after the dryer alarm', async () => {
    const log = await L.get(cand, '/api/stations/st1/mes/alarm-log?equipment=dryer&code=DEW_POINT_HIGH');
    const alarm = log.body.find((a: { state: string }) => a.state === 'active');
    expect(alarm).toBeDefined();
    const r = await L.get(
      cand,
      `/api/stations/st1/mes/genealogy/boxes?lot=${LOT_X}&afterAlarm=dryer/DEW_POINT_HIGH`,
    );
    expect(r.status).toBe(200);
    expect(r.body.alarm).toMatchObject({ alarm: 'dryer/DEW_POINT_HIGH', t: alarm.t });
    expect(r.body.lot).toMatchObject({
      id: LOT_X,
      coa: { mfi: 24.6 },
      coaInSpec: false,
      certificate: { scheme: 'RecyClass' },
    });
    // the same answer computed independently from the MES records
    const mes = L.mes('st1');
    const expected = new Set<string>();
    for (const row of mes.s.shots) {
      if (row.te < alarm.t || (row.lot !== LOT_X && row.lotPrev !== LOT_X)) continue;
      for (const p of row.cav) if (p.box) expected.add(p.box);
    }
    expect(expected.size).toBeGreaterThan(0);
    const boxes = r.body.boxes as {
      box: string;
      order: { order: string; customer: { name: string } };
      matchingParts: number;
    }[];
    expect(new Set(boxes.map((b) => b.box))).toEqual(expected);
    expect(boxes.every((b) => b.order.order === 'MO-24017' && b.matchingParts > 0)).toBe(true);
    // a box moulded before the alarm is not in the answer, a part in an answered box traces back to lot X
    expect(boxes.map((b) => b.box)).not.toContain('MO-24017-B001');
    const part = mes.s.shots.find(
      (row) => row.te >= alarm.t && row.cav.some((p) => p.box === boxes[0]!.box),
    )!;
    const g = await L.get(
      cand,
      `/api/stations/st1/mes/genealogy/part/${part.id}-${part.cav.find((p) => p.box)!.k}`,
    );
    expect(g.body.lot.id).toBe(LOT_X);
    expect(g.body.box.box).toBe(boxes.find((b) => b.box === g.body.box.box)?.box);
  });

  it('explains why OEE dropped in the second hour: the wet-material rejects and the stop', async () => {
    const hours = await L.get(cand, '/api/stations/st1/mes/oee?by=hour&align=session&from=t:0');
    const [h1, h2] = hours.body.buckets as {
      oee: number;
      availability: number;
      quality: number;
      tt: number;
      to: number;
      fromT: number;
      toT: number;
    }[];
    // NF E60-182 times are seconds: the hour's total time Tt is 3600 s and the opening time To ≤ Tt (the
    // window bounds travel as fromT/toT in simulation ms and never overwrite To)
    expect(h1!.tt).toBeCloseTo(3600, 0);
    expect(h1!.to).toBeLessThanOrEqual(h1!.tt);
    expect(h1!.toT - h1!.fromT).toBe(60 * MIN);
    expect(h1!.oee).toBeGreaterThan(0.9);
    expect(h2!.oee).toBeLessThan(h1!.oee - 0.2);
    const why = await L.get(cand, `/api/stations/st1/mes/oee/why?at=t:${90 * MIN}&align=session`);
    expect(why.status).toBe(200);
    const b = why.body;
    expect(b.hour).toMatchObject({ fromT: 60 * MIN, toT: 120 * MIN });
    expect(b.previous.oee).toBeCloseTo(h1!.oee, 10);
    expect(b.mainFactor).toBe('quality');
    // the causes, ranked by the time they cost: the vision rejects, the 12-minute stop in MANUAL, the start-up scrap
    const causes = b.causes.map((c: { cause: string; factor: string }) => `${c.factor}:${c.cause}`);
    expect(causes[0]).toBe('quality:streaks');
    expect(causes).toContain('availability:MODE_CHANGE');
    expect(causes).toContain('quality:startup');
    const stop = b.events.stops.find((s: { reason: string }) => s.reason === 'MODE_CHANGE');
    expect(stop.durationS).toBeGreaterThan(11 * 60);
    expect(stop.evidence).toBe('mode MANUAL');
    expect(b.events.modeChanges.map((m: { mode: string }) => m.mode)).toEqual(['MANUAL', 'AUTOMATIC']);
    expect(b.summary.en).toContain('Most degraded factor: quality');
    // what happened before: the lot change (hour 1) and the dryer alarm the rejects follow
    const prevHour = await L.get(cand, `/api/stations/st1/mes/oee/why?at=t:${45 * MIN}&align=session`);
    expect(prevHour.body.events.lotChanges).toEqual([
      expect.objectContaining({ to: LOT_X, by: 'magasin', coaInSpec: false }),
    ]);
    expect(prevHour.body.events.alarms.map((a: { code: string }) => a.code)).toContain('DEW_POINT_HIGH');
  });

  it("journals the candidate's OEE and genealogy reads with their identity, and keeps st2 out", async () => {
    const views = L.running.lab.journal
      .read({ station: 'st1', types: ['view'] })
      .filter((e) => String((e.payload as { view?: string }).view).startsWith('mes.'));
    const kinds = views.map((e) => (e.payload as { view: string }).view);
    expect(kinds).toEqual(
      expect.arrayContaining(['mes.genealogy.boxes', 'mes.genealogy.part', 'mes.oee', 'mes.oee_why']),
    );
    expect(views.every((e) => e.actor?.user === 'st1' && e.actor.channel === 'rest')).toBe(true);
    const other = await L.token('st2');
    expect((await L.get(other, `/api/stations/st1/mes/genealogy/boxes?lot=${LOT_X}`)).status).toBe(404);
  });
});
