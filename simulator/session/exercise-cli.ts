/**
 * `plastlab start --exercise exercises/<file>.yaml [--stations N] [--exercise-seed n]`: the lab's stations
 * are built for the exercise's set-up (material, hot-runner mould), then the exercise starts on every
 * station at t = 0 (its commands are queued before the clock's first tick). The banner names the exercise,
 * its file's SHA-256, the seed and the stations — never a fault (the terminal is the trainer's, but a
 * screen can be seen).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadExerciseFile } from '../../exercises/loader.ts';
import type { Actor } from '../kernel/command-types.ts';
import { type LabConfig, parseConfig } from './config.ts';
import type { StartResult } from './exercise-runner.ts';
import { EXERCISE_ID } from './exercise-store.ts';

/** Who starts an exercise from the command line: the trainer at the lab's console. */
export const CLI_TRAINER: Actor = { user: 'trainer', roles: ['trainer'], channel: 'cli' };

/**
 * The configuration with the stations' material and mould taken from the exercise file. A material or
 * mould given explicitly on the command line that contradicts the file is an error; one from a
 * configuration file is replaced (and said in `notes`). Throws the loader's error (file, line, field).
 * `ref` is a file, or an id of the exercise folder (`scoring.exercisesDir`).
 */
export function configForExercise(
  config: LabConfig,
  ref: string,
  explicit: { material?: string; hotRunner?: boolean } = {},
): { config: LabConfig; file: string; notes: string[] } {
  const byId = join(config.scoring.exercisesDir, `${ref}.yaml`);
  const file = !existsSync(ref) && EXERCISE_ID.test(ref) && existsSync(byId) ? byId : ref;
  const { exercise } = loadExerciseFile(file);
  const s = exercise.setup;
  const notes: string[] = [];
  if (explicit.material !== undefined && explicit.material !== s.material)
    throw new Error(
      `--material ${explicit.material}: the exercise ${exercise.id} needs ${s.material} (${s.job})`,
    );
  if (explicit.hotRunner && !s.options.hot_runner)
    throw new Error(`--hot-runner: the exercise ${exercise.id} runs job ${s.job} on the cold-runner mould`);
  if (config.stations.material !== s.material)
    notes.push(`stations.material ${config.stations.material} → ${s.material} (from the exercise)`);
  if (config.stations.hotRunner !== s.options.hot_runner)
    notes.push(
      `stations.hotRunner ${config.stations.hotRunner} → ${s.options.hot_runner} (from the exercise)`,
    );
  return {
    config: parseConfig(
      { ...config, stations: { ...config.stations, material: s.material, hotRunner: s.options.hot_runner } },
      file,
    ),
    file,
    notes,
  };
}

/** Banner lines of a started exercise: what, which file, seed, stations, when — no fault. */
export function exerciseBanner(r: StartResult): string[] {
  const t = r.stations[0]?.start_t ?? 0;
  return [
    `Exercise      ${r.exercise.id} v${r.exercise.version} (${r.exercise.duration_min} min), file sha256 ${r.exercise.sha256.slice(0, 16)}…`,
    `              seed ${r.seed}, started at t = ${(t / 1000).toFixed(1)} s on ${r.stations.map((s) => s.station).join(', ')}`,
    ...r.notes.map((n) => `              note: ${n.en}`),
  ];
}
