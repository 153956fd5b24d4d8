/**
 * The Modbus TCP adapter (issue 5; reliability-security §2.3; docs/modbus.md): one server per station
 * on `modbus.host`, port `modbus.basePort + station index` (st1 → 5020, st2 → 5021…), serving a
 * register map generated from the station's signal model. Reads come from a register image refreshed
 * every tick; writes go through the command API only. The port is the station's conduit: there is no
 * station id in the protocol, so a foreign station is simply another port (segment the network per
 * station, reliability-security C1/MB-4).
 */
import type { Adapter, AdapterContext, RunningAdapter } from '../adapter.ts';
import { StationHandler } from './handler.ts';
import { RegisterImage } from './image.ts';
import { ModbusMap, TABLES } from './map.ts';
import { StationServer } from './server.ts';

/** What other layers (the exercise engine, the trainer console) may do with the Modbus channel. */
export interface ModbusService {
  /** the port each station listens on */
  ports(): Record<string, number>;
  /** enable or disable every write function of one station (disabled: exception 01) */
  setWritesEnabled(stationId: string, enabled: boolean): void;
  writesEnabled(stationId: string): boolean;
  /**
   * Replace one station's client allow-list (addresses or CIDR subnets; `null` allows everyone).
   * Connections from addresses no longer allowed are closed at once. Throws on a malformed entry.
   */
  setAllowList(stationId: string, entries: readonly string[] | null): void;
  allowList(stationId: string): readonly string[] | null;
  /** the register map of a station (what the generated docs show) */
  map(stationId: string): ModbusMap | undefined;
  health(): ModbusHealth;
}

interface Running {
  readonly server: StationServer;
  readonly handler: StationHandler;
  readonly image: RegisterImage;
  readonly detach: () => void;
}

/** Counters of one station's server (`/api/health` → `queues.modbus.stations.<id>`). */
export interface ModbusStationHealth {
  port: number;
  writes_enabled: boolean;
  connections: number;
  connections_total: number;
  refused_connections: number;
  refused_allow_list: number;
  refused_limit: number;
  requests: number;
  /** exception responses by code, two hex digits: `01`, `02`, `03`, `04`, `06`, `0b` */
  exceptions: Record<string, number>;
  dropped_frames: number;
  dropped_protocol_id: number;
  dropped_length: number;
  closed_idle: number;
  closed_slow_reader: number;
  closed_allow_list: number;
  socket_errors: number;
  writes_accepted: number;
  writes_rejected: number;
  internal_errors: number;
  image_updates: number;
}

export interface ModbusHealth {
  connections: number;
  requests: number;
  exceptions: number;
  dropped_frames: number;
  refused_connections: number;
  stations: Record<string, ModbusStationHealth>;
}

function stationHealth(r: Running): ModbusStationHealth {
  const s = r.server.counters;
  const h = r.handler.counters;
  return {
    port: r.server.port,
    writes_enabled: r.handler.writesEnabled,
    connections: s.connections,
    connections_total: s.connectionsTotal,
    refused_connections: s.refused.allowList + s.refused.limit,
    refused_allow_list: s.refused.allowList,
    refused_limit: s.refused.limit,
    requests: h.requests,
    exceptions: { ...h.exceptions },
    dropped_frames: s.droppedFrames.protocolId + s.droppedFrames.length,
    dropped_protocol_id: s.droppedFrames.protocolId,
    dropped_length: s.droppedFrames.length,
    closed_idle: s.closed.idle,
    closed_slow_reader: s.closed.slowReader,
    closed_allow_list: s.closed.allowList,
    socket_errors: s.socketErrors,
    writes_accepted: h.writesAccepted,
    writes_rejected: h.writesRejected,
    internal_errors: h.internalErrors,
    image_updates: r.image.updates,
  };
}

export async function startModbus(ctx: AdapterContext): Promise<RunningAdapter & { service: ModbusService }> {
  const cfg = ctx.config.modbus;
  const running = new Map<string, Running>();
  const banner: string[] = [];
  const get = (id: string): Running => {
    const r = running.get(id);
    if (!r) throw new Error(`modbus: unknown station "${String(id).slice(0, 40)}"`);
    return r;
  };
  const stop = async () => {
    for (const r of running.values()) {
      r.detach();
      await r.server.close();
    }
    running.clear();
  };
  try {
    let index = 0;
    for (const station of ctx.stations.values()) {
      const port = cfg.basePort === 0 ? 0 : cfg.basePort + index;
      index++;
      if (port > 65535) throw new Error(`modbus: station ${station.id} would need port ${port} (> 65535)`);
      const map = new ModbusMap(station.registry.signals);
      for (const s of map.skipped) {
        if (s.reason !== 'trainer-only') ctx.log(`modbus ${station.id}: ${s.key} not mapped (${s.reason})`);
      }
      const image = new RegisterImage(map);
      const detach = image.attach(station);
      const handler = new StationHandler(station, image, {
        writesEnabled: cfg.allowWrites,
        log: ctx.log,
      });
      const server = new StationServer(handler, {
        host: cfg.host,
        port,
        maxConnections: cfg.maxConnections,
        idleTimeoutMs: cfg.idleTimeoutS * 1000,
        allowList: cfg.allowListByStation?.[station.id] ?? cfg.allowList ?? null,
      });
      running.set(station.id, { server, handler, image, detach });
      const bound = await server.listen();
      const counts = TABLES.map((t) => `${map.count(t)} ${t}`).join(', ');
      const allow = server.allowList;
      banner.push(
        `Modbus TCP    ${station.id}: ${cfg.host}:${bound}   (${counts}; writes ${cfg.allowWrites ? 'on' : 'off'}${allow ? `; allow-list ${allow.join(' ')}` : ''})`,
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }

  const service: ModbusService = {
    ports: () => Object.fromEntries([...running].map(([id, r]) => [id, r.server.port])),
    setWritesEnabled: (id, enabled) => {
      get(id).handler.writesEnabled = enabled === true;
    },
    writesEnabled: (id) => get(id).handler.writesEnabled,
    setAllowList: (id, entries) => get(id).server.setAllowList(entries),
    allowList: (id) => get(id).server.allowList,
    map: (id) => running.get(id)?.image.map,
    health: () => {
      const out: ModbusHealth = {
        connections: 0,
        requests: 0,
        exceptions: 0,
        dropped_frames: 0,
        refused_connections: 0,
        stations: {},
      };
      for (const [id, r] of running) {
        const h = stationHealth(r);
        out.stations[id] = h;
        out.connections += h.connections;
        out.requests += h.requests;
        out.exceptions += Object.values(h.exceptions).reduce((a, b) => a + b, 0);
        out.dropped_frames += h.dropped_frames;
        out.refused_connections += h.refused_connections;
      }
      return out;
    },
  };
  ctx.addHealth('modbus', () => ({ ...service.health() }));
  return { banner, service, stop };
}

export const modbusAdapter: Adapter = {
  name: 'modbus',
  enabled: (config) => config.modbus.enabled,
  start: startModbus,
};
