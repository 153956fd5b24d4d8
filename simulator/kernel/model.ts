/**
 * The contract between the kernel and a model of equipment. The kernel knows nothing of what a model
 * simulates; a model knows nothing of protocols, the HMI, exercises or scoring (DESIGN.md principle 2).
 */
import type { ActionDef } from './actions.ts';
import type { Listener } from './hooks.ts';
import type { SignalRegistry } from './registry.ts';
import type { RandomStream } from './rng.ts';
import type { SignalDefInput } from './signal-schema.ts';
import type { SignalStore } from './signal-store.ts';
import type { Interlock, StationHooks } from './station.ts';

/** A discrete alarm raised or cleared by a model (what a real controller shows; never a fault id). */
export interface AlarmEvent {
  readonly code: string;
  readonly equipment: string;
  readonly state: 'active' | 'cleared';
  readonly severity: 'info' | 'warning' | 'alarm' | 'critical';
  readonly text: { readonly fr: string; readonly en: string };
  readonly t: number;
}

/** A per-cycle record (the ShotRecord of domain-model §7.3) or any other per-event payload. */
export interface CycleEndEvent {
  readonly equipment: string;
  readonly t: number;
  readonly record: Readonly<Record<string, unknown>>;
}

/** A generic discrete event (mode change, guard opened, part dropped…). */
export interface StationEvent {
  readonly type: string;
  readonly equipment: string;
  readonly t: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface BindContext {
  readonly stationId: string;
  readonly registry: SignalRegistry;
  readonly store: SignalStore;
  /** the model's own random stream `name`, independent of every other stream */
  stream(name: string): RandomStream;
  /** handle of a signal by full key, e.g. `imm.zone1.temp_actual` */
  handle(key: string): number;
  registerAction<A>(def: ActionDef<A>): void;
  addInterlock(signalKey: string, check: Interlock): void;
  /** another model of the same station, for couplings (e.g. the mould reads the TCU supply) */
  model<T extends Model>(id: string): T;
  /**
   * Observe the station's discrete events (per-shot records, alarms, events), e.g. an MES model counting
   * shots. Listeners run after all models stepped, in registration order, deterministically.
   */
  on<K extends 'cycleEnd' | 'alarm' | 'event' | 'command'>(hook: K, fn: Listener<StationHooks[K]>): void;
}

export interface StepContext {
  /** simulation seconds at the end of this step */
  readonly t: number;
  /** step length in seconds */
  readonly dt: number;
  readonly tick: number;
  readonly store: SignalStore;
  raise(alarm: Omit<AlarmEvent, 't' | 'equipment'>): void;
  cycleEnd(record: Readonly<Record<string, unknown>>): void;
  event(type: string, data?: Readonly<Record<string, unknown>>): void;
}

export interface Model {
  /** equipment id within the station: `imm`, `mould`, `tcu1`… */
  readonly id: string;
  /** the equipment's signal declarations (validated by the registry) */
  declare(): readonly SignalDefInput[];
  bind(ctx: BindContext): void;
  step(ctx: StepContext): void;
  /** plain-data state: enough to resume the model exactly */
  snapshot(): unknown;
  restore(state: unknown): void;
}
