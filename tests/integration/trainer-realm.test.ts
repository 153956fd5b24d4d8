/**
 * With `http.trainerPort`, the trainer side listens apart (reliability-security C2/T11): the candidates'
 * port knows no trainer route nor the console and refuses trainer and jury accounts; the trainer port
 * refuses candidate accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import { tempDir, testConfig } from '../helpers/lab.ts';

describe('a separate trainer listener', () => {
  let running: RunningLab;
  const tmp = tempDir();
  beforeAll(async () => {
    running = await startLab(testConfig(tmp.dir, { http: { port: 0, trainerPort: 0 } }));
  });
  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  const login = (base: string, user: string, password: string) =>
    fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    });

  it('listens on two ports', () => {
    expect(running.trainerUrl).not.toBe(running.url);
    expect(running.banner.some((l) => l.startsWith('Trainer') && l.includes(running.trainerUrl))).toBe(true);
  });

  it('refuses trainer and jury accounts on the candidates port, like a wrong password', async () => {
    for (const u of ['trainer', 'jury']) {
      const c = running.lab.credentials.account(u)!;
      const r = await login(running.url, c.user, c.password);
      expect(r.status).toBe(401);
      expect(((await r.json()) as { message: string }).message).toBe('wrong user name or password');
    }
  });

  it('has no trainer route nor console on the candidates port', async () => {
    const c = running.lab.credentials.forStation('st1')!;
    const { token } = (await (await login(running.url, c.user, c.password)).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    for (const path of ['/api/sessions/exercises', '/api/faults/catalogue', '/api/stations/st1/faults']) {
      expect((await fetch(`${running.url}${path}`, { headers: auth })).status).toBe(404);
    }
    const page = await fetch(`${running.url}/trainer/`);
    expect(page.status === 404 || !(await page.text()).includes('trainer')).toBe(true);
    const doc = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths).filter((p) => /sessions|faults|scoring|replay/.test(p))).toEqual([]);
  });

  it('serves the trainer side on its own port, to trainer and jury accounts only', async () => {
    const c = running.lab.credentials.forStation('st1')!;
    expect((await login(running.trainerUrl, c.user, c.password)).status).toBe(401);
    const t = running.lab.credentials.account('trainer')!;
    const r = await login(running.trainerUrl, t.user, t.password);
    expect(r.status).toBe(200);
    const { token } = (await r.json()) as { token: string };
    const cat = await fetch(`${running.trainerUrl}/api/faults/catalogue`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cat.status).toBe(200);
  });
});
