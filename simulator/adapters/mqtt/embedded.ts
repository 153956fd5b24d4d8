/**
 * The embedded broker: aedes 1.2 (MQTT 3.1.1 only, standards.md §0 #4, §4.1) on TCP and over WebSocket
 * at `/mqtt` on the lab's HTTP server, hardened per reliability-security §2.2:
 * - MQ-1: `authenticate` with the lab's credentials (anonymous → CONNACK 5, wrong password → 4); the Will
 *   is checked against the ACL at CONNECT (CVE-2018-3778) and again by `authorizePublish` when sent;
 *   `authorizeSubscribe` negates foreign filters (SUBACK 0x80); `authorizeForward` checks every delivery;
 * - MQ-3: payload cap in `authorizePublish` and a frame cap at the stream level (frame-guard.ts);
 * - MQ-4: maxTopicLevels, drainTimeout, keepaliveLimit, connectTimeout, queue limits set explicitly;
 * - a client id already held by another user is refused (CONNACK 2), so a candidate cannot take over
 *   (and disconnect) someone else's session [MQTT-3.1.4-2]; the `plastlab-` prefix is reserved.
 *
 * The WebSocket upgrade listener answers only `/mqtt` and leaves every other path to its owner
 * (socket.io at `/socket.io/` with `destroyUpgrade: false`, standards.md §0 #5).
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { type Duplex, duplexPair } from 'node:stream';
import type { Aedes, AedesOptions, AuthenticateError, Client } from 'aedes';
import { type IClientOptions, MqttClient } from 'mqtt';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { AdapterIdentity } from '../adapter.ts';
import { type Acl, type Principal, type PublishKind, principalOf } from './acl.ts';
import { guardFrames } from './frame-guard.ts';
import type { OutMsg, Transport } from './outbox.ts';

export const WS_PATH = '/mqtt';
/** subscriptions one client may hold (each costs memory in the topic tree) */
export const MAX_SUBSCRIPTIONS = 500;
const INFO = Symbol('plastlab.mqtt.client');
const KIND = Symbol('plastlab.mqtt.kind');

export interface ClientInfo {
  readonly principal: Principal;
  /** `<root>/<station>/` for a candidate (fast `authorizeForward`) */
  readonly prefix: string | undefined;
  /** client id and address, for the audit trail (Actor.client) */
  readonly label: string;
  /** filters granted to this client, to cap their number (MAX_SUBSCRIPTIONS) */
  readonly filters: Set<string>;
}

export interface EmbeddedOptions {
  readonly host: string;
  readonly port: number;
  readonly websocket: boolean;
  readonly httpServer: HttpServer;
  readonly root: string;
  readonly acl: Acl;
  readonly maxPayloadBytes: number;
  readonly maxTopicLevels: number;
  readonly maxClients: number;
  readonly maxClientsPerUser: number;
  authenticate(user: unknown, password: unknown): AdapterIdentity | null;
  /** an authorised client publish the lab acts on (commands, NCMD/DCMD), after routing */
  onPublish(info: ClientInfo, kind: PublishKind, topic: string, payload: Buffer, size: number): void;
  log(line: string): void;
}

export interface EmbeddedBroker {
  readonly aedes: Aedes;
  readonly transport: Transport;
  readonly tcpPort: number;
  readonly websocket: boolean;
  /** an mqtt.js client connected in-process (the lab's Sparkplug edge nodes), as the service principal */
  connectInternal(opts: IClientOptions): MqttClient;
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

const authError = (returnCode: 2 | 3 | 4 | 5, message: string): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

/** aedes options shared with the benchmark's "plastlab hooks" broker (MQ-4). */
export function brokerLimits(maxTopicLevels: number): AedesOptions {
  return {
    maxTopicLevels,
    drainTimeout: 15_000,
    connectTimeout: 10_000,
    keepaliveLimit: 3600,
    queueLimit: 64,
    concurrency: 200,
    maxInflightInbound: 100,
    heartbeatInterval: 60_000,
  };
}

export async function startEmbeddedBroker(o: EmbeddedOptions): Promise<EmbeddedBroker> {
  const { Aedes } = await import('aedes');
  // the client's identity lives on the aedes Client object itself (a symbol key: cheaper than a
  // WeakMap on the per-message paths authorizePublish, published and authorizeForward)
  const infos = {
    get: (client: Client): ClientInfo | undefined => (client as unknown as Record<symbol, ClientInfo>)[INFO],
    set: (client: Client, info: ClientInfo): void => {
      (client as unknown as Record<symbol, ClientInfo>)[INFO] = info;
    },
  };
  /** what authorizePublish decided for a client packet, for the `published` hook (same object) */
  const kinds = {
    get: (packet: object): PublishKind | undefined => (packet as Record<symbol, PublishKind>)[KIND],
    set: (packet: object, kind: PublishKind): void => {
      (packet as Record<symbol, PublishKind>)[KIND] = kind;
    },
  };
  const wills = new WeakMap<Client, string>();
  const internal = new WeakSet<object>();
  /** empty stand-ins for over-cap command payloads → their real size */
  const oversized = new WeakMap<Buffer, number>();
  /** live connections per user name */
  const perUser = new Map<string, number>();
  const frameLimit = Math.max(o.maxPayloadBytes * 4, 128 * 1024);
  const c = {
    connections: 0,
    auth_failures: 0,
    refused_connections: 0,
    rejected_subscriptions: 0,
    rejected_publishes: 0,
    oversized_payloads: 0,
    oversized_frames: 0,
    client_errors: 0,
  };

  const authorizePublish: NonNullable<AedesOptions['authorizePublish']> = (client, packet, cb) => {
    const info = client ? infos.get(client) : undefined;
    const kind = info ? o.acl.publishKind(info.principal, packet.topic) : null;
    if (!info || !kind) {
      c.rejected_publishes++;
      return cb(new Error('not authorised'));
    }
    const payload = packet.payload as Buffer;
    if (kind === 'command' || kind === 'sparkplug-command') {
      kinds.set(packet, kind);
      packet.retain = false; // a retained command would be replayed to every new subscriber
      if (payload.length > o.maxPayloadBytes) {
        c.oversized_payloads++;
        const empty = Buffer.alloc(0);
        oversized.set(empty, payload.length);
        packet.payload = empty; // answered with a rejection by onPublish
      }
    } else if (payload.length > o.maxPayloadBytes) {
      c.oversized_payloads++;
      return cb(new Error('payload over the limit'));
    }
    cb(null);
  };

  const broker = await Aedes.createBroker({
    ...brokerLimits(o.maxTopicLevels),
    preConnect(client, packet, cb) {
      if (packet.will?.topic) wills.set(client, packet.will.topic);
      // no persistent sessions: aedes would queue every QoS 1 message for an offline client without
      // bound (one queue per client id a candidate invents); CONNACK says session present = false
      packet.clean = true;
      cb(null, true);
    },
    authenticate(client, username, password, cb) {
      if (internal.has(client.conn)) {
        infos.set(client, {
          principal: { kind: 'service', user: 'plastlab-edge' },
          prefix: undefined,
          label: client.id,
          filters: new Set(),
        });
        return cb(null, true);
      }
      if (broker.connectedClients >= o.maxClients) {
        c.refused_connections++;
        return cb(authError(3, 'server unavailable: too many clients'), false);
      }
      if (username === undefined || username === '') {
        c.auth_failures++;
        return cb(authError(5, 'not authorised: anonymous access is off'), false);
      }
      const id = o.authenticate(username, password?.toString('utf8'));
      const principal = id ? principalOf(id) : null;
      if (!principal) {
        c.auth_failures++;
        return cb(authError(4, 'bad user name or password'), false);
      }
      if ((perUser.get(principal.user) ?? 0) >= o.maxClientsPerUser) {
        c.refused_connections++;
        return cb(authError(3, 'server unavailable: too many connections for this user'), false);
      }
      const will = wills.get(client);
      if (will !== undefined && !o.acl.publishKind(principal, will)) {
        c.rejected_publishes++;
        return cb(authError(5, 'not authorised: Will topic outside your station'), false);
      }
      const existing = (broker as unknown as { clients: Record<string, Client> }).clients[client.id];
      const holder = existing ? infos.get(existing) : undefined;
      if (client.id.startsWith('plastlab-') || (existing && holder?.principal.user !== principal.user)) {
        c.refused_connections++;
        return cb(authError(2, 'identifier rejected: client id in use by another user'), false);
      }
      const remote =
        (client.conn as Socket).remoteAddress ??
        (client.req as IncomingMessage | undefined)?.socket?.remoteAddress;
      infos.set(client, {
        principal,
        prefix: principal.kind === 'candidate' ? `${o.root}/${principal.station}/` : undefined,
        label: `${client.id}@${remote ?? '?'}`,
        filters: new Set(),
      });
      cb(null, true);
    },
    authorizePublish,
    authorizeSubscribe(client, sub, cb) {
      const info = infos.get(client);
      if (
        info &&
        o.acl.canSubscribe(info.principal, sub.topic) &&
        (info.filters.has(sub.topic) || info.filters.size < MAX_SUBSCRIPTIONS)
      ) {
        info.filters.add(sub.topic);
        return cb(null, sub);
      }
      c.rejected_subscriptions++;
      cb(null, null); // SUBACK 0x80
    },
    authorizeForward(client, packet) {
      const info = infos.get(client);
      return info && o.acl.canReceive(info.principal, packet.topic, info.prefix) ? packet : null;
    },
    published(packet, client, cb) {
      cb();
      // aedes hands `published` the packet object `authorizePublish` saw (Will messages included)
      const kind = client ? kinds.get(packet) : undefined;
      if (!kind) return;
      const info = infos.get(client);
      if (!info || info.principal.kind === 'service') return;
      const payload = packet.payload as Buffer;
      o.onPublish(info, kind, packet.topic, payload, oversized.get(payload) ?? payload.length);
    },
  });
  keepDeliveryOrder(broker);
  broker.on('client', (client) => {
    c.connections++;
    const user = infos.get(client)?.principal.user;
    if (user) perUser.set(user, (perUser.get(user) ?? 0) + 1);
  });
  broker.on('unsubscribe', (filters, client) => {
    const info = infos.get(client);
    for (const f of filters) info?.filters.delete(f);
  });
  broker.on('clientDisconnect', (client) => {
    const user = infos.get(client)?.principal.user;
    if (!user) return;
    const n = (perUser.get(user) ?? 1) - 1;
    if (n > 0) perUser.set(user, n);
    else perUser.delete(user);
  });
  broker.on('clientError', () => c.client_errors++);
  broker.on('connectionError', () => c.client_errors++);
  (broker as unknown as NodeJS.EventEmitter).on('error', (e: unknown) =>
    o.log(`mqtt: broker error: ${e instanceof Error ? e.message : String(e)}`),
  );

  const guard = (s: Duplex) =>
    guardFrames(s, frameLimit, {
      onViolation: () => {
        c.oversized_frames++;
      },
    });

  const tcp: NetServer = createServer((socket) => {
    socket.setNoDelay(true); // latency over throughput: no Nagle delay behind an unacknowledged segment
    guard(socket);
    broker.handle(socket);
  });
  tcp.maxConnections = o.maxClients + 64;
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (e) => reject(new Error(`mqtt: cannot listen on ${o.host}:${o.port}: ${e.message}`)));
    tcp.listen(o.port, o.host, () => resolve());
  });
  tcp.on('error', (e) => o.log(`mqtt: tcp server error: ${e.message}`));
  const addr = tcp.address();
  const tcpPort = typeof addr === 'object' && addr ? addr.port : o.port;

  let wss: WebSocketServer | undefined;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== WS_PATH) return; // not ours: socket.io and others keep it
    socket.on('error', () => {});
    wss!.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => {});
      guard(stream);
      broker.handle(stream, req);
    });
  };
  if (o.websocket) {
    wss = new WebSocketServer({ noServer: true, maxPayload: frameLimit, perMessageDeflate: false });
    o.httpServer.on('upgrade', onUpgrade);
  }

  const transport: Transport = {
    ready: () => !broker.closed,
    publish(m: OutMsg, done) {
      broker.publish(
        {
          cmd: 'publish',
          topic: m.topic,
          payload: typeof m.payload === 'string' ? Buffer.from(m.payload) : m.payload,
          qos: m.qos,
          retain: m.retain,
          dup: false,
        },
        (err) => done(err ?? null),
      );
    },
  };

  return {
    aedes: broker,
    transport,
    tcpPort,
    websocket: o.websocket,
    connectInternal(opts) {
      return new MqttClient(() => {
        const [mine, theirs] = duplexPair();
        // duplexPair does not propagate a close: each end must see the other one go (DISCONNECT, Will)
        mine.on('close', () => theirs.destroy());
        theirs.on('close', () => mine.destroy());
        mine.on('error', () => {});
        theirs.on('error', () => {});
        internal.add(theirs);
        broker.handle(theirs);
        return mine;
      }, opts);
    },
    health: () => ({ clients: broker.connectedClients, ...c }),
    async close() {
      if (wss) {
        o.httpServer.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((r) => wss!.close(() => r()));
      }
      await new Promise<void>((r) => tcp.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

/**
 * Work around aedes losing messages (moscajs/aedes#994, #955, open in 1.2.0): every packet gets its
 * `brokerCounter` when `publish()` is called, but retained and QoS > 0 packets go through asynchronous
 * persistence steps before they are emitted, so a later QoS 0 packet can reach a subscriber first; the
 * per-client duplicate filter then takes the earlier packet, with its lower counter, for a duplicate and
 * drops it (a shot record or a command reply published in the same tick as state updates). Numbering
 * packets again at the moment they are emitted keeps the counters increasing in delivery order, so the
 * filter still removes true duplicates (one packet matching overlapping subscriptions) and nothing else.
 */
export function keepDeliveryOrder(broker: Aedes): void {
  const b = broker as unknown as {
    id: string;
    counter: number;
    mq: {
      emit(packet: { brokerId?: string; brokerCounter?: number }, cb?: (err?: unknown) => void): unknown;
    };
  };
  const emit = b.mq.emit.bind(b.mq);
  b.mq.emit = (packet, cb) => {
    if (packet.brokerId === b.id) packet.brokerCounter = ++b.counter;
    return emit(packet, cb);
  };
}
