/**
 * The exercise files a lab may run (trainer side only, reliability-security F-1/T5): the folder
 * `scoring.exercisesDir`, re-read when a file is added, removed or changed (a trainer drops a new YAML file
 * in it), each file checked by the loader (docs/exercises.md "Validation") against the signal names of the
 * reference cell and of the running stations. The session runner and the trainer routes share one store
 * per lab so they agree on what "exercise `id`" means.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  catalogueOf,
  cellSignalCatalogue,
  type SignalCatalogue,
  unionCatalogue,
} from '../../exercises/catalogue.ts';
import {
  type DirEntry,
  type ExerciseIssue,
  ExerciseLoadError,
  formatIssue,
  loadExerciseDir,
  loadExerciseFile,
} from '../../exercises/loader.ts';
import type { Exercise } from '../../exercises/schema.ts';
import type { Lab } from './lab.ts';

export interface LoadedExercise {
  readonly exercise: Exercise;
  readonly sha256: string;
  /** the file it was read from */
  readonly file: string;
}

/** An exercise that cannot be used: not found, or a file the loader refuses (with file, line and field). */
export class ExerciseFileError extends Error {
  readonly code: 'not_found' | 'invalid';
  readonly issues: readonly ExerciseIssue[];
  constructor(code: 'not_found' | 'invalid', message: string, issues: readonly ExerciseIssue[] = []) {
    super(message);
    this.name = 'ExerciseFileError';
    this.code = code;
    this.issues = issues;
  }
}

/** An exercise id as the files spell it (also what a REST caller may name: never a path). */
export const EXERCISE_ID = /^[a-z0-9][a-z0-9-]{2,79}$/;

export class ExerciseStore {
  readonly dir: string;
  readonly signals: SignalCatalogue;
  private cache: { stamp: string; entries: DirEntry[] } | undefined;

  constructor(lab: Lab) {
    this.dir = resolve(lab.config.scoring.exercisesDir);
    const first = lab.stations.values().next().value;
    // the scoring routes check files against the same union (exercises written for the reference cell,
    // plus whatever the running stations declare)
    this.signals = unionCatalogue(
      cellSignalCatalogue(),
      catalogueOf(first ? first.registry.candidateSignals().map((s) => s.key) : [], 'station registry'),
    );
  }

  /** Every `*.yaml` of the folder, checked; invalid files carry their problems. */
  list(): DirEntry[] {
    let stamp = '';
    try {
      for (const name of readdirSync(this.dir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()) {
        const st = statSync(join(this.dir, name));
        stamp += `${name}:${st.mtimeMs}:${st.size}|`;
      }
    } catch {
      return [];
    }
    if (this.cache?.stamp !== stamp)
      this.cache = { stamp, entries: loadExerciseDir(this.dir, { signals: this.signals }) };
    return this.cache.entries;
  }

  /** The exercise of the folder with this id (the first file that declares it). */
  byId(id: string): LoadedExercise {
    const entries = this.list();
    for (const e of entries) {
      if (e.result.ok && e.result.exercise.id === id)
        return { exercise: e.result.exercise, sha256: e.result.sha256, file: e.file };
    }
    // a broken file named after the id: say why it cannot be used
    const broken = entries.find((e) => !e.result.ok && /([^/\\]+)\.ya?ml$/.exec(e.file)?.[1] === id);
    if (broken && !broken.result.ok) {
      throw new ExerciseFileError(
        'invalid',
        `${broken.file}: invalid exercise\n${broken.result.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
        broken.result.issues,
      );
    }
    throw new ExerciseFileError('not_found', `exercise ${id}: not found in ${this.dir}`);
  }

  /** A file given by path (the command line): loaded and checked; problems with file, line and field. */
  byFile(path: string): LoadedExercise {
    const file = isAbsolute(path) ? path : resolve(path);
    try {
      const r = loadExerciseFile(file, { signals: this.signals });
      return { exercise: r.exercise, sha256: r.sha256, file };
    } catch (e) {
      if (e instanceof ExerciseLoadError) {
        const missing = e.issues.length === 1 && /ENOENT|no such file/i.test(e.issues[0]!.message);
        throw new ExerciseFileError(missing ? 'not_found' : 'invalid', e.message, e.issues);
      }
      throw new ExerciseFileError('not_found', `${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** An id (`pilotage-f01-heater-band`) from the folder, or a file path (`exercises/x.yaml`). */
  resolve(ref: string): LoadedExercise {
    return EXERCISE_ID.test(ref) ? this.byId(ref) : this.byFile(ref);
  }
}

const stores = new WeakMap<Lab, ExerciseStore>();

/** The store of a lab (one per lab, created on first use). */
export function exerciseStore(lab: Lab): ExerciseStore {
  let s = stores.get(lab);
  if (!s) stores.set(lab, (s = new ExerciseStore(lab)));
  return s;
}
