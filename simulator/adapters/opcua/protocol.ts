/**
 * The IPC contract between the main process (simulation, command API, credentials) and one station's
 * OPC UA worker process (reliability-security OPC-9, DR-1). The worker holds no authority: it asks the
 * main process to authenticate, and every write or method call becomes a command there.
 */
import type { DataType, Role, SignalDef } from '../../kernel/signal-schema.ts';

/** What the worker needs of one candidate-visible signal that has an OPC UA browse path. */
export interface SignalSpec {
  readonly key: string;
  /** browse path below `Objects/`, split on "/" */
  readonly path: readonly string[];
  readonly type: DataType;
  readonly kind: SignalDef['kind'];
  readonly unit: string;
  readonly range?: { readonly min: number; readonly max: number };
  readonly enumValues?: readonly string[];
  /** roles that may write it; empty = read-only */
  readonly writeRoles: readonly Role[];
  readonly label: { readonly fr: string; readonly en: string };
}

/** The identity the main process resolved for a user name (never a password). */
export interface WorkerIdentity {
  readonly user: string;
  readonly kind: 'candidate' | 'trainer' | 'jury';
  readonly roles: readonly Role[];
}

export interface WorkerLimits {
  readonly maxSessions: number;
  readonly maxConnectionsPerEndpoint: number;
  readonly maxMessageSize: number;
  readonly maxChunkCount: number;
  readonly maxBufferSize: number;
  readonly maxSubscriptionsPerSession: number;
  readonly maxMonitoredItemsPerSubscription: number;
}

export interface WorkerInit {
  readonly t: 'init';
  readonly station: string;
  readonly lab: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: number;
  readonly nodesetsDir: string | null;
  readonly allowInsecure: boolean;
  readonly autoAcceptCertificates: boolean;
  readonly pkiDir: string;
  readonly limits: WorkerLimits;
  readonly signals: readonly SignalSpec[];
  /** the full current image: flattened quads, see {@link ValuesMessage} */
  readonly image: readonly (number | boolean | string)[];
}

/**
 * Changed values: flattened quads `[specIndex, value, quality, sourceTs, …]`, value as the signal store
 * gives it (enum = index), quality 0 Good / 1 Uncertain / 2 Bad, sourceTs in ms since the Unix epoch.
 */
export interface ValuesMessage {
  readonly t: 'values';
  readonly v: readonly (number | boolean | string)[];
}

/** One derived cycle-parameters event (cycle-event-map.ts). */
export interface CycleEvent {
  /** ms since the Unix epoch of the cycle end */
  readonly time: number;
  /** EUROMAP field name → value (counters as plain numbers, enums as their EUROMAP value) */
  readonly fields: Readonly<Record<string, number | string | boolean>>;
  /** InjectionUnitCycleParameters_1 field name → value */
  readonly injectionUnit: Readonly<Record<string, number>>;
}

export interface EventMessage {
  readonly t: 'event';
  readonly e: CycleEvent;
}

export type Reply =
  | {
      readonly ok: true;
      readonly identity?: WorkerIdentity;
      /** a write: the value applied, and when (ms since the Unix epoch) */
      readonly applied?: number | boolean | string;
      readonly ts?: number;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface ReplyMessage {
  readonly t: 'reply';
  readonly id: number;
  readonly r: Reply;
}

export type ToWorker = WorkerInit | ValuesMessage | EventMessage | ReplyMessage | { readonly t: 'stop' };

export interface AuthRequest {
  readonly t: 'auth';
  readonly id: number;
  readonly user: string;
  readonly password: string;
}

export interface WriteRequest {
  readonly t: 'write';
  readonly id: number;
  readonly user: string;
  readonly key: string;
  readonly value: number | boolean | string;
  readonly client: string;
}

export interface CallRequest {
  readonly t: 'call';
  readonly id: number;
  readonly user: string;
  readonly action: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly client: string;
}

export type WorkerRequest = AuthRequest | WriteRequest | CallRequest;

export type FromWorker =
  | WorkerRequest
  | {
      readonly t: 'ready';
      readonly endpoint: string;
      readonly mode: 'nodesets' | 'builtin';
      readonly unbound: readonly string[];
      readonly initMs: number;
    }
  | { readonly t: 'heartbeat'; readonly contained: number }
  | { readonly t: 'log'; readonly line: string }
  | { readonly t: 'fatal'; readonly message: string };
