/**
 * The fault engine (issue 4; DESIGN.md principle 5; reliability-security EI-1): a station model with no
 * signals that holds the hidden truth — the fault instances — and re-applies them onto the cell models'
 * fault surfaces (never onto a displayed value). Several faults may be active at once: every surface is
 * reset to nominal and each active fault applied on top, whenever a level may have changed.
 *
 * Only the trainer side sees it: its actions are `visibility: 'trainer'`, and it reports onsets, clears and
 * repairs through `onTrainerEvent` (the lab journals them as `fault` entries), never through the station's
 * `event`/`alarm` hooks, which adapters forward to candidates.
 */
import type { Actor, Command, CommandInput, CommandRecord } from '../kernel/command-types.ts';
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalRegistry } from '../kernel/registry.ts';
import type { RandomStream } from '../kernel/rng.ts';
import type { SignalStore } from '../kernel/signal-store.ts';
import { EQUIPMENT, SAME } from './catalogue/common.ts';
import { FAULTS } from './catalogue/index.ts';
import { type Cell, resetSurfaces, resolveCell } from './cell-access.ts';
import { bernoulliOn, drawIntermittent, profileFactor } from './profile.ts';
import type { FaultPayload, FaultView, InjectArgs } from './schemas.ts';
import { registerTrainerActions } from './trainer-actions.ts';
import type { FaultDef, FaultEnv, FaultInstance, ParamValue, Profile } from './types.ts';

/** What the engine reports to the trainer side (the lab journals it; nothing reaches a candidate). */
export interface TrainerEvent {
  readonly type: 'fault' | 'event';
  /** station simulation ms */
  readonly t: number;
  readonly actor?: Pick<Actor, 'user' | 'roles' | 'channel' | 'client'>;
  readonly payload: FaultPayload | Readonly<Record<string, unknown>>;
}

/** The station services the engine needs beyond its bind context (wired by the lab, `wire.ts`). */
export interface StationLink {
  submit(cmd: Command): Promise<CommandRecord>;
  hasAction(name: string): boolean;
}

export interface RepairOutcome {
  /** instances removed by this action */
  readonly removed: readonly string[];
  /** a toolroom ticket was recorded (F20): the fault stays */
  readonly ticket: boolean;
}

const MAX_KEPT = 200;
/** surfaces re-applied at least this often while a fault is active (1 s at 10 Hz) */
const RESYNC_TICKS = 10;
const LEVEL_STEP = 0.002;

export class FaultEngine implements Model {
  readonly id = 'faults';
  instances: FaultInstance[] = [];
  /** trainer-side reporting (the lab journals `fault` entries from it) */
  onTrainerEvent: ((e: TrainerEvent) => void) | undefined;
  link: StationLink | undefined;
  stationId = '';
  cell: Cell = {};
  store!: SignalStore;
  registry!: SignalRegistry;
  rng!: RandomStream;
  private counter = 0;
  private dirty = false;
  private nowS = 0;
  /** commands submitted before a link exists (applied once linked) */
  private backlog: Command[] = [];
  private readonly levels: number[] = [];

  declare(): [] {
    return [];
  }

  bind(ctx: BindContext): void {
    this.stationId = ctx.stationId;
    this.store = ctx.store;
    this.registry = ctx.registry;
    this.rng = ctx.stream('engine');
    this.cell = resolveCell((id) => {
      try {
        return ctx.model(id);
      } catch {
        return undefined;
      }
    });
    registerTrainerActions(this, ctx);
    ctx.on('cycleEnd', (e) => {
      if (e.equipment !== 'imm') return;
      for (const inst of this.instances)
        if (inst.state === 'active') drawIntermittent(inst, this.rng, 'shot');
    });
  }

  /** Connect the station services (command submission); flushes what was submitted before. */
  attach(link: StationLink): void {
    this.link = link;
    const b = this.backlog;
    this.backlog = [];
    for (const c of b) void link.submit(c);
  }

  env(t = this.nowS): FaultEnv {
    return {
      t,
      store: this.store,
      registry: this.registry,
      cell: this.cell,
      rng: this.rng,
      submit: (actor: Actor, input: CommandInput) => {
        const cmd: Command = { station: this.stationId, actor, input };
        if (this.link) void this.link.submit(cmd);
        else this.backlog.push(cmd);
      },
      hasAction: (name) => this.link?.hasAction(name) ?? false,
    };
  }

  // ------------------------------------------------------------------------------------- validation

  /**
   * Resolve and validate an injection: component, variant, parameters, equipment. Throws an Error whose
   * message names the field and the limit.
   */
  prepare(a: InjectArgs, onsetMs: number, source: 'timeline' | 'trainer'): FaultInstance {
    const def = FAULTS.get(a.fault);
    if (!def) throw new Error(`fault: ${a.fault} is not in the catalogue`);
    for (const eq of def.equipment) {
      if (!(this.cell as Record<string, unknown>)[eq])
        throw new Error(`${def.id}: this station has no "${eq}" model to act on`);
    }
    let component = a.component;
    let variant = a.variant;
    if (variant !== undefined && !def.variants.includes(variant))
      throw new Error(`variant: "${variant}" is not a variant of ${def.id} (${def.variants.join(', ')})`);
    if (component === undefined) {
      if (variant === undefined) component = def.defaultComponent;
      else {
        // the most specific component for the variant, on the default component's equipment if possible
        const v = variant;
        const eq = def.defaultComponent.split('.')[0];
        const fits = def.components.filter((c) => !c.variants || c.variants.includes(v));
        const rank = (c: (typeof fits)[number]) =>
          (c.id === def.defaultComponent ? 4 : 0) +
          (c.id.split('.')[0] === eq ? 2 : 0) +
          (c.variants?.[0] === v ? 1 : 0);
        component = [...fits].sort((a, b) => rank(b) - rank(a))[0]?.id ?? def.defaultComponent;
      }
    }
    const opt = def.components.find((c) => c.id === component);
    if (!opt)
      throw new Error(
        `component: "${component}" is not a component of ${def.id} (${def.components.map((c) => c.id).join(', ')})`,
      );
    if (variant === undefined) variant = opt.variants?.[0] ?? def.defaultVariant;
    else if (opt.variants && !opt.variants.includes(variant))
      throw new Error(
        `variant: "${variant}" does not fit component ${component} (${opt.variants.join(', ')})`,
      );
    const severity = a.severity ?? def.severity.default;
    if (severity < def.severity.min || severity > def.severity.max)
      throw new Error(
        `severity: ${severity} is outside ${def.severity.min}…${def.severity.max} for ${def.id}`,
      );
    const params: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(a.params ?? {})) {
      const p = def.params[k];
      // the intermittent Bernoulli gate of profile.ts is accepted on every fault
      if (k === 'p' && typeof v === 'number' && v >= 0 && v <= 1) {
        params[k] = v;
        continue;
      }
      if (k === 'per' && (v === 'shot' || v === 'tick')) {
        params[k] = v;
        continue;
      }
      if (!p) {
        const known = [...Object.keys(def.params), 'p', 'per'].join(', ');
        throw new Error(`params.${k}: ${def.id} has no such parameter (${known})`);
      }
      if (typeof v !== p.type) throw new Error(`params.${k}: expected a ${p.type}`);
      if (typeof v === 'number' && ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max)))
        throw new Error(`params.${k}: ${v} is outside ${p.min ?? '−∞'}…${p.max ?? '+∞'}`);
      params[k] = v;
    }
    const profile: Profile = a.profile ?? def.profile;
    const id = a.id ?? `${def.id}-${this.counter + 1}`;
    if (this.instances.some((i) => i.id === id && (i.state === 'active' || i.state === 'scheduled')))
      throw new Error(`id: "${id}" is already in use on this station`);
    const inst: FaultInstance = {
      id,
      fault: def.id,
      component,
      variant,
      severity,
      profile,
      params,
      onset_t: onsetMs,
      source,
      ...(a.exercise !== undefined ? { exercise: a.exercise } : {}),
      ...(a.item !== undefined ? { item: a.item } : {}),
      ...(a.option !== undefined ? { option: a.option } : {}),
      state: 'scheduled',
      level: 0,
      done: [],
      memo: {},
    };
    const why = def.check?.(this.cell, inst);
    if (why) throw new Error(why);
    return inst;
  }

  // ------------------------------------------------------------------------------------- trainer API

  /** Inject now (or at onsetMs in the future: scheduled). Returns the instance. */
  add(
    a: InjectArgs,
    onsetMs: number,
    nowMs: number,
    actor?: Actor,
    source: 'timeline' | 'trainer' = 'trainer',
  ): FaultInstance {
    const inst = this.prepare(a, onsetMs, source);
    this.counter++;
    this.instances.push(inst);
    this.trim();
    if (onsetMs <= nowMs) this.activate(inst, nowMs, actor);
    else this.report('schedule', inst, nowMs, actor);
    return inst;
  }

  /** End instances by id, fault or all; scheduled ones are cancelled. Returns the ids. */
  clear(sel: { id?: string; fault?: string; all?: boolean }, nowMs: number, actor?: Actor): string[] {
    const out: string[] = [];
    for (const inst of this.instances) {
      if (inst.state !== 'active' && inst.state !== 'scheduled') continue;
      if (sel.id !== undefined && inst.id !== sel.id) continue;
      if (sel.fault !== undefined && inst.fault !== sel.fault) continue;
      out.push(inst.id);
      this.end(inst, 'clear', nowMs, actor);
    }
    return out;
  }

  matches(sel: { id?: string; fault?: string; all?: boolean }): number {
    return this.instances.filter(
      (i) =>
        (i.state === 'active' || i.state === 'scheduled') &&
        (sel.id === undefined || i.id === sel.id) &&
        (sel.fault === undefined || i.fault === sel.fault),
    ).length;
  }

  list(all = true): FaultView[] {
    return this.instances.filter((i) => all || i.state === 'active' || i.state === 'scheduled').map(view);
  }

  /** active instances (for diagnostics, measured truth) */
  active(fault?: string): FaultInstance[] {
    return this.instances.filter((i) => i.state === 'active' && (fault === undefined || i.fault === fault));
  }

  // ------------------------------------------------------------------------------------- repairs

  /**
   * A maintenance action completed on `component` with `op` (domain-model §5.2 K): every active fault it
   * fixes is removed (its surfaces back to nominal at the next tick); a component the faults do not
   * involve changes nothing physical.
   */
  repair(component: string, op: string, by: Actor | undefined, nowMs: number): RepairOutcome {
    const removed: string[] = [];
    let ticket = false;
    for (const inst of this.instances) {
      if (inst.state !== 'active') continue;
      const def = FAULTS.get(inst.fault)!;
      for (const alt of def.repairs) {
        if (alt.variants && !alt.variants.includes(inst.variant)) continue;
        const step = alt.steps.find(
          (s) => resolveComponent(s.component, inst) === component && s.ops.includes(op),
        );
        if (!step) continue;
        if (alt.ticketOnly) {
          ticket = true;
          inst.memo.ticket = nowMs;
          this.report('ticket', inst, nowMs, by);
          break;
        }
        const key = `${component}:${op}`;
        if (!inst.done.includes(key)) inst.done.push(key);
        const complete = alt.steps.every((s) =>
          inst.done.some((d) => {
            const [c, o] = d.split(':');
            return c === resolveComponent(s.component, inst) && s.ops.includes(o!);
          }),
        );
        if (complete) {
          removed.push(inst.id);
          this.end(inst, 'repair', nowMs, by);
        }
        break;
      }
    }
    return { removed, ticket };
  }

  // ------------------------------------------------------------------------------------- life cycle

  private activate(inst: FaultInstance, nowMs: number, actor?: Actor): void {
    inst.state = 'active';
    this.dirty = true;
    FAULTS.get(inst.fault)!.activate?.(inst, this.env(nowMs / 1000));
    this.report('inject', inst, nowMs, actor);
  }

  private end(inst: FaultInstance, how: 'repair' | 'clear', nowMs: number, by?: Actor): void {
    const was = inst.state;
    inst.state = how === 'repair' ? 'repaired' : 'cleared';
    inst.ended_t = nowMs;
    inst.ended_by = by?.user ?? (how === 'clear' ? 'trainer' : 'system');
    inst.level = 0;
    this.dirty = true;
    if (was === 'scheduled') {
      this.report('cancel', inst, nowMs, by);
      return;
    }
    FAULTS.get(inst.fault)!.deactivate?.(
      inst,
      this.env(nowMs / 1000),
      how,
      how === 'repair' ? by : undefined,
    );
    this.report(how, inst, nowMs, by);
  }

  private report(
    what: 'inject' | 'schedule' | 'clear' | 'cancel' | 'repair' | 'ticket',
    inst: FaultInstance,
    nowMs: number,
    actor?: Actor,
  ): void {
    const cb = this.onTrainerEvent;
    if (!cb) return;
    const who = actor
      ? {
          user: actor.user,
          roles: actor.roles,
          channel: actor.channel,
          ...(actor.client ? { client: actor.client } : {}),
        }
      : undefined;
    if (what === 'repair' || what === 'ticket') {
      // trainer-side truth: journaled under the simulation's identity, the person who did it in the payload
      cb({
        type: 'event',
        t: nowMs,
        actor: { user: 'faults', roles: ['system'], channel: 'system' },
        payload: {
          event: what === 'repair' ? 'fault_repaired' : 'fault_ticket',
          fault: inst.fault,
          id: inst.id,
          component: inst.component,
          steps: [...inst.done],
          ...(who ? { by: who.user } : {}),
        },
      });
      return;
    }
    const payload: FaultPayload = {
      action: what,
      fault: inst.fault,
      id: inst.id,
      ...(inst.exercise !== undefined ? { exercise: inst.exercise } : {}),
      ...(inst.item !== undefined ? { item: inst.item } : {}),
      ...(inst.option !== undefined ? { option: inst.option } : {}),
      component: inst.component,
      severity: inst.severity,
      variant: inst.variant,
      profile: inst.profile,
      params: { ...inst.params },
      onset_t: inst.onset_t,
      source: inst.source,
    };
    cb({ type: 'fault', t: nowMs, ...(who ? { actor: who } : {}), payload });
  }

  private trim(): void {
    if (this.instances.length <= MAX_KEPT) return;
    const ended = this.instances.findIndex((i) => i.state === 'repaired' || i.state === 'cleared');
    if (ended >= 0) this.instances.splice(ended, 1);
  }

  // ------------------------------------------------------------------------------------- tick

  step(ctx: StepContext): void {
    this.nowS = ctx.t;
    const nowMs = Math.round(ctx.t * 1000);
    let any = false;
    for (const inst of this.instances) {
      if (inst.state === 'scheduled' && inst.onset_t <= nowMs) this.activate(inst, nowMs);
      if (inst.state !== 'active') continue;
      any = true;
      drawIntermittent(inst, this.rng, 'tick');
      FAULTS.get(inst.fault)!.tick?.(inst, this.env(ctx.t));
    }
    if (!any && !this.dirty) return;
    // levels now (severity × profile × Bernoulli gate); the surfaces are re-applied when one changed, and
    // once a second for the applies that read slow inputs (a transport delay, a phase, a set point)
    let changed = this.dirty || ctx.tick % RESYNC_TICKS === 0;
    const levels = this.levels;
    levels.length = 0;
    for (const inst of this.instances) {
      if (inst.state !== 'active') continue;
      const x = bernoulliOn(inst)
        ? inst.severity * profileFactor(inst.profile, ctx.t, inst.onset_t / 1000)
        : 0;
      // a ramp moves the surfaces in steps of 0.2 % of the fault; on/off and steps at once
      if (Math.abs(x - inst.level) > LEVEL_STEP || (x === 0) !== (inst.level === 0)) changed = true;
      levels.push(x);
    }
    if (!changed) return;
    let k = 0;
    for (const inst of this.instances) if (inst.state === 'active') inst.level = levels[k++]!;
    resetSurfaces(this.cell);
    const env = this.env(ctx.t);
    for (const inst of this.instances) {
      if (inst.state !== 'active') continue;
      const def: FaultDef = FAULTS.get(inst.fault)!;
      def.apply(this.cell, inst.level, inst, env);
    }
    this.dirty = false;
  }

  snapshot(): unknown {
    return structuredClone({ instances: this.instances, counter: this.counter, dirty: this.dirty });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { instances: FaultInstance[]; counter: number };
    this.instances = x.instances;
    this.counter = x.counter;
    this.dirty = true;
  }
}

/** `$component` / `$equipment` placeholders of a repair step, for one instance */
export function resolveComponent(c: string, inst: Pick<FaultInstance, 'component'>): string {
  if (c === SAME) return inst.component;
  if (c === EQUIPMENT) return inst.component.split('.')[0]!;
  return c;
}

export function view(i: FaultInstance): FaultView {
  const def = FAULTS.get(i.fault);
  return {
    id: i.id,
    fault: i.fault,
    name: def?.name ?? { fr: i.fault, en: i.fault },
    component: i.component,
    variant: i.variant,
    severity: i.severity,
    profile: i.profile,
    params: { ...i.params },
    onset_t: i.onset_t,
    state: i.state,
    level: Math.round(i.level * 1000) / 1000,
    source: i.source,
    ...(i.ended_t !== undefined ? { ended_t: i.ended_t } : {}),
    ...(i.ended_by !== undefined ? { ended_by: i.ended_by } : {}),
    ...(i.exercise !== undefined ? { exercise: i.exercise } : {}),
    ...(i.item !== undefined ? { item: i.item } : {}),
  };
}
