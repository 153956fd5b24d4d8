/** Several plastlab instances can share a broker: each owns a range of stations (`stations.first`). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import { tempDir, testConfig } from '../helpers/lab.ts';

describe('an instance owning stations st17…st18', () => {
  let running: RunningLab;
  const tmp = tempDir();
  beforeAll(async () => {
    running = await startLab(testConfig(tmp.dir, { stations: { count: 2, first: 17 } }));
  });
  afterAll(async () => {
    await running.close();
    tmp.cleanup();
  });

  it('names its stations from the first number, with one account each', async () => {
    expect([...running.lab.stations.keys()]).toEqual(['st17', 'st18']);
    const c = running.lab.credentials.forStation('st18')!;
    expect(c.user).toBe('st18');
    const r = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: c.user, password: c.password }),
    });
    const { token } = (await r.json()) as { token: string };
    const list = (await (
      await fetch(`${running.url}/api/stations`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual(['st18']);
  });

  it('refuses a range beyond the limit with the field named', async () => {
    const { parseConfig } = await import('../../simulator/session/config.ts');
    expect(() => parseConfig({ stations: { first: 0 } })).toThrow(/stations\.first/);
  });
});
