/**
 * Helpers for HMI tests: a lab started in-process with the HMI test models, a login, and a socket.io
 * client that records every frame it receives and rebuilds the station's values from the snapshot and
 * the deltas, the way the HMI does.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, DeltaFrame, SnapshotFrame, WireValue } from '../../simulator/server/realtime/wire.ts';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import type { ModelFactory } from '../../simulator/session/lab.ts';
import { hmiModels } from './hmi-models.ts';
import { tempDir, testConfig } from './lab.ts';

export interface HmiLab {
  readonly running: RunningLab;
  readonly url: string;
  login(user: string, password?: string): Promise<string>;
  /** token of the candidate of a station */
  candidate(station: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHmiLab(
  opts: { stations?: number; tickMs?: number; models?: ModelFactory; config?: LabConfigInput } = {},
): Promise<HmiLab> {
  const tmp = tempDir('plastlab-hmi-');
  const running = await startLab(
    testConfig(tmp.dir, {
      ...(opts.config ?? {}),
      lab: { tickMs: opts.tickMs ?? 50 },
      stations: { count: opts.stations ?? 1 },
    }),
    { models: opts.models ?? hmiModels },
  );
  const login = async (user: string, password?: string) => {
    const pw = password ?? running.lab.credentials.account(user)?.password ?? '';
    const r = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password: pw }),
    });
    if (r.status !== 200) throw new Error(`login ${user}: ${r.status}`);
    return ((await r.json()) as { token: string }).token;
  };
  return {
    running,
    url: running.url,
    login,
    candidate: (station) => login(running.lab.credentials.forStation(station)!.user),
    async close() {
      await running.close();
      tmp.cleanup();
    },
  };
}

export interface Received {
  readonly name: string;
  readonly payload: unknown;
  /** the frame as JSON text, for canary scans */
  readonly text: string;
}

/** A recording HMI client. */
export class HmiClient {
  readonly socket: Socket;
  readonly received: Received[] = [];
  snapshot: SnapshotFrame | undefined;
  readonly values = new Map<string, { value: WireValue | null; quality: number; srcTs: number }>();
  private waiters: (() => void)[] = [];

  constructor(socket: Socket) {
    this.socket = socket;
    socket.onAny((name: string, payload: unknown) => {
      this.received.push({ name, payload, text: JSON.stringify(payload) ?? '' });
      if (name === 'snapshot') this.applySnapshot(payload as SnapshotFrame);
      else if (name === 'd') this.applyDelta(payload as DeltaFrame);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  private applySnapshot(s: SnapshotFrame): void {
    this.snapshot = s;
    this.values.clear();
    s.keys.forEach((k, i) => {
      this.values.set(k.key, { value: s.values[i]!, quality: s.quality[i]!, srcTs: s.srcTs[i]! });
    });
  }

  private applyDelta(d: DeltaFrame): void {
    const keys = this.snapshot!.keys;
    const ts = new Map<number, number>();
    for (let i = 0; i + 1 < (d.ts?.length ?? 0); i += 2) ts.set(d.ts![i]!, d.ts![i + 1]!);
    for (let i = 0; i + 2 < d.c.length; i += 3) {
      const idx = d.c[i] as number;
      this.values.set(keys[idx]!.key, {
        value: d.c[i + 1] as WireValue | null,
        quality: d.c[i + 2] as number,
        srcTs: ts.get(idx) ?? d.t,
      });
    }
  }

  count(name: string): number {
    return this.received.filter((r) => r.name === name).length;
  }

  /** Wait until `pred` holds (checked on every frame), or fail after `ms`. */
  async until(pred: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Emit with an ack and resolve with it. */
  ack(name: string, payload?: unknown, ms = 5000): Promise<Ack> {
    return this.socket.timeout(ms).emitWithAck(name, payload) as Promise<Ack>;
  }

  close(): void {
    this.socket.close();
  }
}

/** Connect and wait for the first snapshot. */
export async function connectHmi(
  url: string,
  auth: Record<string, unknown>,
  opts: { transports?: ('websocket' | 'polling')[] } = {},
): Promise<HmiClient> {
  const socket = io(url, {
    path: '/socket.io/',
    auth,
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const client = new HmiClient(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (e) => reject(e));
    socket.once('snapshot', () => resolve());
  });
  return client;
}

/** Try to connect; resolve with the connect error message (or 'connected'). */
export function connectError(url: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(url, {
    path: '/socket.io/',
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect_error', (e) => {
      socket.close();
      resolve(e.message);
    });
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
  });
}
