/**
 * The MQTT adapter (issue 5, docs/mqtt.md): the Unified Namespace in JSON and a Sparkplug B edge node per
 * station, on the embedded aedes broker (TCP + WebSocket at `/mqtt`) or on an external broker. Generated
 * from each station's signal registry; writes only through the command API.
 */
import type { Actor, Channel } from '../../kernel/command-types.ts';
import type { Adapter, AdapterContext, RunningAdapter } from '../adapter.ts';
import { Acl, type PublishKind } from './acl.ts';
import { CommandRouter } from './commands.ts';
import { type ClientInfo, type EmbeddedBroker, startEmbeddedBroker, WS_PATH } from './embedded.ts';
import { type ExternalLink, startExternal } from './external.ts';
import { Outbox, type Transport } from './outbox.ts';
import { EdgeNode, loadSparkplugCodec } from './sparkplug.ts';
import {
  checkPublishTopic,
  commandTarget,
  layoutOf,
  parseSparkplug,
  parseUns,
  SPB,
  stationPrefix,
  type TopicLayout,
} from './topics.ts';
import { UnsStation } from './uns.ts';

/** What other layers (MES, historian…) get on `RunningAdapter.service` / `ctx.services.get('mqtt')`. */
export interface MqttService {
  readonly mode: 'embedded' | 'external';
  readonly layout: TopicLayout;
  /** embedded broker TCP port (the real one when configured as 0) */
  readonly tcpPort: number | undefined;
  /** `plastlab/<site>/<area>/<line>/<station>` */
  prefix(stationId: string): string;
  /**
   * Publish `payload` (Buffer and string as is, anything else as JSON) on `<prefix(station)>/<subTopic>`,
   * e.g. `publish('st1', 'mes/job', {...}, { retain: true })`. Visible to that station's candidate: never
   * publish trainer-only data. `cmd/…` is reserved. Returns false when refused or the queue is full.
   */
  publish(
    stationId: string,
    subTopic: string,
    payload: unknown,
    opts?: { retain?: boolean; qos?: 0 | 1 },
  ): boolean;
  /** the Sparkplug edge node of a station (diagnostics, tests) */
  edgeNode(stationId: string): EdgeNode | undefined;
}

const CANDIDATE_ROLES = ['operator', 'technician'] as const;

export const mqttAdapter: Adapter = {
  name: 'mqtt',
  enabled: (config) => config.mqtt.enabled,
  start: (ctx) => startMqtt(ctx),
};

async function startMqtt(ctx: AdapterContext): Promise<RunningAdapter> {
  const cfg = ctx.config.mqtt;
  const layout = layoutOf(ctx.config);
  const acl = new Acl(layout);
  const codec = cfg.sparkplug.enabled ? await loadSparkplugCodec() : undefined;
  const edges = new Map<string, EdgeNode>();
  let router: CommandRouter | undefined;

  /** A command from an authenticated embedded-broker client (actor = that identity, MQ-1, T7). */
  const onEmbeddedPublish = (
    info: ClientInfo,
    kind: PublishKind,
    topic: string,
    payload: Buffer,
    size: number,
  ) => {
    const p = info.principal;
    if (p.kind === 'service') return;
    const actor = (channel: Channel): Actor => ({
      user: p.user,
      roles: p.id.roles,
      channel,
      ...(p.id.station ? { station: p.id.station } : {}),
      client: info.label,
    });
    dispatch(kind, topic, payload, size, actor);
  };

  /** A live command from the external broker: trusted service identity scoped to the topic's station. */
  const onExternalMessage = (topic: string, payload: Buffer) => {
    const sp = parseSparkplug(layout, topic);
    const station = sp ? sp.node : parseUns(layout, topic)?.station;
    if (!station || !ctx.stations.has(station)) return;
    const actor = (channel: Channel): Actor => ({
      user: cfg.username ?? 'mqtt-external',
      roles: CANDIDATE_ROLES,
      channel,
      station,
      client: 'external-broker',
    });
    dispatch(sp ? 'sparkplug-command' : 'command', topic, payload, payload.length, actor);
  };

  function dispatch(
    kind: PublishKind,
    topic: string,
    payload: Buffer,
    size: number,
    actor: (c: Channel) => Actor,
  ) {
    if (kind === 'command') {
      const u = parseUns(layout, topic);
      const target = u ? commandTarget(u.rest) : null;
      if (u && target) router?.handle(u.station, target, payload, actor('mqtt'), size);
      return;
    }
    if (kind !== 'sparkplug-command') return;
    const sp = parseSparkplug(layout, topic);
    const edge = sp ? edges.get(sp.node) : undefined;
    if (!sp || !edge || (sp.type !== 'NCMD' && sp.type !== 'DCMD')) return;
    if (size > cfg.maxPayloadBytes) {
      router?.reply(sp.node, {
        corr: null,
        status: 'rejected',
        code: 'payload_too_large',
        message: `${sp.type}: payload of ${size} bytes is over the limit of ${cfg.maxPayloadBytes} bytes`,
        channel: 'sparkplug',
      });
      return;
    }
    edge.command(sp.type, sp.device, payload, actor('sparkplug'));
  }

  let embedded: EmbeddedBroker | undefined;
  let external: ExternalLink | undefined;
  let transport: Transport;
  const uns: UnsStation[] = [];
  if (cfg.externalUrl) {
    external = await startExternal({
      url: cfg.externalUrl,
      username: cfg.username,
      password: cfg.password,
      layout,
      sparkplug: cfg.sparkplug.enabled,
      onMessage: onExternalMessage,
      onConnect: () => {
        for (const u of uns) u.republish();
      },
      log: ctx.log,
    });
    transport = external.transport;
  } else {
    embedded = await startEmbeddedBroker({
      host: cfg.host,
      port: cfg.port,
      websocket: cfg.websocket,
      httpServer: ctx.httpServer,
      root: layout.root,
      acl,
      maxPayloadBytes: cfg.maxPayloadBytes,
      maxTopicLevels: cfg.maxTopicLevels,
      maxClients: cfg.maxClients,
      maxClientsPerUser: cfg.maxClientsPerUser,
      authenticate: ctx.authenticate,
      onPublish: onEmbeddedPublish,
      log: ctx.log,
    });
    transport = embedded.transport;
  }

  const outbox = new Outbox(transport);
  router = new CommandRouter(ctx.stations, layout, outbox, cfg.maxPayloadBytes);
  for (const st of ctx.stations.values()) {
    const u = new UnsStation(st, layout, outbox, ctx.epochMs);
    uns.push(u);
    outbox.addSource(u);
    u.start();
  }
  if (codec) {
    for (const st of ctx.stations.values()) {
      const edge = new EdgeNode({
        station: st,
        layout,
        epochMs: ctx.epochMs,
        codec,
        connect: (opts) => (embedded ? embedded.connectInternal(opts) : external!.connectEdge(opts)),
        onRejected: (r) => router?.reply(st.id, r),
      });
      edges.set(st.id, edge);
      edge.start();
    }
  }

  const sum = (f: (e: EdgeNode) => number) => [...edges.values()].reduce((a, e) => a + f(e), 0);
  ctx.addHealth('mqtt', () => ({
    mode: embedded ? 'embedded' : 'external',
    ...(embedded ? embedded.health() : external!.health()),
    published: outbox.sent,
    publish_errors: outbox.errors,
    in_flight: outbox.inFlight,
    state_pending: uns.reduce((a, u) => a + u.pending, 0),
    state_coalesced: uns.reduce((a, u) => a + u.coalesced, 0),
    events_queued: outbox.queuedEvents,
    events_dropped: outbox.eventsDropped,
    shots: uns.reduce((a, u) => a + u.shots, 0),
    alarms: uns.reduce((a, u) => a + u.alarms, 0),
    commands_accepted: router!.accepted,
    commands_rejected: router!.rejected,
    commands_malformed: router!.malformed,
    ...(codec
      ? {
          sparkplug: {
            births: sum((e) => e.counters.births),
            rebirths: sum((e) => e.counters.rebirths),
            ndata: sum((e) => e.counters.ndata),
            ddata: sum((e) => e.counters.ddata),
            ddata_deferred: sum((e) => e.counters.ddataDeferred),
            ncmd: sum((e) => e.counters.ncmd),
            dcmd: sum((e) => e.counters.dcmd),
            dcmd_rejected: sum((e) => e.counters.dcmdRejected),
          },
        }
      : {}),
  }));

  const service: MqttService = {
    mode: embedded ? 'embedded' : 'external',
    layout,
    tcpPort: embedded?.tcpPort,
    prefix: (id) => stationPrefix(layout, id),
    publish(stationId, subTopic, payload, opts = {}) {
      if (!ctx.stations.has(stationId) || subTopic === 'cmd' || subTopic.startsWith('cmd/')) return false;
      const topic = `${stationPrefix(layout, stationId)}/${subTopic}`;
      if (checkPublishTopic(topic, cfg.maxTopicLevels)) return false;
      const body =
        typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload ?? null);
      return outbox.event({ topic, payload: body, qos: opts.qos ?? 1, retain: opts.retain ?? false });
    },
    edgeNode: (id) => edges.get(id),
  };

  const first = [...ctx.stations.keys()][0] ?? 'st1';
  const httpPort = ctx.config.http.port || '<http port>';
  const banner = embedded
    ? [
        `MQTT          mqtt://${cfg.host}:${embedded.tcpPort}   (MQTT 3.1.1; user and password of the station)`,
        ...(cfg.websocket ? [`MQTT over WS  ws://${ctx.config.http.host}:${httpPort}${WS_PATH}`] : []),
      ]
    : [`MQTT          external broker ${cfg.externalUrl}`];
  banner.push(`MQTT UNS      ${stationPrefix(layout, first)}/…  (one prefix per station)`);
  if (codec) banner.push(`Sparkplug B   ${SPB}/${layout.group}/…/${first}  (edge node = station id)`);

  return {
    banner,
    service,
    async stop() {
      for (const u of uns) u.stop();
      await Promise.all([...edges.values()].map((e) => e.stop()));
      // let queued replies and events leave (bounded wait)
      for (let i = 0; i < 50 && (outbox.queuedEvents > 0 || outbox.inFlight > 0) && transport.ready(); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await embedded?.close();
      await external?.close();
    },
  };
}
