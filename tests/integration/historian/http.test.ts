/**
 * The historian through HTTP, on a lab of test presses run in virtual time: series, aggregates, shots
 * and curves as a user gets them; access rules (own station, candidate-visible signals only); the
 * journal entry of every query; bad input answered 400 with the field and the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesResult, ShotCurves, ShotSummary } from '../../../simulator/adapters/historian/index.ts';
import {
  CURVE_LENGTH,
  cavityCurve,
  type HistorianLab,
  pressureAt,
  startHistorianLab,
} from '../../helpers/historian-lab.ts';
import { tempDir } from '../../helpers/lab.ts';

describe('historian HTTP API', () => {
  const tmp = tempDir('plastlab-hist-http-');
  let h: HistorianLab;
  let cand1 = '';
  let trainer = '';
  let jury = '';
  let epoch = 0;

  beforeAll(async () => {
    h = await startHistorianLab(tmp.dir, { stations: 2, shotEvery: 50 });
    epoch = h.lab.startedAt;
    h.step(1200); // 2 minutes of simulation, 24 shots per station
    [cand1, trainer, jury] = await Promise.all([h.login('st1'), h.login('trainer'), h.login('jury')]);
  });

  afterAll(async () => {
    await h.close();
    tmp.cleanup();
  });

  const get = (path: string, token: string) =>
    fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const json = async <T>(path: string, token: string, status = 200): Promise<T> => {
    const r = await get(path, token);
    const body = await r.text();
    expect(r.status, body).toBe(status);
    return JSON.parse(body) as T;
  };
  const views = () => h.lab.journal.read({ types: ['view'] });

  it('serves raw samples that match the model at their simulation time', async () => {
    const from = epoch + 60_000;
    const to = epoch + 70_000;
    const r = await json<SeriesResult>(
      `/api/stations/st1/history?signals=press.pressure,press.running&from=${from}&to=${to}&agg=raw`,
      cand1,
    );
    expect(r.aggregation).toBe('raw');
    expect(r.signals).toEqual(['press.pressure', 'press.running']);
    expect(r.units).toEqual(['MPa', '']);
    expect(r.t.length).toBeGreaterThan(90);
    expect(r.t[0]).toBe(from);
    expect(r.t.at(-1)).toBe(to);
    for (let i = 0; i < r.t.length; i++) {
      const v = r.values[0]![i];
      if (v === null) continue;
      expect(v).toBe(pressureAt((r.t[i]! - epoch) / 100));
      expect(r.quality[0]![i]).toBe(0);
    }
    // the boolean never changed after tick 0: its value known at `from` is carried to `from`
    expect(r.values[1]![0]).toBe(1);
    expect(r.values[1]!.slice(1).every((x) => x === null)).toBe(true);
  });

  it('serves 1 s aggregates whose min/max/mean/count agree with the raw samples', async () => {
    const from = epoch + 30_000;
    const to = epoch + 39_999;
    const raw = await json<SeriesResult>(
      `/api/stations/st1/history?signals=press.pressure&from=${from}&to=${to}&agg=raw`,
      cand1,
    );
    const agg = await json<SeriesResult>(
      `/api/stations/st1/history?signals=press.pressure&from=${from}&to=${to}&agg=1s`,
      cand1,
    );
    expect(agg.aggregation).toBe('1s');
    expect(agg.bucketMs).toBe(1000);
    expect(agg.t).toEqual(Array.from({ length: 10 }, (_, i) => from + i * 1000));
    for (let b = 0; b < agg.t.length; b++) {
      const vs = raw.t
        .map((t, i) => [t, raw.values[0]![i]] as const)
        .filter(([t, v]) => v !== null && t >= agg.t[b]! && t < agg.t[b]! + 1000)
        .map(([, v]) => v as number);
      expect(agg.count![0]![b]).toBe(vs.length);
      expect(agg.min![0]![b]).toBe(Math.min(...vs));
      expect(agg.max![0]![b]).toBe(Math.max(...vs));
      expect(agg.values[0]![b]).toBeCloseTo(vs.reduce((a, x) => a + x, 0) / vs.length, 9);
      expect(agg.last![0]![b]).toBe(vs.at(-1));
    }
  });

  it('picks the aggregation from the range and maxPoints with agg=auto', async () => {
    const q = (range: string, maxPoints: number) =>
      json<SeriesResult>(
        `/api/stations/st1/history?signals=press.temp&from=-${range}&to=now&maxPoints=${maxPoints}`,
        cand1,
      );
    expect((await q('10s', 1000)).aggregation).toBe('raw');
    expect((await q('2m', 1000)).aggregation).toBe('1s');
    expect((await q('2m', 100)).aggregation).toBe('10s');
    const coarse = await q('2m', 10);
    expect(coarse.aggregation).toBe('1m');
    // the minute in progress comes from memory: the trend reaches the present
    expect(coarse.t.at(-1)).toBe(epoch + 120_000);
  });

  it('exports CSV with one row per time and a quality column', async () => {
    const r = await get(
      `/api/stations/st1/history?signals=press.pressure&from=${epoch + 1000}&to=${epoch + 1500}&agg=raw&format=csv`,
      cand1,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = (await r.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,time_ms,press.pressure,press.pressure.quality');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe(`${new Date(epoch + 1000).toISOString()},${epoch + 1000},${pressureAt(10)},Good`);
  });

  it('hides trainer-only signals from candidates and the jury exactly like unknown ones', async () => {
    const path = (sig: string) => `/api/stations/st1/history?signals=press.pressure,${sig}&from=-10s`;
    const hidden = await get(path('press.secret'), cand1);
    const unknown = await get(path('press.nope'), cand1);
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    const hb = (await hidden.json()) as { error: string; field: string; message: string };
    const ub = (await unknown.json()) as { error: string; field: string; message: string };
    expect(hb).toEqual({
      error: 'not_found',
      field: 'signals',
      message: 'signals: "press.secret": unknown signal',
    });
    expect(ub.message.replace('nope', 'secret')).toBe(hb.message);
    expect((await get(path('press.secret'), jury)).status).toBe(404);
    const tr = await json<SeriesResult>(path('press.secret'), trainer);
    expect(tr.values[1]!.filter((x) => x !== null).length).toBeGreaterThan(0);
  });

  it("answers 404 for another candidate's station on every route", async () => {
    for (const p of [
      '/api/stations/st2/history?signals=press.pressure',
      '/api/stations/st2/shots',
      '/api/stations/st2/shots/curves?last=1',
      '/api/stations/st9/history?signals=press.pressure',
    ]) {
      const r = await get(p, cand1);
      expect(r.status, p).toBe(404);
      expect(((await r.json()) as { message: string }).message).toMatch(/^station st\d: not found$/);
    }
    expect((await get('/api/stations/st2/history?signals=press.pressure', trainer)).status).toBe(200);
    expect((await fetch(`${h.url}/api/stations/st1/history?signals=press.pressure`)).status).toBe(401);
  });

  it('journals every query with the identity, the signals and the window', async () => {
    const before = views().length;
    const from = epoch + 10_000;
    const to = epoch + 20_000;
    await json(
      `/api/stations/st1/history?signals=press.temp,press.pressure&from=${from}&to=${to}&agg=1s`,
      cand1,
    );
    await json('/api/stations/st1/shots?limit=3', cand1);
    await json('/api/stations/st1/shots/curves?last=2', cand1);
    await get('/api/stations/st1/history?signals=press.secret', cand1); // refused: not journaled
    const added = views().slice(before);
    expect(added).toHaveLength(3);
    const trend = added[0]!;
    expect(trend.station).toBe('st1');
    expect(trend.t).toBe(h.lab.station('st1')!.clock.now);
    expect(trend.actor).toMatchObject({ user: 'st1', roles: ['operator', 'technician'], channel: 'rest' });
    expect(trend.payload).toMatchObject({
      view: 'trend',
      signals: ['press.temp', 'press.pressure'],
      from,
      to,
      agg: '1s',
      served: '1s',
      from_t: 10_000,
      to_t: 20_000,
    });
    expect(added[1]!.payload).toMatchObject({ view: 'shots', limit: 3, count: 3 });
    expect(added[2]!.payload).toMatchObject({ view: 'curves' });
  });

  it('refuses bad input with 400 naming the field and the limit', async () => {
    const bad = async (query: string, field: string, text: string) => {
      const r = await get(`/api/stations/st1/history?${query}`, cand1);
      const body = (await r.json()) as { message: string; field?: string };
      expect(r.status, query).toBe(400);
      expect(body.message).toContain(field);
      expect(body.message).toContain(text);
    };
    const sig = 'signals=press.pressure';
    await bad(`${sig}&from=${epoch + 5000}&to=${epoch + 5000}`, 'from', 'must be before to');
    await bad(`${sig}&from=-7h&agg=raw`, 'to', 'the 6h limit for agg=raw');
    await bad(`${sig}&from=-49h&agg=1s`, 'to', 'the 48h limit for agg=1s');
    const many = Array.from({ length: 17 }, (_, i) => `press.s${i}`).join(',');
    await bad(`signals=${many}`, 'signals', 'at most 16');
    await bad(`${sig}&maxPoints=5`, 'maxPoints', '10');
    await bad(`${sig}&from=yesterday`, 'from', 'not a time');
    await bad(`${sig}&agg=5s`, 'agg', 'raw');
    await bad(`${sig},press.pressure`, 'signals', 'twice');
    const r = await get('/api/stations/st1/shots/curves?last=51', cand1);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('50');
  });

  it('lists shots without curves, and strips the trainer block for candidates', async () => {
    const c = await json<{ shots: ShotSummary[] }>('/api/stations/st1/shots?limit=5', cand1);
    expect(c.shots.map((s) => s.shotId)).toEqual([20, 21, 22, 23, 24]);
    const last = c.shots.at(-1)!;
    expect(last.t).toBe(epoch + 24 * 50 * 100);
    expect(last.record).toMatchObject({
      shot_id: 24,
      cushion: 4.5,
      lot: 'L-001',
      cavity: { a: { Pmax: 54 } },
    });
    expect(last.record).not.toHaveProperty('trainer');
    expect(last.record).toHaveProperty('curves', {});
    expect(last.curves).toEqual(['curves.cavity_a', 'curves.screw']);
    const t = await json<{ shots: ShotSummary[] }>('/api/stations/st1/shots?limit=1', trainer);
    expect(t.shots[0]!.record).toHaveProperty('trainer', { true_gap_mm: 0.3 });
    expect(t.shots[0]!.curves).toEqual(['curves.cavity_a', 'curves.screw', 'trainer.true_p']);
    const j = await json<{ shots: ShotSummary[] }>('/api/stations/st1/shots?limit=1', jury);
    expect(j.shots[0]!.record).not.toHaveProperty('trainer');
    const ranged = await json<{ shots: ShotSummary[] }>(
      `/api/stations/st1/shots?from=${epoch + 10_000}&to=${epoch + 20_000}`,
      cand1,
    );
    expect(ranged.shots.map((s) => s.shotId)).toEqual([2, 3, 4]);
  });

  it('serves the curves of the last N shots or of given ids, as JSON and CSV', async () => {
    const r = await json<{ shots: ShotCurves[] }>('/api/stations/st1/shots/curves?last=2', cand1);
    expect(r.shots.map((s) => s.shotId)).toEqual([23, 24]);
    expect(r.shots[1]!.curves['curves.cavity_a']).toEqual(cavityCurve(24));
    expect(r.shots[1]!.curves['curves.screw']).toHaveLength(CURVE_LENGTH);
    // a trainer-only curve exists for trainers, and not for the candidate (nor in the CSV below)
    expect(Object.keys(r.shots[1]!.curves)).toEqual(['curves.cavity_a', 'curves.screw']);
    const tr = await json<{ shots: ShotCurves[] }>('/api/stations/st1/shots/curves?last=1', trainer);
    expect(tr.shots[0]!.curves['trainer.true_p']).toEqual(cavityCurve(25));
    const ids = r.shots.map((s) => s.id).join(',');
    const byId = await json<{ shots: ShotCurves[] }>(`/api/stations/st1/shots/curves?ids=${ids}`, cand1);
    expect(byId.shots).toEqual(r.shots);
    const csv = await (
      await get(`/api/stations/st1/shots/curves?ids=${r.shots[0]!.id}&format=csv`, cand1)
    ).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,shot_id,curve,index,value');
    expect(lines).toHaveLength(1 + 2 * CURVE_LENGTH);
    expect(lines[1]).toBe(`${r.shots[0]!.id},23,curves.cavity_a,0,23`);
    // ids of another station's shots look absent
    const st2 = h.historian.shots({ station: 'st2', limit: 1 })[0]!;
    expect((await get(`/api/stations/st1/shots/curves?ids=${st2.id}`, cand1)).status).toBe(404);
    const shotsCsv = await (await get('/api/stations/st1/shots?limit=2&format=csv', cand1)).text();
    expect(shotsCsv.split('\r\n')[0]).toBe(
      'id,shot_id,time,time_ms,equipment,cavity.a.Pmax,cushion,cycle_time,good,lot,shot_id',
    );
    expect(shotsCsv).not.toContain('true_gap');
    expect(csv).not.toContain('true_p');
  });

  it('shows a frozen sensor as a gap in raw and aggregated trends (domain-model F22)', async () => {
    const st = h.lab.station('st1')!;
    const act = (on: boolean) =>
      st.submit({
        station: 'st1',
        actor: { user: 'trainer', roles: ['trainer'], channel: 'trainer' },
        input: { kind: 'action', action: 'press.freeze', args: { on } },
      });
    const p = act(true);
    h.step(1);
    expect((await p).status).toBe('accepted');
    const frozenAt = st.clock.now;
    h.step(100);
    const q = act(false);
    h.step(1);
    await q;
    h.step(30);
    const r = await json<SeriesResult>(
      `/api/stations/st1/history?signals=press.stale,press.temp&from=${epoch + frozenAt - 2000}&to=${epoch + st.clock.now}&agg=raw`,
      cand1,
    );
    const rows = r.t.map((t, i) => ({ t: t - epoch, v: r.values[0]![i], q: r.quality[0]![i] }));
    const during = rows.filter((x) => x.t >= frozenAt && x.t < frozenAt + 10_000 && x.v !== null);
    // one sample: the quality turning Uncertain, with the old value; then nothing for 10 s
    expect(during).toHaveLength(1);
    expect(during[0]!.q).toBe(1);
    expect(rows.filter((x) => x.t > frozenAt + 10_100 && x.v !== null).length).toBeGreaterThan(20);
    // the other signal kept its samples: the shared axis holds the gap as nulls
    expect(r.values[1]!.filter((x) => x !== null).length).toBeGreaterThan(130);
    const agg = await json<SeriesResult>(
      `/api/stations/st1/history?signals=press.stale&from=${epoch + frozenAt + 1000}&to=${epoch + frozenAt + 8999}&agg=1s`,
      cand1,
    );
    expect(agg.t).toEqual([]);
  });

  it('reports its counters on /api/health and its routes in the OpenAPI document', async () => {
    const health = (await (await fetch(`${h.url}/api/health`)).json()) as {
      queues: { historian: { embedded: Record<string, number> } };
    };
    const e = health.queues.historian.embedded;
    expect(e.raw_written).toBeGreaterThan(1000);
    expect(e.dropped).toBe(0);
    expect(e.shots_written).toBe(2 * Math.floor(h.lab.station('st1')!.clock.tick / 50));
    const doc = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/stations/{id}/history',
        '/api/stations/{id}/shots',
        '/api/stations/{id}/shots/curves',
      ]),
    );
  });
});
