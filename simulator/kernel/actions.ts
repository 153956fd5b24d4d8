/**
 * Named actions: everything that is not a plain signal write (a job method, a safety gesture, a repair,
 * a fault injection). Each declares who may call it, a schema for its arguments and a precondition
 * checked at the tick boundary, so a refused action changes nothing.
 */
import type { z } from 'zod';
import type { Actor } from './command-types.ts';
import type { Role } from './signal-schema.ts';
import type { SignalStore } from './signal-store.ts';

export interface ActionContext {
  readonly stationId: string;
  readonly actor: Actor;
  readonly store: SignalStore;
  /** simulation seconds at the boundary */
  readonly t: number;
  readonly tick: number;
}

export interface ActionDef<A = unknown> {
  /** dotted name, e.g. `imm.start_job`, `safety.loto_apply`, `maintenance.repair` */
  readonly name: string;
  readonly label?: { readonly fr: string; readonly en: string };
  /** grouping for user interfaces, e.g. `safety.loto`, `maintenance`, `job` */
  readonly group?: string;
  readonly roles: readonly Role[];
  /** trainer-only actions do not exist for anyone else */
  readonly visibility?: 'candidate' | 'trainer';
  readonly args: z.ZodType<A>;
  /** precondition at the boundary: a human-readable reason to refuse, or null */
  check?(args: A, ctx: ActionContext): string | null;
  apply(args: A, ctx: ActionContext): unknown;
}
