/**
 * Does an exercise fit the running lab and the chosen stations? Checked before anything is journaled, so a
 * refusal changes nothing (reliability-security §4: "no state change, reason in the channel's idiom").
 *
 * - The lab: the material and the mould (hot runner or not) are chosen when the lab starts
 *   (`stations.material`, `stations.hotRunner`; `plastlab start --exercise` picks them from the file), and a
 *   cold start cannot be given to stations already producing.
 * - Each station: it exists and runs no other exercise; every set point of the set-up exists, may be written
 *   by the trainer and is within its range; every drawn fault of its timeline is one its fault engine
 *   accepts (component, variant, parameters, severity, free instance id).
 *
 * Every reason is given in French and in English, naming the field and the values.
 */
import { resolveExercise } from '../../exercises/instantiate.ts';
import type { Exercise } from '../../exercises/schema.ts';
import type { FaultEngine } from '../faults/engine.ts';
import type { TimelineFault } from '../faults/exercise.ts';
import { timelineCommands } from '../faults/exercise.ts';
import { ScheduleArgsSchema } from '../faults/schemas.ts';
import type { Actor } from '../kernel/command-types.ts';
import type { Station } from '../kernel/station.ts';
import { checkWrite } from '../kernel/validate-write.ts';
import type { LabConfig } from './config.ts';

export type FitCode =
  | 'material'
  | 'hot_runner'
  | 'cold_start'
  | 'station'
  | 'busy'
  | 'setpoint'
  | 'no_engine'
  | 'fault';

export interface FitReason {
  readonly code: FitCode;
  /** the station concerned (absent for a lab-wide reason) */
  readonly station?: string;
  readonly fr: string;
  readonly en: string;
}

const mouldFr = (hr: boolean) => (hr ? 'le moule à canal chaud (R-PP-HR)' : 'le moule à canaux froids');
const mouldEn = (hr: boolean) => (hr ? 'the hot-runner mould (R-PP-HR)' : 'the cold-runner mould');

/** Lab-wide reasons: material, hot runner, cold start. */
export function labFit(config: LabConfig, exercise: Exercise): FitReason[] {
  const out: FitReason[] = [];
  const s = exercise.setup;
  const have = config.stations.material;
  if (s.material !== have) {
    out.push({
      code: 'material',
      fr: `matière : l'exercice demande ${s.material} (${s.job}), les postes tournent en ${have} (stations.material, choisie au démarrage du laboratoire ; plastlab start --exercise la prend dans le fichier)`,
      en: `material: the exercise needs ${s.material} (${s.job}), the stations run ${have} (stations.material, chosen when the lab starts; plastlab start --exercise takes it from the file)`,
    });
  }
  const needHr = s.options.hot_runner;
  const haveHr = config.stations.hotRunner;
  if (needHr !== haveHr) {
    out.push({
      code: 'hot_runner',
      fr: `moule : le travail ${s.job} demande ${mouldFr(needHr)}, les postes ont ${mouldFr(haveHr)} (stations.hotRunner, --hot-runner)`,
      en: `mould: job ${s.job} needs ${mouldEn(needHr)}, the stations have ${mouldEn(haveHr)} (stations.hotRunner, --hot-runner)`,
    });
  }
  if (s.start === 'cold') {
    out.push({
      code: 'cold_start',
      fr: 'démarrage à froid (setup.start: cold) : impossible sur des postes déjà en production',
      en: 'cold start (setup.start: cold): not possible on stations already producing',
    });
  }
  return out;
}

/** The `{var}`-resolved set points of a station's instance (signal key → value). */
export function setPointsOf(exercise: Exercise, vars: Readonly<Record<string, string | number | boolean>>) {
  return resolveExercise(exercise, vars).setup.set_points;
}

/** Reasons a station cannot take its instance of the exercise (nothing is changed). */
export function stationFit(
  st: Station,
  exercise: Exercise,
  instance: {
    readonly faults: readonly TimelineFault[];
    readonly vars: Readonly<Record<string, string | number | boolean>>;
  },
  startMs: number,
  actor: Actor,
): FitReason[] {
  const out: FitReason[] = [];
  for (const [key, value] of Object.entries(setPointsOf(exercise, instance.vars))) {
    const r = checkWrite(st.registry.get(key), key, value, actor);
    if (!r.ok) {
      out.push({
        code: 'setpoint',
        station: st.id,
        fr: `${st.id} : consigne de départ ${key} = ${String(value)} refusée : ${r.rejection.message}`,
        en: `${st.id}: set-up set point ${key} = ${String(value)} refused: ${r.rejection.message}`,
      });
    }
  }
  const engine = st.model<FaultEngine>('faults');
  if (!engine || typeof engine.prepare !== 'function') {
    out.push({
      code: 'no_engine',
      station: st.id,
      fr: `${st.id} : ce poste n'a pas de moteur de pannes`,
      en: `${st.id}: this station has no fault engine`,
    });
    return out;
  }
  for (const cmd of timelineCommands(exercise.id, instance.faults, startMs / 1000)) {
    if (cmd.kind !== 'action') continue;
    const parsed = ScheduleArgsSchema.safeParse(cmd.args);
    const args = cmd.args as { id: string; fault: string; at_s: number };
    let why: string | null = null;
    if (!parsed.success) why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    else {
      try {
        engine.prepare(parsed.data, Math.round(args.at_s * 1000), 'timeline');
      } catch (e) {
        why = e instanceof Error ? e.message : String(e);
      }
    }
    if (why) {
      out.push({
        code: 'fault',
        station: st.id,
        fr: `${st.id} : l'élément ${args.id} de la chronologie (${args.fault}) est refusé par le moteur de pannes : ${why}`,
        en: `${st.id}: timeline item ${args.id} (${args.fault}) is refused by the fault engine: ${why}`,
      });
    }
  }
  return out;
}
