/**
 * An exercise's timeline on a station (docs/exercises.md "For the fault engine"): each instantiated item
 * (`instantiateExercise(exercise, seed, station).faults`) becomes one `fault.schedule` command, with the
 * item id as instance id, so the journal's `fault` entries name the exercise, item, option and component
 * exactly as the scorer reads them.
 */
import type { CommandInput } from '../kernel/command-types.ts';
import type { ParamValue, Profile } from './types.ts';

/** the fields of `exercises/instantiate.ts` `InstanceFault` the engine needs */
export interface TimelineFault {
  readonly item: string;
  readonly fault: string;
  readonly option: string | null;
  readonly component: string;
  readonly severity: number;
  /** seconds after the exercise start */
  readonly onset_s: number;
  readonly profile: Profile;
  readonly variant?: string;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** `fault.schedule` commands for an exercise started at station time startS (s) */
export function timelineCommands(
  exercise: string,
  faults: readonly TimelineFault[],
  startS: number,
): CommandInput[] {
  return faults.map((f) => ({
    kind: 'action',
    action: 'fault.schedule',
    args: {
      fault: f.fault,
      id: f.item,
      exercise,
      item: f.item,
      ...(f.option !== null ? { option: f.option } : {}),
      component: f.component,
      severity: f.severity,
      profile: f.profile,
      ...(f.variant !== undefined ? { variant: f.variant } : {}),
      params: { ...f.params },
      at_s: startS + f.onset_s,
    },
  }));
}
