/**
 * A lab for the session runner and trainer tests: the real cell (the lab's own models: cell, MES, fault
 * engine, gestures) on N stations, started in-process with HTTP on an ephemeral port and the protocol
 * adapters off, its exercise folder a temporary copy of the exercises a test names. Time is fast-forwarded
 * by stepping the lab; an HTTP call that waits for a tick boundary is pumped (`pump`) so it resolves at the
 * next step instead of waiting for the real-time pacer.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellFactory } from '../../simulator/server/models.ts';
import { type RunningLab, startLab } from '../../simulator/server/start.ts';
import type { LabConfigInput } from '../../simulator/session/config.ts';
import { Lab } from '../../simulator/session/lab.ts';
import { tempDir, testConfig } from './lab.ts';
import { EXERCISES_DIR } from './transcript-personas.ts';

export type Who = 'trainer' | 'jury' | `st${number}`;

export interface TrainerLab {
  readonly running: RunningLab;
  readonly lab: Lab;
  readonly url: string;
  readonly exercisesDir: string;
  /** bearer token of the trainer, the jury or the candidate of a station */
  token(who: Who): Promise<string>;
  /** fetch with a token (or none), pumping the lab until the answer comes */
  api(path: string, who: Who | null, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** fast-forward every station by `ms` of simulation time */
  run(ms: number): void;
  /** step until `pred` holds (checked every tick), at most `maxMs` of simulation time */
  until(pred: () => boolean, maxMs: number, what?: string): void;
  /** write a file into the lab's exercise folder */
  addExercise(name: string, text: string): string;
  close(): Promise<void>;
}

/** The text of a shipped exercise, optionally rewritten (`id`, title…) to make a variant. */
export function exerciseText(id: string, replace: [string | RegExp, string][] = []): string {
  let s = readFileSync(join(EXERCISES_DIR, `${id}.yaml`), 'utf8');
  for (const [a, b] of replace) s = s.replace(a, b);
  return s;
}

/** Resolve `p`, stepping the lab whenever a command waits for a tick boundary. */
export async function pump<T>(lab: Lab, p: Promise<T>, maxWallMs = 20_000): Promise<T> {
  let done = false;
  const out = p.finally(() => {
    done = true;
  });
  const end = Date.now() + maxWallMs;
  while (!done) {
    await new Promise((r) => setImmediate(r));
    if (done) break;
    if ([...lab.stations.values()].some((st) => st.pendingCount > 0)) lab.step();
    if (Date.now() > end) throw new Error('pump: no answer');
  }
  return out;
}

export async function startTrainerLab(
  opts: { stations?: number; exercises?: readonly string[]; config?: LabConfigInput } = {},
): Promise<TrainerLab> {
  const tmp = tempDir('plastlab-trainer-');
  const exercisesDir = join(tmp.dir, 'exercises');
  mkdirSync(exercisesDir, { recursive: true });
  for (const id of opts.exercises ?? [])
    copyFileSync(join(EXERCISES_DIR, `${id}.yaml`), join(exercisesDir, `${id}.yaml`));
  const over = opts.config ?? {};
  const running = await startLab(
    testConfig(join(tmp.dir, 'data'), {
      ...over,
      stations: { count: opts.stations ?? 2, ...(over.stations ?? {}) },
      scoring: { exercisesDir },
      // fast-forward makes hours of points: the historian keeps a small queue (trend queries are still
      // answered and journaled; what they show does not matter to these tests)
      historian: { queueMax: 1000, ...(over.historian ?? {}) },
    }),
  );
  const lab = running.lab;
  const tokens = new Map<string, string>();
  const token = async (who: Who): Promise<string> => {
    const have = tokens.get(who);
    if (have) return have;
    const c =
      who === 'trainer' || who === 'jury' ? lab.credentials.account(who)! : lab.credentials.forStation(who)!;
    const r = await fetch(`${running.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: c.user, password: c.password }),
    });
    if (r.status !== 200) throw new Error(`login ${who}: ${r.status}`);
    const tk = ((await r.json()) as { token: string }).token;
    tokens.set(who, tk);
    return tk;
  };
  const run = (ms: number) => {
    const n = Math.round(ms / lab.config.lab.tickMs);
    for (let i = 0; i < n; i++) lab.step();
  };
  return {
    running,
    lab,
    url: running.url,
    exercisesDir,
    token,
    async api(path, who, init = {}) {
      const { json, ...rest } = init;
      const headers: Record<string, string> = { ...((rest.headers as Record<string, string>) ?? {}) };
      if (who) headers.authorization = `Bearer ${await token(who)}`;
      if (json !== undefined) headers['content-type'] = 'application/json';
      return pump(
        lab,
        fetch(`${running.url}${path}`, {
          ...rest,
          ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
          headers,
        }),
      );
    },
    run,
    until(pred, maxMs, what = 'condition') {
      const n = Math.round(maxMs / lab.config.lab.tickMs);
      for (let i = 0; i < n; i++) {
        if (pred()) return;
        lab.step();
      }
      if (!pred()) throw new Error(`timed out (simulation time) waiting for ${what}`);
    },
    addExercise(name, text) {
      const file = join(exercisesDir, name);
      writeFileSync(file, text);
      return file;
    },
    async close() {
      await running.close();
      tmp.cleanup();
    },
  };
}

export interface BareLab {
  readonly lab: Lab;
  readonly exercisesDir: string;
  run(ms: number): void;
  /** step once and resolve `p` (the commands queued by a start or a stop apply at that boundary) */
  settle<T>(p: Promise<T>): Promise<T>;
  addExercise(name: string, text: string): string;
  close(): void;
}

/** A lab without HTTP (no pacer running): the real cell on N stations, stepped by the test only. */
export function bareLab(
  opts: {
    stations?: number;
    exercises?: readonly string[];
    material?: 'PP' | 'ABS' | 'PA6';
    hotRunner?: boolean;
  } = {},
): BareLab {
  const tmp = tempDir('plastlab-runner-');
  const exercisesDir = join(tmp.dir, 'exercises');
  mkdirSync(exercisesDir, { recursive: true });
  for (const id of opts.exercises ?? [])
    copyFileSync(join(EXERCISES_DIR, `${id}.yaml`), join(exercisesDir, `${id}.yaml`));
  const config = testConfig(join(tmp.dir, 'data'), {
    stations: {
      count: opts.stations ?? 2,
      ...(opts.material ? { material: opts.material } : {}),
      ...(opts.hotRunner ? { hotRunner: true } : {}),
    },
    scoring: { exercisesDir },
    historian: { enabled: false },
  });
  const lab = new Lab({ config, models: cellFactory(config) });
  return {
    lab,
    exercisesDir,
    run(ms) {
      const n = Math.round(ms / lab.config.lab.tickMs);
      for (let i = 0; i < n; i++) lab.step();
    },
    async settle(p) {
      lab.step();
      return p;
    },
    addExercise(name, text) {
      const file = join(exercisesDir, name);
      writeFileSync(file, text);
      return file;
    },
    close() {
      lab.stop();
      tmp.cleanup();
    },
  };
}
