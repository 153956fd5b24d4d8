import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import { tempDir, testConfig } from '../helpers/lab.ts';

describe('plastlab server', () => {
  let running: RunningLab;
  const tmp = tempDir();
  let token = '';
  let otherToken = '';

  beforeAll(async () => {
    running = await startLab(testConfig(tmp.dir, { stations: { count: 2 } }));
    const c1 = running.lab.credentials.forStation('st1')!;
    const c2 = running.lab.credentials.forStation('st2')!;
    const login = async (user: string, password: string) => {
      const r = await fetch(`${running.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password }),
      });
      return ((await r.json()) as { token: string }).token;
    };
    token = await login(c1.user, c1.password);
    otherToken = await login(c2.user, c2.password);
  });

  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  const api = (path: string, init: RequestInit = {}, tk = token) =>
    fetch(`${running.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tk}`, ...(init.headers ?? {}) },
    });

  it('answers /api/health with status, version, stations, tick statistics and queues', async () => {
    await new Promise((r) => setTimeout(r, 350));
    const r = await fetch(`${running.url}/api/health`);
    expect(r.status).toBe(200);
    const h = (await r.json()) as Record<string, any>;
    expect(h.status).toBe('ok');
    expect(h.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(h.stations).toHaveLength(2);
    expect(h.stations[0].tick).toBeGreaterThan(0);
    expect(h.tick).toMatchObject({
      p50_ms: expect.any(Number),
      p99_ms: expect.any(Number),
      overruns: expect.any(Number),
    });
    expect(h.queues.journal_appended).toBeGreaterThan(0);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const r = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'st1', password: 'wrong-password' }),
    });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { message: string }).message).toBe('wrong user name or password');
  });

  it('names the field of a malformed login', async () => {
    const r = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'st1' }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('password');
  });

  it('shows a candidate only their own station, and a foreign station as absent', async () => {
    const list = (await (await api('/api/stations')).json()) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual(['st1']);
    expect((await api('/api/stations/st2/values')).status).toBe(404);
    expect((await api('/api/stations/st2/signals')).status).toBe(404);
  });

  it('never lists or serves a trainer-only signal to a candidate', async () => {
    const sigs = (await (await api('/api/stations/st1/signals')).json()) as {
      key: string;
      visibility: string;
    }[];
    expect(sigs.length).toBeGreaterThan(0);
    expect(sigs.every((s) => s.visibility === 'candidate')).toBe(true);
    const trainerOnly = running.lab
      .station('st1')!
      .registry.signals.filter((s) => s.visibility === 'trainer');
    for (const s of trainerOnly) {
      expect((await api(`/api/stations/st1/values?keys=${s.key}`)).status).toBe(404);
    }
    const allRes = await api('/api/stations/st1/values');
    expect(allRes.status).toBe(200);
    const all = (await allRes.json()) as Record<string, unknown>;
    expect(trainerOnly.length).toBeGreaterThan(0); // the real cell has hidden truth to hide
    expect(Object.keys(all).length).toBeGreaterThan(100);
    for (const s of trainerOnly) expect(all).not.toHaveProperty(s.key);
  });

  it('writes a set point through the command API and refuses an out-of-range one with its reason', async () => {
    const sig = running.lab.station('st1')!.registry.signals.find((s) => s.kind === 'setpoint' && s.range)!;
    const ok = await api('/api/stations/st1/commands', {
      method: 'POST',
      body: JSON.stringify({ kind: 'write', signal: sig.key, value: sig.range!.min + 1, reason: 'test' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'accepted', applied: sig.range!.min + 1 });
    const bad = await api('/api/stations/st1/commands', {
      method: 'POST',
      body: JSON.stringify({ kind: 'write', signal: sig.key, value: sig.range!.max + 100 }),
    });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { message: string };
    expect(body.message).toContain(sig.key);
    expect(body.message).toContain(`maximum ${sig.range!.max}`);
    const values = (await (await api(`/api/stations/st1/values?keys=${sig.key}`)).json()) as Record<
      string,
      { value: number }
    >;
    expect(values[sig.key]!.value).toBe(sig.range!.min + 1);
  });

  it('refuses a command on another station even with valid credentials of a candidate', async () => {
    const sig = running.lab.station('st1')!.registry.signals.find((s) => s.kind === 'setpoint' && s.range)!;
    const r = await api(
      '/api/stations/st1/commands',
      { method: 'POST', body: JSON.stringify({ kind: 'write', signal: sig.key, value: sig.range!.min }) },
      otherToken,
    );
    expect(r.status).toBe(404);
  });

  it('lists the actions a candidate may run with their argument schemas, never trainer-only ones', async () => {
    const acts = (await (await api('/api/stations/st1/actions')).json()) as {
      name: string;
      allowed: boolean;
      args: { type?: string };
    }[];
    const st = running.lab.station('st1')!;
    const trainerOnly = st.actionNames().filter((n) => st.action(n)!.visibility === 'trainer');
    for (const n of trainerOnly) expect(acts.map((a) => a.name)).not.toContain(n);
    for (const a of acts) expect(a.args).toBeTypeOf('object');
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/stations/{id}/commands');
  });
});
