/**
 * MQTT test harness: a lab with real stations on a real-time pacer, a plain HTTP server (for MQTT over
 * WebSocket) and the MQTT adapter, all on loopback; plus small mqtt.js helpers.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { AdapterContext, RunningAdapter } from '../../simulator/adapters/adapter.ts';
import { type MqttService, mqttAdapter } from '../../simulator/adapters/mqtt/index.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import { Lab, type ModelFactory } from '../../simulator/session/lab.ts';
import { tempDir, testConfig } from './lab.ts';
import { pressCell } from './mqtt-model.ts';

export interface MqttLab {
  readonly lab: Lab;
  readonly http: Server;
  readonly httpPort: number;
  readonly adapter: RunningAdapter;
  readonly service: MqttService;
  readonly mqttUrl: string;
  readonly wsUrl: string;
  readonly root: string;
  // biome-ignore lint/suspicious/noExplicitAny: health counters are free-form JSON read by assertions
  readonly health: () => Record<string, any>;
  creds(user: string): { username: string; password: string };
  close(): Promise<void>;
}

export async function startMqttLab(
  opts: {
    stations?: number;
    tickMs?: number;
    models?: ModelFactory;
    mqtt?: NonNullable<LabConfigInput['mqtt']>;
    /** called with the HTTP server before the adapter starts (e.g. to attach socket.io first) */
    beforeAdapter?: (http: Server) => void;
    pacer?: boolean;
    /** an existing data folder (e.g. with pre-generated credentials); removed on close */
    dataDir?: string;
  } = {},
): Promise<MqttLab> {
  const tmp = opts.dataDir
    ? { dir: opts.dataDir, cleanup: () => rmSync(opts.dataDir!, { recursive: true, force: true }) }
    : tempDir('plastlab-mqtt-');
  const config = testConfig(tmp.dir, {
    lab: { tickMs: opts.tickMs ?? 20 },
    stations: { count: opts.stations ?? 2 },
    mqtt: { enabled: true, port: 0, ...(opts.mqtt ?? {}) },
  });
  const lab = new Lab({ config, models: opts.models ?? pressCell() });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  opts.beforeAdapter?.(http);
  const logs: string[] = [];
  const ctx: AdapterContext = {
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: config.lab.dataDir,
    httpServer: http,
    authenticate: (u, p) => lab.credentials.authenticate(u, p),
    addHealth: (name, provider) => lab.addHealth(name, provider),
    log: (l) => logs.push(l),
  };
  const adapter = await mqttAdapter.start(ctx);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const addr = http.address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : 0;
  const service = adapter.service as MqttService;
  if (opts.pacer !== false) lab.start();
  return {
    lab,
    http,
    httpPort,
    adapter,
    service,
    mqttUrl: `mqtt://127.0.0.1:${service.tcpPort}`,
    wsUrl: `ws://127.0.0.1:${httpPort}/mqtt`,
    root: service.layout.root,
    // biome-ignore lint/suspicious/noExplicitAny: free-form JSON for assertions
    health: () => lab.healthReport('test').queues as Record<string, any>,
    creds(user) {
      const a = lab.credentials.account(user);
      if (!a) throw new Error(`no account ${user}`);
      return { username: a.user, password: a.password };
    },
    async close() {
      lab.pacer.stop();
      await adapter.stop();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      lab.stop();
      tmp.cleanup();
    },
  };
}

/** An mqtt.js client on MQTT 3.1.1 (aedes has no MQTT 5), connected or rejected. */
export function mqttConnect(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
}

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** Record every message a client receives and wait for the ones a test needs. */
export class Inbox {
  readonly messages: Received[] = [];
  private waiters: { pred: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  constructor(client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const m = { topic, payload, retain: packet.retain };
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
  }

  /** The first message (already received or to come) matching `pred`. */
  wait(pred: (m: Received) => boolean, timeoutMs = 5000, what = 'message'): Promise<Received> {
    const have = this.messages.find(pred);
    if (have) return Promise.resolve(have);
    return this.next(pred, timeoutMs, what);
  }

  /** The next message to come matching `pred`. */
  next(pred: (m: Received) => boolean, timeoutMs = 5000, what = 'message'): Promise<Received> {
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (m: Received) => {
          clearTimeout(t);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: message bodies are free-form JSON read by assertions
  json(m: Received): any {
    return JSON.parse(m.payload.toString('utf8'));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribe and return the granted QoS per filter, in order (128 = refused, SUBACK 0x80). */
export function grantedQos(client: MqttClient, filters: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      Object.fromEntries(filters.map((f) => [f, { qos: 0 as const }])),
      (err: (Error & { packet?: { granted?: number[] } }) | null, granted) => {
        if (err && !err.packet?.granted) return reject(err);
        resolve(err ? err.packet!.granted! : (granted ?? []).map((g) => g.qos));
      },
    );
  });
}
