/**
 * Per-candidate instantiation of an exercise (reliability-security T8, EI-3): which component, what
 * severity, when, and the profile's parameters are drawn from the session seed and the station id, so
 * neighbours get different faults and an answer cannot be shared, while the same (exercise, seed, station)
 * always gives the same timeline (crash resume, replay, scoring).
 *
 * Each timeline item has its own random stream (`exercise/<id>/<station>/<item>`), so adding an item never
 * changes the draws of another. The fault engine (issue 4) injects `instance.faults`; the scorer reads
 * the journal's `fault` entries and falls back on this function when they are missing.
 */
import type { Profile } from '../scoring/journal-model.ts';
import { RandomStream } from '../simulator/kernel/rng.ts';
import type { ComponentOption, DrawnValue, Exercise, TimelineItem } from './schema.ts';
import { type Scalar, substituteDeep, type Vars } from './template.ts';

export interface InstanceFault {
  /** timeline item id */
  readonly item: string;
  readonly fault: string;
  /** the component option drawn (`null` for a fixed component) */
  readonly option: string | null;
  /** taxonomy component the fault acts on */
  readonly component: string;
  readonly vars: Vars;
  readonly severity: number;
  /** seconds after the exercise start */
  readonly onset_s: number;
  readonly profile: Profile;
  readonly variant?: string;
  readonly params: Readonly<Record<string, Scalar>>;
}

export interface ExerciseInstance {
  readonly exercise: string;
  readonly version: number;
  readonly seed: number;
  readonly station: string;
  readonly faults: readonly InstanceFault[];
  /** the variables of every drawn option, merged (names are unique across the timeline) */
  readonly vars: Vars;
}

const round = (x: number, digits: number) => {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
};

function draw(v: DrawnValue, rng: RandomStream, digits: number): number {
  if (typeof v === 'number') return v;
  // always consume one draw, so a fixed range (min = max) keeps the stream aligned
  const u = rng.next();
  return round(v.min + (v.max - v.min) * u, digits);
}

function pickOption(options: readonly ComponentOption[], rng: RandomStream): ComponentOption {
  const total = options.reduce((s, o) => s + o.weight, 0);
  let u = rng.next() * total;
  for (const o of options) {
    u -= o.weight;
    if (u < 0) return o;
  }
  return options[options.length - 1]!;
}

function profileOf(item: TimelineItem, rng: RandomStream): Profile {
  const p = item.profile;
  switch (p.kind) {
    case 'step':
      return { kind: 'step' };
    case 'ramp':
      return { kind: 'ramp', duration_s: Math.max(1, Math.round(draw(p.duration_min, rng, 3) * 60)) };
    case 'intermittent': {
      const on = Math.max(1, Math.round(draw(p.on_s, rng, 1)));
      const off = Math.max(1, Math.round(draw(p.off_s, rng, 1)));
      return p.persistent_after_min === undefined
        ? { kind: 'intermittent', on_s: on, off_s: off }
        : {
            kind: 'intermittent',
            on_s: on,
            off_s: off,
            persistent_after_s: Math.max(1, Math.round(draw(p.persistent_after_min, rng, 3) * 60)),
          };
    }
  }
}

export function instantiateItem(
  exercise: Exercise,
  item: TimelineItem,
  seed: number,
  station: string,
): InstanceFault {
  const rng = new RandomStream(seed, `exercise/${exercise.id}/${station}/${item.id}`);
  let option: ComponentOption | null = null;
  let component: string;
  let vars: Vars;
  if (typeof item.component === 'string') {
    component = item.component;
    vars = item.vars;
  } else {
    option = pickOption(item.component.choose, rng);
    vars = { ...item.vars, ...option.vars };
    component = option.target;
  }
  component = substituteDeep(component, vars);
  const severity = draw(item.severity, rng, 3);
  const onset_s = Math.round(draw(item.onset_min, rng, 4) * 60);
  const profile = profileOf(item, rng);
  let variant: string | undefined;
  if (typeof item.variant === 'string') variant = item.variant;
  else if (item.variant) variant = item.variant.choose[Math.floor(rng.next() * item.variant.choose.length)]!;
  const params: Record<string, Scalar> = {};
  for (const key of Object.keys(item.params).sort()) {
    const v = item.params[key]!;
    params[key] = typeof v === 'object' ? draw(v, rng, 4) : v;
  }
  return {
    item: item.id,
    fault: item.fault,
    option: option?.id ?? null,
    component,
    vars,
    severity,
    onset_s,
    profile,
    ...(variant !== undefined ? { variant } : {}),
    params: substituteDeep(params, vars),
  };
}

/** The concrete timeline of one station: pure and deterministic in (exercise, seed, station). */
export function instantiateExercise(exercise: Exercise, seed: number, stationId: string): ExerciseInstance {
  const faults = exercise.timeline.map((item) => instantiateItem(exercise, item, seed, stationId));
  const vars: Record<string, Scalar> = {};
  for (const f of faults) Object.assign(vars, f.vars);
  return { exercise: exercise.id, version: exercise.version, seed, station: stationId, faults, vars };
}

/** Variables of a timeline item for a given option id (the journal's `fault.option`). */
export function varsForOption(item: TimelineItem, optionId: string | undefined): Vars | undefined {
  if (typeof item.component === 'string') return item.vars;
  const o = item.component.choose.find((x) => x.id === optionId);
  return o ? { ...item.vars, ...o.vars } : undefined;
}

/**
 * The exercise with every `{var}` of its expected, safety and forbidden sections replaced by the drawn
 * values: what the scorer grades against.
 */
export function resolveExercise(exercise: Exercise, vars: Vars): Exercise {
  return {
    ...exercise,
    setup: substituteDeep(exercise.setup, vars),
    expected: substituteDeep(exercise.expected, vars),
    safety: substituteDeep(exercise.safety, vars),
    forbidden: substituteDeep(exercise.forbidden, vars),
  };
}
