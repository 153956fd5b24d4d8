/**
 * Stations on one machine (DESIGN.md budget: ≥ 30 stations at 10 Hz, all adapters on, one client per
 * channel each, tick p99 < 50 ms). Starts a lab with every adapter, connects per station one HMI
 * socket.io client, one MQTT subscriber to the station's UNS prefix, one Modbus client polling 100
 * registers at 10 Hz and one OPC UA client monitoring up to 200 variables (250 ms sampling), then
 * records the pacer's tick statistics over a measurement window.
 *
 * `BENCH_STATIONS=10,30 BENCH_SECONDS=60 npm run bench lab-load`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItemGroup,
  type ClientSession,
  ClientSubscription,
  MessageSecurityMode,
  type NodeId,
  ObjectIds,
  OPCUACertificateManager,
  OPCUAClient,
  resolveNodeId,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
} from 'node-opcua';
import { io, type Socket } from 'socket.io-client';
import { type RunningLab, startLab } from '../simulator/server/start.ts';
import { parseConfig } from '../simulator/session/config.ts';

const free = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** Resolve `Objects/<a>/<b>/…` BrowseName paths by browsing, each parent once. */
async function resolvePaths(session: ClientSession, paths: readonly string[]): Promise<NodeId[]> {
  const memo = new Map<string, Map<string, NodeId>>();
  const childrenOf = async (node: NodeId): Promise<Map<string, NodeId>> => {
    const key = node.toString();
    let m = memo.get(key);
    if (!m) {
      const r = await session.browse({
        nodeId: node,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: 'HierarchicalReferences',
        includeSubtypes: true,
        resultMask: 63,
      });
      m = new Map((r.references ?? []).map((ref) => [ref.browseName.name ?? '', ref.nodeId]));
      memo.set(key, m);
    }
    return m;
  };
  const out: NodeId[] = [];
  for (const p of paths) {
    let node: NodeId | undefined = resolveNodeId(ObjectIds.ObjectsFolder);
    for (const seg of p.split('/')) {
      node = node ? (await childrenOf(node)).get(seg) : undefined;
    }
    if (node) out.push(node);
  }
  return out;
}

interface Clients {
  close(): Promise<void>;
  counts(): Record<string, number>;
}

async function connectClients(running: RunningLab, withOpcua: boolean, pkiDir: string): Promise<Clients> {
  const { lab } = running;
  const clientPki = new OPCUACertificateManager({
    rootFolder: join(pkiDir, 'client-pki'),
    automaticallyAcceptUnknownCertificate: true,
  });
  if (withOpcua) await clientPki.initialize();
  const sockets: Socket[] = [];
  const mqtts: mqtt.MqttClient[] = [];
  const polls: ReturnType<typeof setInterval>[] = [];
  const opcs: { client: OPCUAClient; sub: ClientSubscription }[] = [];
  const n = { hmi_frames: 0, mqtt_messages: 0, modbus_replies: 0, opcua_changes: 0 };
  const mqttPort = lab.config.mqtt.port;
  for (const [id, st] of lab.stations) {
    const cred = lab.credentials.forStation(id)!;
    const login = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cred),
    });
    const { token } = (await login.json()) as { token: string };
    const s = io(running.url, {
      path: '/socket.io/',
      auth: { token, level: 'technician' },
      transports: ['websocket'],
    });
    s.on('d', () => n.hmi_frames++);
    sockets.push(s);
    const m = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, {
      username: cred.user,
      password: cred.password,
      protocolVersion: 4,
      clientId: `bench-${id}`,
    });
    const { site, area, line } = lab.config.lab;
    m.on('connect', () => m.subscribe(`plastlab/${site}/${area}/${line}/${id}/#`));
    m.on('message', () => n.mqtt_messages++);
    mqtts.push(m);
    // Modbus: FC3 of 100 holding… or input registers at 10 Hz, raw framing
    const idx = [...lab.stations.keys()].indexOf(id);
    const sock = createConnection({ host: '127.0.0.1', port: lab.config.modbus.basePort + idx });
    let tid = 0;
    sock.on('data', () => n.modbus_replies++);
    sock.on('error', () => {});
    polls.push(
      setInterval(() => {
        tid = (tid + 1) & 0xffff;
        // MBAP (tid, proto 0, len 6, unit 1) + FC4 read input registers from 0, quantity 100
        sock.write(Buffer.from([tid >> 8, tid & 255, 0, 0, 0, 6, 1, 4, 0, 0, 0, 100]));
      }, 100),
    );
    if (withOpcua) {
      const client = OPCUAClient.create({
        applicationName: 'plastlab-bench',
        applicationUri: 'urn:plastlab:bench-client',
        clientCertificateManager: clientPki,
        endpointMustExist: false,
        securityMode: MessageSecurityMode.SignAndEncrypt,
        securityPolicy: SecurityPolicy.Basic256Sha256,
        connectionStrategy: { maxRetry: 3, initialDelay: 200 },
      });
      await client.connect(`opc.tcp://127.0.0.1:${lab.config.opcua.basePort + idx}`);
      const session = await client.createSession({
        type: UserTokenType.UserName,
        userName: cred.user,
        password: cred.password,
      });
      const sub = ClientSubscription.create(session, {
        requestedPublishingInterval: 250,
        requestedMaxKeepAliveCount: 20,
        requestedLifetimeCount: 100,
        maxNotificationsPerPublish: 1000,
        publishingEnabled: true,
      });
      // up to 200 variables: browse a few known folders of the built-in model by their registry paths
      const paths = st.registry.signals
        .filter((g) => g.visibility === 'candidate' && g.channels.opcua && g.kind === 'measurement')
        .slice(0, 200)
        .map((g) => g.channels.opcua!.browsePath);
      const nodeIds = await resolvePaths(session, paths);
      const group = ClientMonitoredItemGroup.create(
        sub,
        nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval: 250, discardOldest: true, queueSize: 1 },
        TimestampsToReturn.Both,
      );
      group.on('changed', () => n.opcua_changes++);
      opcs.push({ client, sub });
    }
  }
  return {
    counts: () => ({ ...n }),
    async close() {
      for (const p of polls) clearInterval(p);
      for (const s of sockets) s.close();
      await Promise.all(mqtts.map((m) => m.endAsync()));
      for (const o of opcs) {
        await o.sub.terminate().catch(() => {});
        await o.client.disconnect().catch(() => {});
      }
    },
  };
}

async function measure(
  stations: number,
  seconds: number,
  withOpcua: boolean,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'plastlab-bench-'));
  const config = parseConfig({
    lab: { dataDir: dir },
    stations: { count: stations },
    http: { port: 0 },
    mqtt: { port: await free() },
    opcua: { enabled: withOpcua, basePort: 47000, autoAcceptCertificates: true },
    modbus: { basePort: 46000 },
  });
  const t0 = performance.now();
  const running = await startLab(config);
  const readyMs = performance.now() - t0;
  const clients = await connectClients(running, withOpcua, dir);
  // warm-up, then reset the statistics window by taking a baseline
  await new Promise((r) => setTimeout(r, 5000));
  running.lab.pacer.stats.resetWindow();
  const before = running.lab.pacer.stats.summary();
  const startCounts = clients.counts();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const mem0 = process.memoryUsage().rss;
  const ticks0 = running.lab.pacer.stats.ticks;
  const ring = running.lab.pacer.stats;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  loop.disable();
  const after = ring.summary();
  const counts = clients.counts();
  await clients.close();
  await running.close();
  rmSync(dir, { recursive: true, force: true });
  const rate = (k: string) => Math.round(((counts[k] ?? 0) - (startCounts[k] ?? 0)) / seconds);
  return {
    stations,
    opcua_clients: withOpcua,
    seconds,
    ready_s: Math.round(readyMs) / 1000,
    ticks: after.ticks - ticks0,
    expected_ticks: seconds * 10,
    // percentiles over the pacer's recent ring (covers the measurement window at 10 Hz)
    tick_p50_ms: after.p50_ms,
    tick_p99_ms: after.p99_ms,
    tick_max_ms: after.max_ms,
    overruns_in_window: after.overruns - before.overruns,
    event_loop_delay_p99_ms: Math.round((loop.percentile(99) / 1e6) * 10) / 10,
    rss_growth_mib: Math.round((process.memoryUsage().rss - mem0) / 2 ** 20),
    per_second: {
      hmi_frames: rate('hmi_frames'),
      mqtt_messages: rate('mqtt_messages'),
      modbus_replies: rate('modbus_replies'),
      opcua_changes: rate('opcua_changes'),
    },
    goal: 'tick p99 < 50 ms',
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const list = (process.env.BENCH_STATIONS ?? '1,10,30').split(',').map(Number);
  const seconds = Number(process.env.BENCH_SECONDS ?? 30);
  const out: Record<string, unknown> = {};
  for (const n of list) {
    out[`stations_${n}`] = await measure(n, seconds, true);
    console.log(JSON.stringify(out[`stations_${n}`]));
  }
  return out;
}
