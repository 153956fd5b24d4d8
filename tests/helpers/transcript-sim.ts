/**
 * A transcript produced by actually running the simulator: a lab with the real cell, fault engine and
 * gestures model, fast-forwarded in virtual time; the exercise's timeline scheduled through the engine's
 * trainer action; a candidate whose commands, trend queries and diagnosis go through the same paths as over
 * the API (command API, journaled views, `DiagnosisBook`). The journal it leaves is the real one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExerciseInstance, instantiateExercise } from '../../exercises/instantiate.ts';
import { loadExerciseFile } from '../../exercises/loader.ts';
import type { Exercise } from '../../exercises/schema.ts';
import type { Actor, CommandInput, CommandRecord } from '../../simulator/kernel/command-types.ts';
import type { Station } from '../../simulator/kernel/station.ts';
import { cellFactory } from '../../simulator/server/models.ts';
import { parseConfig } from '../../simulator/session/config.ts';
import { DiagnosisBook, type DiagnosisInput } from '../../simulator/session/diagnosis.ts';
import { Lab } from '../../simulator/session/lab.ts';
import { EXERCISES_DIR } from './transcript-personas.ts';

export const TRAINER: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest' };

export class SimSession {
  readonly lab: Lab;
  readonly st: Station;
  readonly exercise: Exercise;
  readonly sha256: string;
  readonly inst: ExerciseInstance;
  readonly candidate: Actor;
  readonly book: DiagnosisBook;
  readonly log: CommandRecord[] = [];
  private readonly dir: string;
  private version = 0;

  constructor(file: string, seed: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'plastlab-sim-'));
    const config = parseConfig({
      lab: { dataDir: this.dir, seed },
      stations: { count: 1 },
      mqtt: { enabled: false },
      opcua: { enabled: false },
      modbus: { enabled: false },
      historian: { enabled: false },
    });
    this.lab = new Lab({ config, models: cellFactory(config) });
    this.st = this.lab.station('st1')!;
    const loaded = loadExerciseFile(join(EXERCISES_DIR, file));
    this.exercise = loaded.exercise;
    this.sha256 = loaded.sha256;
    this.inst = instantiateExercise(this.exercise, seed, 'st1');
    this.candidate = { user: 'st1', roles: ['operator', 'technician'], channel: 'hmi', station: 'st1' };
    this.book = new DiagnosisBook(this.lab.journal);
    this.lab.journal.append([
      {
        type: 'session',
        station: '',
        t: 0,
        actor: TRAINER,
        payload: {
          event: 'exercise',
          exercise: this.exercise.id,
          sha256: this.sha256,
          seed,
          stations: ['st1'],
          start_t: 0,
        },
      },
    ]);
  }

  /** simulation ms of the station */
  get now(): number {
    return this.st.clock.now;
  }

  /** Fast-forward by `ms` of simulation time. */
  run(ms: number): this {
    for (let i = 0; i < ms / this.lab.config.lab.tickMs; i++) this.lab.step();
    return this;
  }

  runUntil(t: number): this {
    return this.run(Math.max(0, t - this.now));
  }

  /** Submit a command, let the boundary apply it, and return its record. */
  async command(actor: Actor, input: CommandInput): Promise<CommandRecord> {
    const p = this.st.submit({ station: 'st1', actor, input });
    this.lab.step();
    const r = await p;
    this.log.push(r);
    return r;
  }

  /** The exercise's timeline, scheduled through the fault engine as the session would. */
  async schedule(): Promise<void> {
    for (const f of this.inst.faults) {
      const r = await this.command(TRAINER, {
        kind: 'action',
        action: 'fault.schedule',
        args: {
          fault: f.fault,
          id: f.item,
          severity: f.severity,
          component: f.component,
          profile: f.profile,
          params: f.params,
          ...(f.variant ? { variant: f.variant } : {}),
          exercise: this.exercise.id,
          item: f.item,
          ...(f.option ? { option: f.option } : {}),
          at_s: f.onset_s,
        },
      });
      if (r.status !== 'accepted') throw new Error(`fault.schedule refused: ${r.rejection?.message}`);
    }
  }

  act(action: string, args: Record<string, unknown> = {}): Promise<CommandRecord> {
    return this.command(this.candidate, { kind: 'action', action, args });
  }

  write(signal: string, value: number, reason: string): Promise<CommandRecord> {
    return this.command(this.candidate, { kind: 'write', signal, value, reason });
  }

  /** A history trend query, journaled as routes/history.ts does. */
  trend(signals: readonly string[], fromMs: number, toMs = this.now): void {
    this.lab.record({
      type: 'view',
      station: 'st1',
      t: this.now,
      actor: { user: this.candidate.user, roles: this.candidate.roles, channel: 'rest' },
      payload: {
        view: 'trend',
        signals: [...signals],
        from: this.lab.startedAt + fromMs,
        to: this.lab.startedAt + toMs,
        from_t: fromMs,
        to_t: toMs,
        agg: 'auto',
      },
    });
  }

  diagnose(d: DiagnosisInput): void {
    const r = this.book.submit({
      station: 'st1',
      actor: this.candidate,
      t: this.now,
      input: { expectedVersion: this.version, diagnosis: d },
      signalVisible: (k) => this.st.registry.get(k)?.visibility === 'candidate',
    });
    if (!r.ok) throw new Error(`diagnosis refused: ${r.message}`);
    this.version = r.version.version;
  }

  /** epoch ms of a station time (diagnosis evidence windows) */
  epoch(ms: number): number {
    return this.lab.startedAt + ms;
  }

  close(): void {
    this.lab.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
