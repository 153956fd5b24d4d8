/**
 * The command API's types (DESIGN.md principle 3): every write from any channel is a command, validated,
 * journaled durably, applied at the next tick boundary, then acknowledged.
 */
import { z } from 'zod';
import type { Role } from './signal-schema.ts';

export const ChannelSchema = z.enum([
  'hmi',
  'opcua',
  'mqtt',
  'sparkplug',
  'modbus',
  'rest',
  'cli',
  'hil',
  'trainer',
  'scenario',
  'system',
]);
export type Channel = z.infer<typeof ChannelSchema>;

/** Who issued a command. Identity always comes from the authenticated connection, never the payload. */
export interface Actor {
  readonly user: string;
  readonly roles: readonly Role[];
  readonly channel: Channel;
  /** set for a station-scoped identity (a candidate): it may act on this station only */
  readonly station?: string;
  /** client address or application name, for the audit trail */
  readonly client?: string;
}

const reason = z.string().max(500).optional();

/** Wire form of a command body (REST, MQTT, socket.io). `value` is checked against the signal later. */
export const CommandInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('write'),
    signal: z.string().min(1).max(200),
    value: z.unknown(),
    reason,
  }),
  z.strictObject({
    kind: z.literal('action'),
    action: z.string().min(1).max(200),
    args: z.unknown().optional(),
    reason,
  }),
]);
export type CommandInput = z.infer<typeof CommandInputSchema>;

export interface Command {
  readonly station: string;
  readonly actor: Actor;
  readonly input: CommandInput;
  /** correlation id chosen by the client, echoed in the reply */
  readonly corr?: string;
}

export type RejectionCode =
  | 'unknown_signal'
  | 'unknown_action'
  | 'type_mismatch'
  | 'not_finite'
  | 'out_of_range'
  | 'not_writable'
  | 'forbidden'
  | 'other_station'
  | 'invalid_args'
  | 'interlock'
  | 'precondition'
  | 'unavailable';

/** Why a command was refused: a code for channels to map to their idiom, and a message naming the limit. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  readonly signal?: string;
  readonly limit?: { readonly min: number; readonly max: number };
}

export interface CommandRecord {
  /** station-local sequence number, monotonic */
  readonly seq: number;
  /** tick at whose boundary the command was applied (or rejected) */
  readonly tick: number;
  /** simulation ms of that boundary */
  readonly t: number;
  readonly station: string;
  readonly actor: Actor;
  readonly input: CommandInput;
  readonly corr?: string;
  readonly status: 'accepted' | 'rejected';
  readonly rejection?: Rejection;
  /** previous value of a written signal (the logbook's "old") */
  readonly previous?: number | boolean | string;
  /** value actually applied (after type coercion) */
  readonly applied?: number | boolean | string;
  /** result returned by an action */
  readonly result?: unknown;
}

/** Where command records go before acknowledgement. The session's journal implements it (fsync). */
export interface CommandSink {
  record(records: readonly CommandRecord[]): void;
}

export class CommandRejected extends Error {
  readonly rejection: Rejection;
  constructor(rejection: Rejection) {
    super(rejection.message);
    this.rejection = rejection;
    this.name = 'CommandRejected';
  }
}
