/**
 * The contract of a protocol or storage adapter (DESIGN.md principle 2: kernel ← adapters). An adapter
 * reads the signal registry of each station, publishes through the station hooks and writes only through
 * the command API (`station.submit`). It reports its bounded-queue counters through `addHealth`.
 */
import type { Server as HttpServer } from 'node:http';
import type { Role } from '../kernel/signal-schema.ts';
import type { Station } from '../kernel/station.ts';
import type { LabConfig } from '../session/config.ts';

/** An authenticated identity, from the lab's credentials (same accounts on every channel). */
export interface AdapterIdentity {
  readonly user: string;
  readonly kind: 'candidate' | 'trainer' | 'jury';
  readonly roles: readonly Role[];
  /** the only station a candidate may reach */
  readonly station?: string;
}

export interface AdapterContext {
  readonly config: LabConfig;
  readonly stations: ReadonlyMap<string, Station>;
  /** wall-clock ms of simulation time 0: absolute timestamp = epochMs + simulation ms */
  readonly epochMs: number;
  /** the lab's data folder (PKI, spool files…) */
  readonly dataDir: string;
  /** the HTTP server, for WebSocket upgrades on a path (MQTT over WebSocket at /mqtt) */
  readonly httpServer: HttpServer;
  authenticate(user: unknown, password: unknown): AdapterIdentity | null;
  addHealth(name: string, provider: () => Record<string, unknown>): void;
  log(line: string): void;
}

export interface RunningAdapter {
  /** lines for the start banner (URLs, ports) */
  readonly banner?: readonly string[];
  /** a service other layers may use (e.g. the historian's query API for HTTP routes and the HMI) */
  readonly service?: unknown;
  stop(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  enabled(config: LabConfig): boolean;
  start(ctx: AdapterContext): Promise<RunningAdapter>;
}
