/**
 * The trainer API of the fault engine over HTTP (issue 4): catalogue, inject, schedule, clear, list, the
 * OpenAPI document, the journal's `fault` entries as the scorer reads them; and the hidden truth — a
 * candidate reaches no fault data and no other station through REST (routes, actions, signals, values) or
 * MQTT (every topic of their station while a fault is active).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultPayloadSchema } from '../../../scoring/journal-model.ts';
import { type RunningLab, startLab } from '../../../simulator/server/start.ts';
import { connectHmi } from '../../helpers/hmi-lab.ts';
import { tempDir, testConfig } from '../../helpers/lab.ts';
import { Inbox, mqttConnect } from '../../helpers/mqtt-lab.ts';

/** strings only the fault engine would put out (instance ids, engine field names, fault ids) */
const TRUTH = [
  /"F\d\d"/,
  /F\d\d-\d/,
  /fault\.(inject|schedule|clear|list)/,
  /onset_t/,
  // a fault's numeric severity (an alarm's severity is a word)
  /"severity":\s*\d/,
  /checkRing|deltaMm|nozzleRestriction/,
];
const leaks = (text: string) => TRUTH.filter((re) => re.test(text)).map(String);

describe('fault engine over HTTP, hidden from candidates', () => {
  let running: RunningLab;
  const tmp = tempDir();
  let trainer = '';
  let cand1 = '';
  let cand2 = '';
  let jury = '';

  beforeAll(async () => {
    running = await startLab(
      testConfig(tmp.dir, { stations: { count: 2 }, mqtt: { enabled: true, port: 0 } }),
    );
    const login = async (user: string, password: string) => {
      const r = await fetch(`${running.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password }),
      });
      return ((await r.json()) as { token: string }).token;
    };
    const cr = running.lab.credentials;
    trainer = await login('trainer', cr.account('trainer')!.password);
    jury = await login('jury', cr.account('jury')!.password);
    cand1 = await login(cr.forStation('st1')!.user, cr.forStation('st1')!.password);
    cand2 = await login(cr.forStation('st2')!.user, cr.forStation('st2')!.password);
  });

  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  const api = (path: string, tk: string, init: RequestInit = {}) =>
    fetch(`${running.url}${path}`, {
      ...init,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${tk}`,
        ...(init.headers ?? {}),
      },
    });
  const post = (path: string, tk: string, body: unknown) =>
    api(path, tk, { method: 'POST', body: JSON.stringify(body) });

  it('gives the trainer the catalogue of 25 faults with their time constants', async () => {
    const r = await api('/api/faults/catalogue', trainer);
    expect(r.status).toBe(200);
    const list = (await r.json()) as { id: string; time: { exam: string; signature_s: number } }[];
    expect(list.map((f) => f.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`),
    );
    expect(list.every((f) => f.time.exam.length > 0 && f.time.signature_s > 0)).toBe(true);
  });

  it('injects, lists, schedules and clears through the API; refusals carry the reason', async () => {
    let r = await post('/api/stations/st1/faults', trainer, { fault: 'F03', id: 'ring', severity: 0.8 });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({
      id: 'ring',
      fault: 'F03',
      state: 'active',
      component: 'injection_unit.check_ring',
    });
    r = await post('/api/stations/st1/faults', trainer, { fault: 'F03', id: 'ring' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { message: string }).message).toMatch(/already in use/);
    r = await post('/api/stations/st1/faults', trainer, { fault: 'F01', component: 'barrel.z9_heater' });
    expect(r.status).toBe(409);
    r = await post('/api/stations/st1/faults', trainer, { fault: 'F99' });
    expect(r.status).toBe(400);
    r = await post('/api/stations/st1/faults/schedule', trainer, { fault: 'F17', in_s: 3600 });
    expect(r.status).toBe(201);
    const sched = (await r.json()) as { id: string; state: string };
    expect(sched.state).toBe('scheduled');
    r = await api('/api/stations/st1/faults', trainer);
    const list = (await r.json()) as { id: string; state: string }[];
    expect(list.map((f) => [f.id, f.state])).toEqual([
      ['ring', 'active'],
      [sched.id, 'scheduled'],
    ]);
    r = await api(`/api/stations/st1/faults/${sched.id}`, trainer, { method: 'DELETE' });
    expect(r.status).toBe(200);
    r = await post('/api/stations/st1/faults/clear', trainer, { id: 'ring' });
    expect(await r.json()).toEqual({ cleared: ['ring'] });
    r = await post('/api/stations/st1/faults/clear', trainer, { all: true });
    expect(r.status).toBe(409);
    r = await api('/api/stations/st9/faults', trainer);
    expect(r.status).toBe(404);
  });

  it('journals every fault action as a `fault` entry the scorer parses, under the trainer', async () => {
    running.lab.step();
    const entries = running.lab.journal.read({ station: 'st1', types: ['fault'] });
    expect(entries.map((e) => (e.payload as { action: string }).action)).toEqual([
      'inject',
      'schedule',
      'cancel',
      'clear',
    ]);
    for (const e of entries) {
      expect(FaultPayloadSchema.safeParse(e.payload).success).toBe(true);
      expect(e.actor?.user).toBe('trainer');
    }
    const cmds = running.lab.journal.read({ station: 'st1', types: ['command'] });
    expect(
      cmds.some((e) => (e.payload as { input: { action?: string } }).input.action === 'fault.inject'),
    ).toBe(true);
  });

  it('documents the routes and their bodies in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.paths['/api/stations/{id}/faults']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/api/stations/{id}/faults/schedule']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/api/stations/{id}/faults/clear']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/api/faults/catalogue']?.get).toBeDefined();
  });

  it('refuses candidates and the jury (403) and says nothing about faults', async () => {
    await post('/api/stations/st1/faults', trainer, { fault: 'F01', id: 'heater' });
    for (const tk of [cand1, cand2, jury]) {
      for (const [path, init] of [
        ['/api/faults/catalogue', {}],
        ['/api/stations/st1/faults', {}],
        ['/api/stations/st2/faults', {}],
        ['/api/stations/st1/faults', { method: 'POST', body: JSON.stringify({ fault: 'F02' }) }],
        ['/api/stations/st1/faults/clear', { method: 'POST', body: JSON.stringify({ all: true }) }],
        ['/api/stations/st1/faults/heater', { method: 'DELETE' }],
      ] as const) {
        const r = await api(path, tk, init);
        expect(r.status, `${path}`).toBe(403);
        expect(leaks(await r.text())).toEqual([]);
      }
    }
    // the trainer actions do not exist for a candidate on any channel of the command API
    const r = await post('/api/stations/st1/commands', cand1, {
      kind: 'action',
      action: 'fault.list',
      args: {},
    });
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: 'unknown_action' });
  });

  it('shows a candidate no fault in their actions, signals and values, and nothing of the other station', async () => {
    for (const path of [
      '/api/stations/st1/actions',
      '/api/stations/st1/signals',
      '/api/stations/st1/values',
    ]) {
      const r = await api(path, cand1);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(leaks(text), path).toEqual([]);
      expect(text).not.toMatch(/"faults\.|safety\.validate_dataset|resin_moisture_true|temp_true/);
    }
    const actions = (await (await api('/api/stations/st1/actions', cand1)).json()) as {
      name: string;
      group?: string;
    }[];
    expect(actions.some((a) => a.name === 'act.repair' && a.group === 'maintenance')).toBe(true);
    expect(actions.some((a) => a.name.startsWith('fault.'))).toBe(false);
    for (const path of ['/api/stations/st1/values', '/api/stations/st1/actions']) {
      expect((await api(path, cand2)).status).toBe(404);
    }
    const trainerActions = (await (await api('/api/stations/st1/actions', trainer)).json()) as {
      name: string;
    }[];
    expect(trainerActions.map((a) => a.name)).toEqual(
      expect.arrayContaining(['fault.inject', 'fault.schedule', 'fault.clear', 'fault.list']),
    );
  });

  it('publishes nothing about a fault on the candidate’s MQTT topics, while its effects show', async () => {
    const creds = running.lab.credentials.forStation('st1')!;
    const c = await mqttConnect(`${running.url.replace('http', 'ws')}/mqtt`, {
      username: creds.user,
      password: creds.password,
    });
    try {
      const inbox = new Inbox(c);
      await c.subscribeAsync('plastlab/site1/moulding/line1/st1/#');
      await post('/api/stations/st1/faults', trainer, { fault: 'F22', id: 'stale' });
      await post('/api/stations/st1/faults', trainer, { fault: 'F23', id: 'cyber' });
      await inbox.wait(
        (m) => m.topic.endsWith('/imm/hold_pressure_sp') && m.payload.toString().includes('32'),
        8000,
        'the F23 write',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(inbox.messages.length).toBeGreaterThan(20);
      expect(inbox.messages.every((m) => m.topic.includes('/st1/'))).toBe(true);
      const all = inbox.messages.map((m) => `${m.topic} ${m.payload.toString()}`).join('\n');
      expect(leaks(all)).toEqual([]);
    } finally {
      await c.endAsync();
    }
  });

  it('sends nothing about a fault on the candidate’s HMI socket (snapshot, deltas, events, shots, logbook)', async () => {
    const c = await connectHmi(running.url, { token: cand1, level: 'technician' });
    try {
      await post('/api/stations/st1/faults', trainer, {
        fault: 'F10',
        id: 'clamp',
        profile: { kind: 'step' },
      });
      await post('/api/stations/st1/faults', trainer, { fault: 'F02', id: 'tc' });
      await c.until(() => c.count('d') > 10, 8000, 'deltas');
      const all = c.received.map((r) => `${r.name} ${r.text}`).join('\n');
      expect(leaks(all)).toEqual([]);
      expect(all).not.toMatch(/"faults\.|tcDriftK|clampForceLoss/);
    } finally {
      c.close();
    }
  });
});
