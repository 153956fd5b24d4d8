/**
 * MES/ERP/GMAO REST API: access rules (candidates their own station only, a foreign one answers 404; the jury
 * reads and never writes; no token 401), writes through the command API with HTTP status codes from the
 * rejection, the OpenAPI document, and hidden truth (no trainer-only data or trainer identity).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MesLab, startMesLab } from '../../helpers/mes-lab.ts';

let L: MesLab;
let st1 = '';
let st2 = '';
let jury = '';
let trainer = '';

beforeAll(async () => {
  L = await startMesLab({ stations: 2 });
  L.ff(30 * 60_000);
  [st1, st2, jury, trainer] = await Promise.all([
    L.token('st1'),
    L.token('st2'),
    L.token('jury'),
    L.token('trainer'),
  ]);
  // a trainer-side lot change (as an injected F07 would do): the MES must not show who did it
  const r = await L.call(trainer, 'POST', '/api/stations/st1/mes/lot-change', { lot: 'L-PP-2412-003' });
  expect(r.status).toBe(200);
  L.ff(10 * 60_000);
});

afterAll(async () => {
  await L.close();
});

/** Every MES/ERP/GMAO GET route of the OpenAPI document, made concrete for station `st`. */
async function getRoutes(st: string): Promise<string[]> {
  const doc = (await (await fetch(`${L.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const fill: Record<string, string> = {
    part: '10-1',
    shot: '10',
    lot: 'L-PP-2411-017',
    box: 'MO-24017-B001',
    order: 'MO-24017',
    wo: 'WO-24101',
  };
  return Object.entries(doc.paths)
    .filter(([p, ops]) => /^\/api\/stations\/\{id\}\/(mes|erp|gmao)/.test(p) && 'get' in ops)
    .map(([p]) => p.replace('{id}', st).replace(/\{(\w+)\}/g, (_, k: string) => fill[k]!))
    .map((p) => (p.endsWith('/mes/spc/chart') ? `${p}?variable=weight&cavity=1` : p));
}

describe('MES REST access', () => {
  it('serves every MES, ERP and GMAO read to the candidate of the station and to the jury', async () => {
    const routes = await getRoutes('st1');
    expect(routes.length).toBeGreaterThanOrEqual(35);
    for (const path of routes) {
      expect((await L.get(st1, path)).status, path).toBe(200);
      expect((await L.get(jury, path)).status, path).toBe(200);
    }
  });

  it('answers 404 to a candidate of another station on every read, as if the station did not exist', async () => {
    for (const path of await getRoutes('st1')) {
      const r = await L.get(st2, path);
      expect(r.status, path).toBe(404);
      expect(r.body.message, path).toBe('station st1: not found');
    }
    expect((await L.get(st1, '/api/stations/st9/mes')).body.message).toBe('station st9: not found');
  });

  it('refuses reads without a token (401)', async () => {
    const r = await fetch(`${L.url}/api/stations/st1/mes`);
    expect(r.status).toBe(401);
  });

  const WRITES: [string, string, unknown][] = [
    ['POST', '/api/stations/st1/gmao/work-orders', { equipment: 'robot', title: 'gripper squeaks' }],
    ['POST', '/api/stations/st1/mes/quarantine', { select: { shotFrom: 1, shotTo: 3 }, reason: 'check' }],
    ['POST', '/api/stations/st1/mes/job/interrupt', undefined],
    ['POST', '/api/stations/st1/erp/orders/MO-24018/release', undefined],
    ['PATCH', '/api/stations/st1/gmao/work-orders/WO-24136', { status: 'cancelled' }],
    [
      'POST',
      '/api/stations/st1/mes/spc/limits',
      { variable: 'cushion', cavity: 0, chart: 'imr', shotFrom: 1, shotTo: 40 },
    ],
  ];

  it('lets the jury write nothing (403) and a foreign candidate nothing (404), with no command reaching the station', async () => {
    const before = L.running.lab.journal.read({ station: 'st1', types: ['command'] }).length;
    for (const [method, path, body] of WRITES) {
      const j = await L.call(jury, method, path, body);
      expect(j.status, path).toBe(403);
      expect(j.body.message).toBe('reserved to candidate or trainer accounts');
      const f = await L.call(st2, method, path, body);
      expect(f.status, path).toBe(404);
      expect(
        (
          await fetch(`${L.url}${path}`, {
            method,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body ?? {}),
          })
        ).status,
      ).toBe(401);
    }
    expect(L.running.lab.journal.read({ station: 'st1', types: ['command'] }).length).toBe(before);
  });

  it('runs the candidate writes through the command API with the rejection as the HTTP status', async () => {
    const wo = await L.call(st1, 'POST', '/api/stations/st1/gmao/work-orders', {
      equipment: 'robot',
      title: 'gripper squeaks',
    });
    expect(wo.status).toBe(200);
    expect(wo.body).toMatchObject({
      status: 'accepted',
      action: 'gmao.open_work_order',
      result: { status: 'open' },
    });
    const id = wo.body.result.id as string;
    const invalid = await L.call(st1, 'PATCH', `/api/stations/st1/gmao/work-orders/${id}`, {
      status: 'done',
    });
    expect(invalid.status).toBe(409);
    expect(invalid.body).toMatchObject({ status: 'rejected', error: 'precondition' });
    expect(invalid.body.message).toContain('open → done is not allowed');
    const bad = await L.call(st1, 'POST', '/api/stations/st1/erp/orders', {
      customer: 'C-100',
      product: 'R-PP',
      qty: -5,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('qty');
    const unknown = await L.call(st1, 'POST', '/api/stations/st1/erp/orders', {
      customer: 'C-999',
      product: 'R-PP',
      qty: 5,
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.message).toContain('unknown customer C-999');
    // the journal holds the command with the candidate's identity
    const last = L.running.lab.journal.read({ station: 'st1', types: ['command'] }).at(-1)!;
    expect(last.actor).toMatchObject({ user: 'st1', channel: 'rest' });
    expect(
      (L.mes('st2').gmao.s.workOrders.find((w) => w.id === id)?.title ?? null) === 'gripper squeaks',
    ).toBe(false);
  });

  it('hides trainer-only actions from candidates and lets the trainer use them', async () => {
    const acts = (await L.get(st1, '/api/stations/st1/mes/actions')).body as {
      name: string;
      allowed: boolean;
    }[];
    expect(acts.map((a) => a.name)).toContain('job.set_cyclic_job_data');
    expect(acts.map((a) => a.name)).not.toContain('gmao.set_counter');
    const juryActs = (await L.get(jury, '/api/stations/st1/mes/actions')).body as { allowed: boolean }[];
    expect(juryActs.every((a) => !a.allowed)).toBe(true);
    const cmd = {
      kind: 'action',
      action: 'gmao.set_counter',
      args: { equipment: 'mould', counter: 'shots', value: 1_260_000 },
    };
    expect((await L.call(st1, 'POST', '/api/stations/st1/commands', cmd)).status).toBe(404);
    expect((await L.call(trainer, 'POST', '/api/stations/st1/commands', cmd)).status).toBe(200);
    expect((await L.get(trainer, '/api/stations/st2/mes')).status).toBe(200);
  });

  it('never shows a candidate trainer-only data or the trainer behind an action', async () => {
    const changes = await L.get(st1, '/api/stations/st1/mes/lot-changes');
    expect(changes.body.changes.at(-1)).toMatchObject({ to: 'L-PP-2412-003', by: 'plant', source: 'mes' });
    for (const path of await getRoutes('st1')) {
      if (path.endsWith('/mes/actions')) continue;
      const text = JSON.stringify((await L.get(st1, path)).body);
      for (const secret of [
        'secret_fault',
        'F06',
        '123.456',
        'canary',
        '"by":"trainer"',
        '"createdBy":"trainer"',
      ])
        expect(text, `${path} shows ${secret}`).not.toContain(secret);
    }
  });

  it('documents the API in OpenAPI with the action schemas as request bodies', async () => {
    const doc = (await (await fetch(`${L.url}/api/openapi.json`)).json()) as any;
    const q = doc.paths['/api/stations/{id}/mes/quarantine'].post;
    const schema = q.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['select', 'ongoing', 'reason']));
    expect(q.description).toContain('mes.quarantine');
    expect(
      doc.paths['/api/stations/{id}/mes/job'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('NominalParts');
    for (const p of [
      '/api/stations/{id}/mes/oee',
      '/api/stations/{id}/mes/genealogy/boxes',
      '/api/stations/{id}/gmao/reliability',
    ])
      expect(doc.paths[p]?.get?.summary, p).toBeTruthy();
  });
});
