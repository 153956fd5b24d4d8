/**
 * MES test harness: a real lab (HTTP API, journal, credentials) whose stations run the MES test machine and
 * the ERP/MES/GMAO models, driven in virtual time: the pacer is stopped, `ff(ms)` fast-forwards every
 * station, and `call()` keeps stepping the lab while a request waits for its command's tick boundary.
 */

import type { MesModel } from '../../simulator/mes/index.ts';
import type { RunningLab } from '../../simulator/server/start.ts';
import { startLab } from '../../simulator/server/start.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import type { ModelFactory } from '../../simulator/session/lab.ts';
import { tempDir, testConfig } from './lab.ts';
import { mesTestModels } from './mes-machine.ts';

export interface MesLab {
  readonly running: RunningLab;
  readonly url: string;
  token(user: 'st1' | 'st2' | 'trainer' | 'jury' | string): Promise<string>;
  /** fast-forward every station by `ms` of simulation time (journal entries included) */
  ff(ms: number): void;
  /** an HTTP call, stepping the lab until it is answered */
  call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  get(token: string, path: string): Promise<{ status: number; body: any }>;
  mes(station?: string): MesModel;
  close(): Promise<void>;
}

export async function startMesLab(
  opts: { stations?: number; config?: LabConfigInput; models?: ModelFactory } = {},
): Promise<MesLab> {
  const tmp = tempDir('plastlab-mes-');
  const config = testConfig(tmp.dir, { ...(opts.config ?? {}), stations: { count: opts.stations ?? 2 } });
  const running = await startLab(config, { models: opts.models ?? (() => mesTestModels()) });
  running.lab.pacer.stop();
  const lab = running.lab;
  const tokens = new Map<string, string>();
  const ticks = (ms: number) => Math.ceil(ms / config.lab.tickMs);

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    let done = false;
    const p = fetch(`${running.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }).then(async (r) => {
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: r.status, body: parsed as any };
    });
    p.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setTimeout(r, 2));
      if (!done) lab.step();
    }
    return p;
  };

  return {
    running,
    url: running.url,
    async token(user) {
      const cached = tokens.get(user);
      if (cached) return cached;
      const acc = user.startsWith('st') ? lab.credentials.forStation(user) : lab.credentials.account(user);
      if (!acc) throw new Error(`no account ${user}`);
      const r = await fetch(`${running.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: acc.user, password: acc.password }),
      });
      const t = ((await r.json()) as { token: string }).token;
      tokens.set(user, t);
      return t;
    },
    ff(ms) {
      for (let i = ticks(ms); i > 0; i--) lab.step();
    },
    call,
    get: (token, path) => call(token, 'GET', path),
    mes(station = 'st1') {
      return lab.station(station)!.model<MesModel>('mes')!;
    },
    async close() {
      await running.close();
      tmp.cleanup();
    },
  };
}
