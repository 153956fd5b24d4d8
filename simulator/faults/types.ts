/**
 * Types of the fault catalogue (domain-model §4) and of the engine's instances. A fault is data: its
 * components (taxonomy ids, `simulator/session/taxonomy.ts`), variants, parameters, default severity and
 * profile, time constants, and one `apply` that maps its current level onto the models' fault surfaces
 * (`simulator/cell/fault-surface.ts`) — never onto a displayed value (DESIGN.md principle 5).
 */
import type { Actor, CommandInput } from '../kernel/command-types.ts';
import type { SignalRegistry } from '../kernel/registry.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalStore } from '../kernel/signal-store.ts';
import type { Cell } from './cell-access.ts';

export const FAULT_IDS = Array.from({ length: 25 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`);
export type FaultId = string;

/** Onset profile (the journal's `profile`, scoring/journal-model.ts `ProfileSchema`). */
export type Profile =
  | { readonly kind: 'step' }
  | { readonly kind: 'ramp'; readonly duration_s: number }
  | {
      readonly kind: 'intermittent';
      readonly on_s: number;
      readonly off_s: number;
      readonly persistent_after_s?: number;
    };

export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

export interface Localized {
  readonly fr: string;
  readonly en: string;
}

export interface ParamDef {
  readonly type: 'number' | 'string' | 'boolean';
  /** value at the default severity (domain-model §4 "Inject") */
  readonly default?: ParamValue;
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  readonly doc: string;
}

export interface ComponentOption {
  /** taxonomy component `equipment.component` or equipment */
  readonly id: string;
  /** the variants this component allows, the first being its default (e.g. `tcu_moving.pump` → `pump_stop`) */
  readonly variants?: readonly string[];
  /** index in the surface array it acts on (zone, circuit, sensor, drop…) */
  readonly index?: number;
}

/** Real vs exam time constants (domain-model §4 "Inject", §8.5): documented for trainers. */
export interface TimeConstants {
  /** the real-world onset or τ, as the spec states it */
  readonly real: string;
  /** the compressed exam behaviour, as the spec states it */
  readonly exam: string;
  /** simulated seconds after onset (default profile and severity) by which the §4.1 signature is reached */
  readonly signatureS: number;
}

/** A maintenance action that removes the fault (domain-model §5.2 K). */
export interface RepairAlternative {
  /** every step is needed (in any order); a step is a component and the ops accepted for it */
  readonly steps: readonly { readonly component: string; readonly ops: readonly string[] }[];
  /** the fault stays until a toolroom repair (F20): the action records the ticket only */
  readonly ticketOnly?: boolean;
  /** only for these variants (default: every variant) */
  readonly variants?: readonly string[];
}

/** What the engine gives a fault's functions. */
export interface FaultEnv {
  /** simulation seconds now */
  readonly t: number;
  readonly store: SignalStore;
  readonly registry: SignalRegistry;
  readonly cell: Cell;
  readonly rng: RandomStream;
  /** submit a command through the command API (applied at the next boundary, journaled) */
  submit(actor: Actor, input: CommandInput): void;
  /** does the station offer this action (e.g. `mes.lot_change`)? */
  hasAction(name: string): boolean;
}

/** A fault instance: one injection on one station. Plain data (it goes into the engine's snapshot). */
export interface FaultInstance {
  readonly id: string;
  readonly fault: FaultId;
  readonly component: string;
  readonly variant: string;
  readonly severity: number;
  readonly profile: Profile;
  readonly params: Record<string, ParamValue>;
  /** station simulation ms at which the fault is (or becomes) active */
  readonly onset_t: number;
  readonly source: 'timeline' | 'trainer';
  readonly exercise?: string;
  readonly item?: string;
  readonly option?: string;
  state: 'scheduled' | 'active' | 'repaired' | 'cleared';
  /** last applied level (severity × profile), for the trainer's list */
  level: number;
  /** simulation ms at which it ended, and how */
  ended_t?: number;
  ended_by?: string;
  /** repair steps already done (component/op), for multi-step repairs */
  done: string[];
  /** per-instance plain state of event-like effects (written values, freeze stage, per-shot draws) */
  memo: Record<string, ParamValue | null>;
}

export interface FaultDef {
  readonly id: FaultId;
  readonly name: Localized;
  /** 5M tags of §4 (Ma, Mc, Mt, Mo, Mi) */
  readonly tags: readonly string[];
  /** equipment (station model ids) the fault acts on; a station without them refuses the injection */
  readonly equipment: readonly string[];
  readonly components: readonly ComponentOption[];
  readonly defaultComponent: string;
  readonly variants: readonly string[];
  readonly defaultVariant: string;
  readonly params: Readonly<Record<string, ParamDef>>;
  readonly severity: { readonly default: number; readonly min: number; readonly max: number };
  readonly profile: Profile;
  readonly time: TimeConstants;
  /** the §4 "Inject" line, for the documentation */
  readonly inject: string;
  /** the §4.1 leading signal, for the documentation */
  readonly leading: string;
  readonly repairs: readonly RepairAlternative[];
  /** extra condition on the station (material, hot runner…): a reason to refuse, or null */
  check?(cell: Cell, inst: Pick<FaultInstance, 'variant' | 'component' | 'params'>): string | null;
  /** write the fault surfaces for level x (severity × profile, 0 when off); surfaces start nominal */
  apply(cell: Cell, x: number, inst: FaultInstance, env: FaultEnv): void;
  /** event-like effects: the fault becomes active (a write, a freeze, a lot change…) */
  activate?(inst: FaultInstance, env: FaultEnv): void;
  /** every tick while active (timed stages of event-like effects) */
  tick?(inst: FaultInstance, env: FaultEnv): void;
  /** the fault ends (repair by `by`, or trainer clear): undo event-like effects */
  deactivate?(inst: FaultInstance, env: FaultEnv, how: 'repair' | 'clear', by?: Actor): void;
}
