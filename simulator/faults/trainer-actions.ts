/**
 * The engine's trainer-only actions (`visibility: 'trainer'`, role `trainer`): they do not exist for a
 * candidate (the command API answers "unknown action", the action list leaves them out). Each is a
 * command: validated, journaled with the trainer's identity, applied at the tick boundary.
 */
import type { BindContext } from '../kernel/model.ts';
import type { FaultEngine } from './engine.ts';
import { view } from './engine.ts';
import {
  type ClearArgs,
  ClearArgsSchema,
  type InjectArgs,
  InjectArgsSchema,
  ListArgsSchema,
  type ScheduleArgs,
  ScheduleArgsSchema,
} from './schemas.ts';

const TRAINER = ['trainer'] as const;

/** onset (station ms) of a schedule request made at station time tS */
export const scheduleOnsetMs = (a: ScheduleArgs, tS: number): number =>
  Math.round(1000 * (a.at_s !== undefined ? a.at_s : tS + (a.in_s ?? 0)));

const errorOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

const sourceOf = (a: InjectArgs) => (a.exercise !== undefined ? 'timeline' : 'trainer');

export function registerTrainerActions(engine: FaultEngine, ctx: BindContext): void {
  ctx.registerAction<InjectArgs>({
    name: 'fault.inject',
    label: { fr: 'Injecter une panne', en: 'Inject a fault' },
    group: 'faults',
    roles: [...TRAINER],
    visibility: 'trainer',
    args: InjectArgsSchema,
    check: (a, c) => errorOf(() => engine.prepare(a, Math.round(c.t * 1000), sourceOf(a))),
    apply: (a, c) => {
      const now = Math.round(c.t * 1000);
      return view(engine.add(a, now, now, c.actor, sourceOf(a)));
    },
  });

  ctx.registerAction<ScheduleArgs>({
    name: 'fault.schedule',
    label: { fr: 'Programmer une panne', en: 'Schedule a fault' },
    group: 'faults',
    roles: [...TRAINER],
    visibility: 'trainer',
    args: ScheduleArgsSchema,
    check: (a, c) => errorOf(() => engine.prepare(a, scheduleOnsetMs(a, c.t), sourceOf(a))),
    apply: (a, c) =>
      view(engine.add(a, scheduleOnsetMs(a, c.t), Math.round(c.t * 1000), c.actor, sourceOf(a))),
  });

  ctx.registerAction<ClearArgs>({
    name: 'fault.clear',
    label: { fr: 'Supprimer une panne', en: 'Clear a fault' },
    group: 'faults',
    roles: [...TRAINER],
    visibility: 'trainer',
    args: ClearArgsSchema,
    check: (a) => (engine.matches(a) > 0 ? null : 'no active or scheduled fault matches'),
    apply: (a, c) => ({ cleared: engine.clear(a, Math.round(c.t * 1000), c.actor) }),
  });

  ctx.registerAction({
    name: 'fault.list',
    label: { fr: 'Pannes de la station', en: 'Faults of the station' },
    group: 'faults',
    roles: [...TRAINER],
    visibility: 'trainer',
    args: ListArgsSchema,
    apply: (a) => ({ faults: engine.list(a.all ?? true) }),
  });
}
