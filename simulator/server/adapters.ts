/**
 * The adapter registry (Node-RED's runtime/registry split): each adapter reads the signal registry,
 * publishes through the stations' hooks and writes only through the command API. `start.ts` starts
 * them in this order and stops them in reverse.
 */
import type { FastifyInstance } from 'fastify';
import type { Lab } from '../session/lab.ts';

export interface AdapterContext {
  readonly lab: Lab;
  readonly app: FastifyInstance;
  readonly log: (line: string) => void;
}

export interface RunningAdapter {
  /** lines for the start banner (URLs, ports) */
  readonly banner?: readonly string[];
  stop(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  enabled(lab: Lab): boolean;
  start(ctx: AdapterContext): Promise<RunningAdapter>;
}

export const adapters: Adapter[] = [];
