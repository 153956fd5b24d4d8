/**
 * Live data for the HMI over socket.io (issue 6; DESIGN.md "Data flow of one tick", principles 3, 5, 8;
 * reliability-security §2.4 WS-1…WS-4, §4.5, T4).
 *
 * - attached to the lab's HTTP server on `/socket.io/`, with `destroyUpgrade: false` so the MQTT broker's
 *   WebSocket on `/mqtt` shares the server, and `maxHttpBufferSize` 1 MB;
 * - the auth middleware resolves the bearer token; the station (room) comes from the identity, never from
 *   the client; the selected access level may only narrow the identity's roles;
 * - a snapshot on (re)connect, then at most one batched delta per tick per client (`StationHub`);
 * - a bounded queue per client: latest value wins for telemetry, lossless events up to a cap, then a
 *   forced resync;
 * - client events are validated and answered with an ack (`handlers.ts`).
 */
import { Server, type Socket } from 'socket.io';
import type { Actor } from '../../kernel/command-types.ts';
import type { Role } from '../../kernel/signal-schema.ts';
import type { Station } from '../../kernel/station.ts';
import type { Identity } from '../../session/credentials.ts';
import type { AppContext } from '../app.ts';
import { actorOf, canSeeStation } from '../auth.ts';
import { type Counters, handleClientEvent, newCounters } from './handlers.ts';
import { type HubClient, StationHub } from './hub.ts';
import { hmiServices, httpServerOf } from './services.ts';
import { classOf } from './station-view.ts';
import type { AccessLevel, SnapshotFrame } from './wire.ts';

export { wireAlarm } from './hub.ts';

export interface Realtime {
  stop(): Promise<void>;
  health(): Record<string, unknown>;
}

export interface RealtimeOptions {
  /** lossless events a client may have waiting before it is resynchronised (default 256) */
  readonly eventCap?: number;
}

/** One connected HMI client: its hub entry plus what the handlers need. */
export interface Conn {
  readonly hub: StationHub;
  readonly client: HubClient;
  readonly station: Station;
  readonly identity: Identity;
  /** the identity's roles narrowed to the selected level, on channel `hmi` */
  readonly actor: Actor;
  /** token buckets for journaled events */
  viewTokens: number;
  submitTokens: number;
  lastRefill: number;
  suspicious: number;
}

const LEVEL_ROLES: Record<AccessLevel, readonly Role[]> = {
  operator: ['operator'],
  technician: ['operator', 'technician'],
};

/** Narrow (never widen) an identity's roles to an access level. */
export function rolesFor(identity: Identity, level: AccessLevel): Role[] {
  if (identity.kind !== 'candidate') return [...identity.roles];
  return identity.roles.filter((r) => LEVEL_ROLES[level].includes(r));
}

/** Can this socket take a frame now without piling up in engine.io's write buffer? */
function socketWritable(socket: Socket): boolean {
  const c = socket.conn as unknown as { transport?: { writable?: boolean }; writeBuffer?: unknown[] };
  return c.transport?.writable !== false && (c.writeBuffer?.length ?? 0) === 0;
}

export function attachRealtime(ctx: AppContext, opts: RealtimeOptions = {}): Realtime {
  const { lab } = ctx;
  const httpServer = httpServerOf(ctx);
  if (!httpServer) {
    // the hmi route plugin registers the server; an app built without it has no live data
    return { stop: async () => {}, health: () => ({ enabled: false }) };
  }
  const services = hmiServices(lab);
  const counters: Counters = newCounters();
  const hubs = new Map<string, StationHub>();
  const lastLevel = new Map<string, string>();
  const hubOf = (st: Station): StationHub => {
    let h = hubs.get(st.id);
    if (!h) hubs.set(st.id, (h = new StationHub(lab, st, services, counters, opts.eventCap ?? 256)));
    return h;
  };

  const io = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    // MQTT over WebSocket shares the server on /mqtt: let other upgrade handlers answer
    destroyUpgrade: false,
    maxHttpBufferSize: 1_000_000,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    connectTimeout: 10_000,
  });

  // authentication: identity, level and station from the token, never from the client (WS-1)
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const session = ctx.sessions.get(typeof auth.token === 'string' ? auth.token : undefined);
    if (!session) {
      counters.auth_failures++;
      return next(new Error('unauthorized'));
    }
    const identity = session.identity;
    const level: AccessLevel = auth.level === 'technician' ? 'technician' : 'operator';
    // a candidate's station is their own; trainer and jury name the station they watch
    const stationId =
      identity.kind === 'candidate'
        ? identity.station
        : typeof auth.station === 'string'
          ? auth.station
          : undefined;
    const st = stationId ? lab.station(stationId) : undefined;
    if (!st || !canSeeStation(identity, st.id)) {
      counters.auth_failures++;
      return next(new Error('no such station'));
    }
    const actor: Actor = {
      ...actorOf(identity, 'hmi', socket.handshake.address),
      roles: rolesFor(identity, level),
    };
    const lvl: SnapshotFrame['level'] = identity.kind === 'candidate' ? level : identity.kind;
    socket.data = { station: st, identity, actor, level: lvl };
    next();
  });

  io.on('connection', (socket) => {
    const d = socket.data as {
      station: Station;
      identity: Identity;
      actor: Actor;
      level: SnapshotFrame['level'];
    };
    const hub = hubOf(d.station);
    const client = hub.newClient(
      { emit: (n, p) => socket.emit(n, p), writable: () => socketWritable(socket) },
      classOf(d.actor.roles),
      d.actor,
      d.identity.user,
      d.level,
    );
    const conn: Conn = {
      hub,
      client,
      station: d.station,
      identity: d.identity,
      actor: d.actor,
      viewTokens: 30,
      submitTokens: 3,
      lastRefill: Date.now(),
      suspicious: 0,
    };
    counters.connections++;
    void socket.join(`station:${d.station.id}`);
    // the access level a candidate works with is part of the investigation record
    const key = `${d.station.id}/${d.identity.user}`;
    if (d.identity.kind === 'candidate' && lastLevel.get(key) !== d.level) {
      lastLevel.set(key, d.level);
      lab.record({
        type: 'view',
        station: d.station.id,
        t: d.station.clock.now,
        actor: {
          user: d.actor.user,
          roles: d.actor.roles,
          channel: 'hmi',
          ...(d.actor.client ? { client: d.actor.client } : {}),
        },
        payload: { screen: 'access_level', target: d.level },
      });
    }
    hub.add(client);
    const env = {
      lab,
      services,
      counters,
      conn,
      resync: () => hub.resync(client),
      broadcast: (name: string, payload: unknown) => {
        for (const c of hub.clients) hub.deliver(c, name, payload);
      },
    };
    socket.onAny((name: unknown, ...args: unknown[]) => {
      void handleClientEvent(env, String(name), args);
    });
    socket.on('disconnect', () => hub.remove(client));
  });

  return {
    async stop() {
      for (const h of hubs.values()) h.stop();
      hubs.clear();
      io.disconnectSockets(true);
      io.engine.close();
    },
    health() {
      let clients = 0;
      let waitingValues = 0;
      let waitingEvents = 0;
      let coalesced = 0;
      for (const h of hubs.values()) {
        for (const c of h.clients) {
          clients++;
          waitingValues += c.queue.pendingValues;
          waitingEvents += c.queue.pendingEvents;
          coalesced += c.queue.coalesced;
        }
      }
      return {
        clients,
        waiting_values: waitingValues,
        waiting_events: waitingEvents,
        values_coalesced: coalesced,
        event_cap: opts.eventCap ?? 256,
        ...counters,
      };
    },
  };
}
