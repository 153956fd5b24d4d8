/**
 * The socket.io wire contract between the server (`simulator/server/realtime/`) and the HMI (`hmi/`).
 * Types and constants only, no imports: nothing of the server can reach the bundle through it
 * (DESIGN.md principle 2: "the HMI depends only on a typed wire contract").
 *
 * Server → client events
 * - `snapshot` (SnapshotFrame): on (re)connect, on a `resync` request, and after a queue overflow;
 * - `d` (DeltaFrame): at most one per tick, the signals that changed since the last frame, by index in
 *   the snapshot's key table;
 * - `alarm` (WireAlarm), `shot` (WireShot), `event` (WireEvent), `logbook` (WireLogbookEntry),
 *   `diagnosis` (WireDiagnosisStatus): lossless events, queued up to a cap, then a forced resync.
 *
 * Client → server events, each answered with an `Ack`: `command`, `alarm.ack`, `view`,
 * `diagnosis.submit`, `resync`.
 */

export type WireValue = number | boolean | string;
/** 0 Good, 1 Uncertain, 2 Bad (OPC UA Part 4 / domain-model §7.1) */
export type WireQuality = 0 | 1 | 2;
export type AccessLevel = 'operator' | 'technician';
export type Localized = { readonly fr: string; readonly en: string };

export interface WireSignalMeta {
  readonly key: string;
  readonly equipment: string;
  readonly label: Localized;
  readonly type: 'float' | 'int' | 'bool' | 'enum' | 'string';
  readonly unit: string;
  readonly kind: 'measurement' | 'setpoint' | 'state' | 'counter' | 'parameter';
  readonly range?: { readonly min: number; readonly max: number };
  readonly enumValues?: readonly string[];
  readonly sigma?: number;
  /** the lowest candidate level that may write it; absent when no candidate level may */
  readonly writeLevel?: AccessLevel;
  /** writable with this connection's roles (the identity narrowed to the selected level) */
  readonly writable: boolean;
}

export interface SnapshotFrame {
  readonly v: 1;
  readonly station: string;
  readonly user: string;
  /** the level this connection acts with (candidates), or the identity kind */
  readonly level: AccessLevel | 'trainer' | 'jury';
  /** wall-clock ms of simulation time 0: absolute time = epochMs + simulation ms */
  readonly epochMs: number;
  readonly tickMs: number;
  /** simulation ms of the snapshot */
  readonly t: number;
  readonly tick: number;
  /** the key table: every later delta refers to positions in it */
  readonly keys: readonly WireSignalMeta[];
  readonly values: readonly (WireValue | null)[];
  readonly quality: readonly number[];
  /** source timestamps, simulation ms */
  readonly srcTs: readonly number[];
  /** alarms not yet both cleared and acknowledged */
  readonly alarms: readonly WireAlarm[];
  /** true when it replaces a stream that overflowed or was asked for again */
  readonly resync: boolean;
}

export interface DeltaFrame {
  /** tick of the latest change in the frame */
  readonly s: number;
  /** simulation ms of that tick (the server timestamp) */
  readonly t: number;
  /** flat triples [index, value, quality, index, value, quality, …]; a non-finite number is null */
  readonly c: readonly (number | boolean | string | null)[];
  /** flat pairs [index, source ms, …] for values whose source timestamp is not `t` (stale data) */
  readonly ts?: readonly number[];
  /** ticks merged into this frame when the client was slower than the tick (latest value wins) */
  readonly n?: number;
}

export type AlarmSeverity = 'info' | 'warning' | 'alarm' | 'critical';

/** ISA-18.2 style alarm state: active/cleared × acknowledged or not. */
export interface WireAlarm {
  /** occurrence number within the station */
  readonly id: number;
  readonly code: string;
  readonly equipment: string;
  readonly severity: AlarmSeverity;
  readonly text: Localized;
  readonly active: boolean;
  readonly acked: boolean;
  /** simulation ms */
  readonly raisedAt: number;
  readonly clearedAt?: number;
  readonly ackedAt?: number;
  readonly ackedBy?: string;
}

/** Per-shot summary (the ShotRecord without its curves and without any `trainer` block). */
export interface WireShot {
  readonly equipment: string;
  readonly t: number;
  readonly record: Readonly<Record<string, unknown>>;
}

export interface WireEvent {
  readonly type: string;
  readonly equipment: string;
  readonly t: number;
  readonly data?: Readonly<Record<string, WireValue>>;
}

/** One accepted parameter change (the logbook of EUROMAP 77): who, when, old, new, channel. */
export interface WireLogbookEntry {
  readonly seq: number;
  /** simulation ms */
  readonly t: number;
  readonly user: string;
  readonly channel: string;
  readonly client?: string;
  readonly signal: string;
  readonly old?: WireValue;
  readonly new?: WireValue;
  readonly reason?: string;
}

export interface WireDiagnosisStatus {
  readonly version: number;
  readonly locked: boolean;
  readonly t: number;
  readonly user: string;
}

export interface Ack {
  readonly ok: boolean;
  /** a rejection code (`out_of_range`, `precondition`, `invalid`, `unknown_event`…) */
  readonly error?: string;
  /** the reason as the server gives it */
  readonly message?: string;
  readonly [extra: string]: unknown;
}

/** Screens the HMI journals a view of (`view` event). */
export const SCREENS = [
  'overview',
  'faceplate',
  'trends',
  'shots',
  'curves',
  'alarms',
  'logbook',
  'parameters',
  'safety',
  'diagnosis',
  'twin',
  'access_level',
  // MES, SPC and GMAO screens (issues 6 and 9); `target` names the tab or the chart
  'mes',
  'spc',
  'gmao',
] as const;
export type Screen = (typeof SCREENS)[number];
