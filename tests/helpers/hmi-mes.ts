/**
 * Lab for the MES, SPC and GMAO screens in a browser: station st1 runs the lab's own station models (the
 * real cell in ABS, its MES/ERP/GMAO and the fault engine), st2 the light MES test machine (only there to be
 * kept out). The pacer is stopped while a scenario is fast-forwarded in virtual time — trainer and candidate
 * commands submitted at tick boundaries — then restarted in real time for the browser.
 */
import type { Actor, CommandInput, CommandRecord } from '../../simulator/kernel/command-types.ts';
import type { MesModel } from '../../simulator/mes/index.ts';
import { cellFactory } from '../../simulator/server/models.ts';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import { tempDir, testConfig } from './lab.ts';
import { mesTestModels } from './mes-machine.ts';

export const MIN = 60_000;

export interface MesHmiLab {
  readonly running: RunningLab;
  readonly url: string;
  /** fast-forward every station by `ms` of simulation time (pacer stopped) */
  ff(ms: number): void;
  /** submit a command as `actor` on a station, stepping the lab until it is answered */
  submit(station: string, actor: Actor, input: CommandInput): Promise<CommandRecord>;
  /** restart the real-time pacer (for the browser) */
  live(): void;
  mes(station?: string): MesModel;
  token(user: string): Promise<string>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely by the tests
  get(token: string, path: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export const trainerActor: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest' };
export const candidateActor = (station: string): Actor => ({
  user: station,
  roles: ['operator', 'technician'],
  channel: 'rest',
  station,
});

export async function startMesHmiLab(): Promise<MesHmiLab> {
  const tmp = tempDir('plastlab-hmi-mes-');
  const config = testConfig(tmp.dir, {
    lab: { tickMs: 100 },
    stations: { count: 2, material: 'ABS' },
  });
  const own = cellFactory(config);
  const running = await startLab(config, {
    models: (id, index) => (index === 0 ? own(id, index) : mesTestModels({ material: 'PP' })),
  });
  const lab = running.lab;
  lab.pacer.stop();
  const ticks = (ms: number) => Math.ceil(ms / config.lab.tickMs);
  const tokens = new Map<string, string>();
  return {
    running,
    url: running.url,
    ff(ms) {
      for (let i = ticks(ms); i > 0; i--) lab.step();
    },
    async submit(station, actor, input) {
      let done = false;
      const p = lab.submit({ station, actor, input });
      void p.finally(() => {
        done = true;
      });
      while (!done) {
        if (!lab.pacer.isRunning) lab.step();
        await new Promise((r) => setImmediate(r));
      }
      return p;
    },
    live() {
      lab.start();
    },
    mes(station = 'st1') {
      return lab.station(station)!.model<MesModel>('mes')!;
    },
    async token(user) {
      const cached = tokens.get(user);
      if (cached) return cached;
      const acc = user.startsWith('st') ? lab.credentials.forStation(user) : lab.credentials.account(user);
      const r = await fetch(`${running.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: acc!.user, password: acc!.password }),
      });
      const tok = ((await r.json()) as { token: string }).token;
      tokens.set(user, tok);
      return tok;
    },
    async get(token, path) {
      const r = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await r.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: r.status, body };
    },
    async close() {
      await running.close();
      tmp.cleanup();
    },
  };
}
