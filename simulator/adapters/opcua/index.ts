/**
 * The OPC UA adapter (issue 5): one endpoint per station, each served by its own supervised worker
 * process, with an address space generated from the signal registry and shaped on EUROMAP 77/83/82.x
 * and OPC 40010. See docs/opcua.md.
 */

import { existsSync } from 'node:fs';
import { availableParallelism, hostname as osHostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Station } from '../../kernel/station.ts';
import type { Adapter, AdapterContext, RunningAdapter } from '../adapter.ts';
import { EUROMAP_FILES } from './euromap.ts';
import type { SignalSpec, WorkerLimits } from './protocol.ts';
import { StationSupervisor } from './supervisor.ts';

/** What `service` of the running adapter offers (health, tests, the robustness campaign). */
export interface OpcuaService {
  readonly supervisors: ReadonlyMap<string, StationSupervisor>;
}

/** The candidate-visible signals with an OPC UA browse path (never a trainer-only one: OPC-1). */
export function signalSpecs(st: Station): { specs: SignalSpec[]; specOf: Int32Array } {
  const specOf = new Int32Array(st.registry.size).fill(-1);
  const specs: SignalSpec[] = [];
  for (const s of st.registry.candidateSignals()) {
    const path = s.channels.opcua?.browsePath;
    if (!path || s.visibility !== 'candidate') continue;
    specOf[s.index] = specs.length;
    specs.push({
      key: s.key,
      path: path.split('/'),
      type: s.type,
      kind: s.kind,
      unit: s.unit,
      ...(s.range ? { range: s.range } : {}),
      ...(s.enumValues ? { enumValues: s.enumValues } : {}),
      writeRoles: s.access.write,
      label: s.label,
    });
  }
  return { specs, specOf };
}

function checkNodesets(dir: string): string {
  const abs = resolve(dir);
  const missing = EUROMAP_FILES.filter((f) => !existsSync(join(abs, f)));
  if (missing.length) throw new Error(`opcua.nodesetsDir ${abs}: missing ${missing.join(', ')}`);
  return abs;
}

async function start(ctx: AdapterContext): Promise<RunningAdapter> {
  const cfg = ctx.config.opcua;
  const nodesetsDir = cfg.nodesetsDir ? checkNodesets(cfg.nodesetsDir) : null;
  if (cfg.allowInsecure) {
    ctx.log(
      'WARNING opcua.allowInsecure: anonymous sessions and the None endpoint are ON (teaching only; ' +
        'reliability-security OPC-2/OPC-3)',
    );
  }
  if (cfg.autoAcceptCertificates) {
    ctx.log('WARNING opcua.autoAcceptCertificates: every client certificate is trusted (classroom mode)');
  }
  const advertised = cfg.hostname ?? (cfg.host === '0.0.0.0' || cfg.host === '::' ? osHostname() : cfg.host);
  const limits: WorkerLimits = {
    maxSessions: cfg.maxSessions,
    maxConnectionsPerEndpoint: cfg.maxConnectionsPerEndpoint,
    maxMessageSize: cfg.maxMessageSize,
    maxChunkCount: cfg.maxChunkCount,
    maxBufferSize: 65_535,
    maxSubscriptionsPerSession: 10,
    maxMonitoredItemsPerSubscription: 5000,
  };
  const supervisors = new Map<string, StationSupervisor>();
  [...ctx.stations.values()].forEach((st, i) => {
    const { specs, specOf } = signalSpecs(st);
    supervisors.set(
      st.id,
      new StationSupervisor({
        ctx,
        station: st,
        specs,
        specOf,
        init: {
          station: st.id,
          lab: ctx.config.lab.name.replace(/[^A-Za-z0-9_.-]/g, '_'),
          host: cfg.host,
          hostname: advertised,
          port: cfg.basePort + i,
          nodesetsDir,
          allowInsecure: cfg.allowInsecure,
          autoAcceptCertificates: cfg.autoAcceptCertificates,
          pkiDir: resolve(ctx.dataDir, 'pki', 'opcua', st.id),
          limits,
        },
      }),
    );
  });
  const all = [...supervisors.values()];
  const t0 = performance.now();
  try {
    // a few at a time (one per core): node-opcua builds an address space in one synchronous run, so 30
    // workers started at once on 2 cores would each take ~15× longer and miss their ready timeout; the lab
    // is ready when the last station is (DESIGN.md: `npm start` ≤ 5 s with one station)
    const width = Math.max(1, availableParallelism());
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(width, all.length) }, async () => {
        while (next < all.length) await all[next++]!.start();
      }),
    );
  } catch (e) {
    await Promise.all(all.map((s) => s.stop()));
    throw e;
  }
  ctx.log(`opcua: ${all.length} endpoint(s) ready in ${Math.round(performance.now() - t0)} ms`);
  ctx.addHealth('opcua', () => Object.fromEntries(all.map((s) => [s.station.id, s.health()])));
  const service: OpcuaService = { supervisors };
  return {
    banner: all.map((s) => `${s.endpoint}  station ${s.station.id}`),
    service,
    stop: async () => {
      await Promise.all(all.map((s) => s.stop()));
    },
  };
}

export const opcuaAdapter: Adapter = {
  name: 'opcua',
  enabled: (config) => config.opcua.enabled,
  start,
};
