/**
 * MQTT benchmark (issue 5; DESIGN.md budgets). The MQTT clients run in a worker thread so the broker
 * keeps the main one (as a separate process would).
 * - throughput, client → client, QoS 0: bare aedes 1.2 (defaults) vs the plastlab embedded broker
 *   (authenticate, authorizePublish/Subscribe/Forward, `published`, frame guard, delivery-order fix,
 *   limits, TCP_NODELAY) in the same run; goal ≥ 90 % of bare aedes. Also aedes with the same options
 *   but no hooks (the hooks' own cost), and the same workload against Debian's Mosquitto;
 * - throughput, lab → subscribers: server-side publishes fanned out to 4 subscribers (the UNS pattern),
 *   bare vs plastlab hooks;
 * - latency: a signal changes in a tick → its UNS message reaches a candidate subscribed to its station,
 *   p50/p90/p99, with the plastlab cell (1 and 30 stations) and a synthetic cell where 40 signals change
 *   every tick (30 stations), at a 100 ms tick. Budget: tick + 10 ms, i.e. ≤ 10 ms from the end of the
 *   tick in which the value changed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { loadavg, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { connectAsync, type MqttClient } from 'mqtt';
import type { AdapterContext } from '../simulator/adapters/adapter.ts';
import { Acl } from '../simulator/adapters/mqtt/acl.ts';
import { brokerLimits, startEmbeddedBroker } from '../simulator/adapters/mqtt/embedded.ts';
import { type MqttService, mqttAdapter } from '../simulator/adapters/mqtt/index.ts';
import { createCellModels } from '../simulator/cell/cell.ts';
import type { BindContext, Model, StepContext } from '../simulator/kernel/model.ts';
import type { SignalDefInput } from '../simulator/kernel/signal-schema.ts';
import { parseConfig } from '../simulator/session/config.ts';
import { Lab } from '../simulator/session/lab.ts';

const N = 40_000;
const PAYLOAD = Buffer.from(
  JSON.stringify({ value: 212.3, unit: '°C', ts: new Date().toISOString(), quality: 'Good' }),
);
const ROOT = 'plastlab/site1/moulding/line1';
const TICK_MS = 100;

type Job =
  | { kind: 'c2c'; url: string; pub: object; sub: object; topic: string; filter: string; n: number }
  | { kind: 'fanout'; url: string; sub: object; filter: string; subscribers: number; n: number }
  | { kind: 'latency'; url: string; subs: { creds: object; filter: string }[]; ms: number };

/* ------------------------------------------------------------------ worker side: the clients */

const now = () => performance.timeOrigin + performance.now();

async function workerMain(job: Job): Promise<unknown> {
  const opts = (o: object) => ({ protocolVersion: 4 as const, reconnectPeriod: 0, ...o });
  if (job.kind === 'c2c') {
    const sub = await connectAsync(job.url, opts(job.sub));
    await sub.subscribeAsync(job.filter, { qos: 0 });
    const pub = await connectAsync(job.url, opts(job.pub));
    let got = 0;
    let last = 0;
    const all = new Promise<void>((resolve) => {
      sub.on('message', () => {
        got++;
        last = now();
        if (got === job.n) resolve();
      });
    });
    const t0 = now();
    for (let i = 0; i < job.n; i += 500) {
      for (let k = 0; k < 500 && i + k < job.n; k++) pub.publish(job.topic, PAYLOAD, { qos: 0 });
      await new Promise((r) => setImmediate(r));
    }
    await Promise.race([all, new Promise((r) => setTimeout(r, 30_000))]);
    await Promise.all([pub.endAsync(), sub.endAsync()]);
    return { received: got, msgs_per_s: Math.round(got / ((last - t0) / 1000)) };
  }
  if (job.kind === 'fanout') {
    const subs: MqttClient[] = [];
    let got = 0;
    let first = 0;
    let last = 0;
    const target = job.n * job.subscribers;
    const all = new Promise<void>((resolve) => {
      for (let i = 0; i < job.subscribers; i++) {
        void connectAsync(job.url, opts({ ...job.sub, clientId: `fan${i}-${Math.random()}` })).then(
          async (c) => {
            subs.push(c);
            c.on('message', () => {
              if (got === 0) first = now();
              got++;
              last = now();
              if (got === target) resolve();
            });
            await c.subscribeAsync(job.filter, { qos: 0 });
            if (subs.length === job.subscribers) parentPort!.postMessage({ ready: true });
          },
        );
      }
    });
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
    await Promise.all(subs.map((c) => c.endAsync()));
    return { received: got, deliveries_per_s: Math.round(got / ((last - first) / 1000)) };
  }
  const arrivals: { topic: string; ts: string; at: number }[] = [];
  const subs: MqttClient[] = [];
  for (const s of job.subs) {
    const sub = await connectAsync(job.url, opts(s.creds));
    sub.on('message', (topic, payload, packet) => {
      if (packet.retain) return;
      arrivals.push({ topic, ts: JSON.parse(payload.toString()).ts, at: now() });
    });
    await sub.subscribeAsync(s.filter, { qos: 0 });
    subs.push(sub);
  }
  parentPort!.postMessage({ ready: true });
  await new Promise((r) => setTimeout(r, job.ms));
  await Promise.all(subs.map((s) => s.endAsync()));
  return { arrivals };
}

if (!isMainThread && (workerData as { mqttBench?: Job } | null)?.mqttBench) {
  const result = await workerMain((workerData as { mqttBench: Job }).mqttBench);
  parentPort!.postMessage({ result });
}

/* ------------------------------------------------------------------ main side: brokers and runs */

function inWorker<T>(job: Job, onReady?: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { mqttBench: job } });
    w.on('message', (m: { ready?: boolean; result?: T }) => {
      if (m.ready) onReady?.();
      if (m.result) {
        resolve(m.result);
        void w.terminate();
      }
    });
    w.on('error', reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

interface BrokerUnderTest {
  url: string;
  port: number;
  pubCreds: object;
  subCreds: object;
  topic: string;
  filter: string;
  publish?: (topic: string, payload: Buffer, cb: () => void) => void;
  close(): Promise<void>;
}

/**
 * aedes without any hook. `sameOptions`: with the plastlab broker's limits and TCP_NODELAY, to isolate
 * what the hooks themselves cost; otherwise aedes' defaults ("bare aedes").
 */
export async function bareAedes(sameOptions = false): Promise<BrokerUnderTest> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker(sameOptions ? brokerLimits(16) : {});
  const srv = createNetServer((socket) => {
    if (sameOptions) socket.setNoDelay(true);
    broker.handle(socket);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    pubCreds: {},
    subCreds: {},
    topic: `${ROOT}/st1/cmd/imm.job`,
    filter: `${ROOT}/st1/cmd/+`,
    publish: (topic, payload, cb) =>
      broker.publish({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }, () => cb()),
    async close() {
      await new Promise<void>((r) => srv.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

export async function plastlabBroker(): Promise<BrokerUnderTest> {
  const layout = { root: ROOT, rootLevels: ROOT.split('/'), group: 'site1-line1' };
  const cand = {
    user: 'st1',
    kind: 'candidate' as const,
    roles: ['operator' as const, 'technician' as const],
    station: 'st1',
  };
  let commands = 0;
  const b = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    websocket: false,
    httpServer: createHttpServer(),
    root: ROOT,
    acl: new Acl(layout),
    maxPayloadBytes: 65536,
    maxTopicLevels: 16,
    maxClients: 1000,
    maxClientsPerUser: 100,
    authenticate: (u, p) => (u === 'st1' && p === 'bench-password' ? cand : null),
    onPublish: () => {
      commands++;
    },
    log: () => {},
  });
  const creds = { username: 'st1', password: 'bench-password' };
  return {
    url: `mqtt://127.0.0.1:${b.tcpPort}`,
    port: b.tcpPort,
    pubCreds: creds,
    subCreds: creds,
    topic: `${ROOT}/st1/cmd/imm.job`,
    filter: `${ROOT}/st1/cmd/+`,
    publish: (topic, payload, cb) =>
      b.transport.publish({ topic, payload, qos: 0, retain: false }, () => cb()),
    async close() {
      void commands;
      await b.close();
    },
  };
}

async function mosquitto(): Promise<BrokerUnderTest | null> {
  const dir = mkdtempSync(join(tmpdir(), 'plastlab-bench-mosq-'));
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const conf = join(dir, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_type error'];
  if (process.getuid?.() === 0) lines.push(`user ${userInfo().username}`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
  let proc: ReturnType<typeof spawn>;
  try {
    proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const ok = await new Promise<boolean>((resolve) => {
    proc.once('error', () => resolve(false));
    const t0 = Date.now();
    const probe = () =>
      connectAsync(`mqtt://127.0.0.1:${port}`, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 500,
      })
        .then((c) => c.endAsync().then(() => resolve(true)))
        .catch(() => (Date.now() - t0 > 5000 ? resolve(false) : setTimeout(probe, 100)));
    probe();
  });
  if (!ok) return null;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    pubCreds: {},
    subCreds: {},
    topic: `${ROOT}/st1/cmd/imm.job`,
    filter: `${ROOT}/st1/cmd/+`,
    async close() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function c2c(b: BrokerUnderTest): Promise<number> {
  const r = await inWorker<{ msgs_per_s: number; received: number }>({
    kind: 'c2c',
    url: b.url,
    pub: { ...b.pubCreds, clientId: `pub${Math.random()}` },
    sub: { ...b.subCreds, clientId: `sub${Math.random()}` },
    topic: b.topic,
    filter: b.filter,
    n: N,
  });
  if (r.received < N) throw new Error(`lost messages: ${r.received}/${N}`);
  return r.msgs_per_s;
}

async function fanout(b: BrokerUnderTest): Promise<number> {
  const n = 20_000;
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  const result = inWorker<{ deliveries_per_s: number; received: number }>(
    { kind: 'fanout', url: b.url, sub: b.subCreds, filter: `${ROOT}/st1/#`, subscribers: 4, n },
    () => ready(),
  );
  await isReady;
  // the lab's own publishing: a window of 256 in flight, like the adapter's outbox
  let sent = 0;
  let inflight = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (inflight < 256 && sent < n) {
        inflight++;
        sent++;
        b.publish!(`${ROOT}/st1/imm/zone${sent % 50}/temp_pv`, PAYLOAD, () => {
          inflight--;
          if (sent === n && inflight === 0) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  const r = await result;
  if (r.received < n * 4) throw new Error(`lost deliveries: ${r.received}/${n * 4}`);
  return r.deliveries_per_s;
}

/** A station with 40 measurements that all change every tick (a busy cell). */
class BusyCell implements Model {
  readonly id = 'imm';
  private h = 0;
  declare(): SignalDefInput[] {
    return Array.from({ length: 40 }, (_, i) => ({
      id: `zone${i}.temp_pv`,
      label: { fr: `z${i}`, en: `z${i}` },
      type: 'float' as const,
      unit: '°C',
      access: { read: ['operator' as const] },
      visibility: 'candidate' as const,
      kind: 'measurement' as const,
      channels: { mqtt: { topic: `imm/zone${i}/temp_pv` } },
    }));
  }
  bind(ctx: BindContext): void {
    this.h = ctx.handle('imm.zone0.temp_pv');
  }
  step(ctx: StepContext): void {
    for (let i = 0; i < 40; i++) ctx.store.set(this.h + i, ctx.tick * 1000 + i);
  }
  snapshot() {
    return {};
  }
  restore() {}
}

export async function latency(stations: number, cell: 'plastlab' | 'busy'): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'plastlab-bench-mqtt-'));
  const config = parseConfig({
    lab: { dataDir: dir, tickMs: TICK_MS },
    stations: { count: stations },
    http: { port: 0 },
    mqtt: { enabled: true, port: 0, websocket: false },
    opcua: { enabled: false },
    modbus: { enabled: false },
  });
  const lab = new Lab({
    config,
    models: cell === 'busy' ? () => [new BusyCell()] : () => createCellModels({ material: 'PP' }),
  });
  const http = createHttpServer();
  const ctx: AdapterContext = {
    config,
    stations: lab.stations,
    epochMs: lab.startedAt,
    dataDir: dir,
    httpServer: http,
    authenticate: (u, p) => lab.credentials.authenticate(u, p),
    addHealth: (n, p) => lab.addHealth(n, p),
    log: () => {},
  };
  const running = await mqttAdapter.start(ctx);
  const service = running.service as MqttService;
  // for each probed topic, the moments its change reached the adapter (the station's change hook)
  const probes = [...new Set(['st1', `st${stations}`])];
  const changedAt = new Map<string, number[]>();
  for (const id of probes) {
    const st = lab.station(id)!;
    const topics = st.registry.signals.map((g) =>
      g.visibility === 'candidate' && g.channels.mqtt ? `${ROOT}/${id}/${g.channels.mqtt.topic}` : null,
    );
    st.hooks.on(
      'change',
      (b) => {
        const t = now();
        for (let k = 0; k < b.count; k++) {
          const topic = topics[b.indices[k]!];
          if (!topic) continue;
          let list = changedAt.get(topic);
          if (!list) changedAt.set(topic, (list = []));
          list.push(t);
        }
      },
      { priority: -1, owner: 'bench' },
    );
  }
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  const ms = 8000;
  // one candidate per probed station, each subscribed to its whole station (`<prefix>/#`)
  const res = inWorker<{ arrivals: { topic: string; ts: string; at: number }[] }>(
    {
      kind: 'latency',
      url: `mqtt://127.0.0.1:${service.tcpPort}`,
      subs: probes.map((id) => {
        const acc = lab.credentials.account(id)!;
        return { creds: { username: acc.user, password: acc.password }, filter: `${ROOT}/${id}/#` };
      }),
      ms,
    },
    () => ready(),
  );
  await isReady;
  lab.start();
  // the first ticks publish every signal at once (start-up burst): not what a change costs
  const measureFrom = now() + 1000;
  const { arrivals } = await res;
  lab.pacer.stop();
  const tickStats = lab.pacer.stats.summary();
  const health = lab.healthReport('bench').queues as Record<string, Record<string, number>>;
  await running.stop();
  lab.stop();
  rmSync(dir, { recursive: true, force: true });
  // a message carries the newest value of its signal: it answers the latest change before it arrived
  const lat = arrivals
    .map((a) => {
      const list = changedAt.get(a.topic);
      if (!list) return Number.NaN;
      let lo = 0;
      let hi = list.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! <= a.at) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best < 0 || list[best]! < measureFrom ? Number.NaN : a.at - list[best]!;
    })
    .filter((x) => Number.isFinite(x));
  const p99 = pct(lat, 99);
  return {
    stations,
    cell:
      cell === 'busy' ? 'synthetic: 40 signals changing every tick' : 'the plastlab cell (simulator/cell)',
    mqtt_messages_per_s: Math.round(((health.mqtt?.published ?? 0) * 1000) / ms),
    samples: lat.length,
    change_to_delivery_p50_ms: round2(pct(lat, 50)),
    change_to_delivery_p90_ms: round2(pct(lat, 90)),
    change_to_delivery_p99_ms: round2(p99),
    change_to_delivery_max_ms: round2(Math.max(...lat)),
    tick_ms: TICK_MS,
    tick_p99_ms: round2((tickStats as { p99_ms: number }).p99_ms),
    worst_case_onset_to_delivery_p99_ms: round2(TICK_MS + p99),
    budget_ms: TICK_MS + 10,
    within_budget: p99 <= 10 ? 1 : 0,
    state_coalesced: health.mqtt?.state_coalesced ?? 0,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg()[0]!;
  const rounds = 7;
  const bare: number[] = [];
  const same: number[] = [];
  const ours: number[] = [];
  const mosq: number[] = [];
  const bareFan: number[] = [];
  const oursFan: number[] = [];
  const mb = await mosquitto();
  {
    // warm-up (JIT, first connections), not recorded
    const a = await bareAedes();
    await c2c(a);
    await a.close();
    const p = await plastlabBroker();
    await c2c(p);
    await p.close();
  }
  for (let i = 0; i < rounds; i++) {
    // alternate to spread machine noise evenly
    const a = await bareAedes();
    bare.push(await c2c(a));
    bareFan.push(await fanout(a));
    await a.close();
    const o = await bareAedes(true);
    same.push(await c2c(o));
    await o.close();
    const p = await plastlabBroker();
    ours.push(await c2c(p));
    oursFan.push(await fanout(p));
    await p.close();
    if (mb) mosq.push(await c2c(mb));
  }
  await mb?.close();
  const cell1 = await latency(1, 'plastlab');
  const cell30 = await latency(30, 'plastlab');
  const busy30 = await latency(30, 'busy');
  const bareMed = median(bare);
  const oursMed = median(ours);
  return {
    // the machine is shared: a high load average (2 cores) makes every figure below noisier
    load_average_1min: { before: round2(loadBefore), after: round2(loadavg()[0]!) },
    throughput_client_to_client_qos0: {
      messages: N,
      payload_bytes: PAYLOAD.length,
      bare_aedes_msgs_per_s: bareMed,
      plastlab_hooks_msgs_per_s: oursMed,
      ratio_plastlab_to_bare: round2(oursMed / bareMed),
      goal_ratio: 0.9,
      // the hooks alone: aedes with the same limits and TCP_NODELAY, without authentication or ACLs
      aedes_same_options_no_hooks_msgs_per_s: median(same),
      ratio_plastlab_to_same_options_no_hooks: round2(oursMed / median(same)),
      mosquitto_msgs_per_s: mb ? median(mosq) : null,
      ratio_aedes_to_mosquitto: mb ? round2(bareMed / median(mosq)) : null,
      runs: { bare, same_options_no_hooks: same, plastlab: ours, mosquitto: mosq },
    },
    throughput_lab_to_4_subscribers: {
      messages: 20_000,
      bare_aedes_deliveries_per_s: median(bareFan),
      plastlab_hooks_deliveries_per_s: median(oursFan),
      ratio_plastlab_to_bare: round2(median(oursFan) / median(bareFan)),
      runs: { bare: bareFan, plastlab: oursFan },
    },
    latency_signal_change_to_uns_subscriber: {
      cell_1_station: cell1,
      cell_30_stations: cell30,
      synthetic_30_stations_40_changes_per_tick: busy30,
    },
  };
}
