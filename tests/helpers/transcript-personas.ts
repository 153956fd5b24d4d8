/**
 * Scripted candidates for every exercise: the same script drives four personas —
 * - `expert`: investigates the minimum evidence, diagnoses right, intervenes safely, verifies;
 * - `wrong`: a plausible but wrong diagnosis, acting on the distractor;
 * - `shotgun`: changes many set points at once and repairs at random, with little investigation;
 * - `unsafe`: the expert's investigation and diagnosis, but a critical safety error in the intervention.
 * Each exercise's script (transcript-scripts.ts) provides what is specific: the fault's signature in the
 * shot records, the investigation, the diagnosis texts, the intervention.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExerciseInstance, instantiateExercise } from '../../exercises/instantiate.ts';
import { parseExercise } from '../../exercises/loader.ts';
import type { Exercise } from '../../exercises/schema.ts';
import type { Vars } from '../../exercises/template.ts';
import type { DiagnosisInput } from '../../simulator/session/diagnosis.ts';
import type { JournalEntry } from '../../simulator/session/journal.ts';
import { MIN, Transcript } from './transcript.ts';

export const EXERCISES_DIR = join(import.meta.dirname, '..', '..', 'exercises');

export interface ScriptCtx {
  readonly ex: Exercise;
  readonly inst: ExerciseInstance;
  readonly vars: Vars;
  /** onset of the first timeline item (station ms) */
  readonly onset: number;
  /** onset of each item */
  readonly onsets: Readonly<Record<string, number>>;
  readonly onsetShot: number;
  /** set by the intervention */
  stopT?: number;
  fixT?: number;
  restartT?: number;
}

export type Shape = Readonly<Record<string, number | string | boolean>>;

export interface ExerciseScript {
  readonly file: string;
  readonly seed: number;
  /** the signature in the shot records at time t (after the onset; `fixed`: after the fix) */
  shape(ctx: ScriptCtx, t: number, fixed: boolean): Shape;
  /** what happens at the onset whoever the candidate is (e.g. the F23 intruder's write) */
  atOnset?(tb: Transcript, ctx: ScriptCtx): void;
  /** the expert's investigation, starting a few minutes after the onset */
  investigate(tb: Transcript, ctx: ScriptCtx): void;
  diagnosis(tb: Transcript, ctx: ScriptCtx): { d: DiagnosisInput; family: string };
  /** the expert's intervention: sets ctx.fixT (and stopT/restartT when production stops) */
  intervene(tb: Transcript, ctx: ScriptCtx): void;
  /** the expert's verification after the fix */
  verify(tb: Transcript, ctx: ScriptCtx): void;
  readonly wrong: {
    diagnosis(tb: Transcript, ctx: ScriptCtx): { d: DiagnosisInput; family: string };
    /** what the wrong candidate does about it (distractor actions) */
    act(tb: Transcript, ctx: ScriptCtx): void;
  };
  /** set points the "change everything" candidate changes at once, and the repairs they try */
  readonly shotgun: {
    readonly writes: (ctx: ScriptCtx) => Readonly<Record<string, number>>;
    readonly repairs: readonly (readonly [string, string])[];
  };
  /** the expert's intervention with a critical safety error */
  unsafe(tb: Transcript, ctx: ScriptCtx): void;
}

export type Persona = 'expert' | 'wrong' | 'shotgun' | 'unsafe';
export const PERSONAS: readonly Persona[] = ['expert', 'wrong', 'shotgun', 'unsafe'];

export function loadExercise(file: string): { exercise: Exercise; sha256: string } {
  const path = join(EXERCISES_DIR, file);
  const r = parseExercise(readFileSync(path), path);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return { exercise: r.exercise, sha256: r.sha256 };
}

export interface Run {
  readonly exercise: Exercise;
  readonly sha256: string;
  readonly tb: Transcript;
  readonly ctx: ScriptCtx;
  readonly entries: JournalEntry[];
}

/** Play a persona on an exercise; returns the journal entries. */
export function play(script: ExerciseScript, persona: Persona, opts: { station?: string } = {}): Run {
  const { exercise, sha256 } = loadExercise(script.file);
  const station = opts.station ?? 'st1';
  const inst = instantiateExercise(exercise, script.seed, station);
  const tb = new Transcript({ station });
  tb.assign(exercise, sha256, script.seed);
  const onsets: Record<string, number> = {};
  for (const f of inst.faults) {
    onsets[f.item] = f.onset_s * 1000;
    tb.fault({
      item: f.item,
      fault: f.fault,
      option: f.option,
      component: f.component,
      severity: f.severity,
      onset_t: f.onset_s * 1000,
      exercise: exercise.id,
    });
  }
  const onset = Math.min(...Object.values(onsets));
  const ctx: ScriptCtx = {
    ex: exercise,
    inst,
    vars: inst.vars,
    onset,
    onsets,
    onsetShot: tb.shotAt(onset) + 1,
  };
  const end = exercise.duration_min * MIN;
  tb.at(2 * MIN).view('overview');
  tb.at(5 * MIN).trend(['imm.last.cushion', 'imm.last.peak_pressure'], 0, 5 * MIN);
  if (script.atOnset) {
    tb.at(onset);
    script.atOnset(tb, ctx);
  }
  switch (persona) {
    case 'expert':
    case 'unsafe': {
      tb.at(onset + 4 * MIN);
      script.investigate(tb, ctx);
      const { d, family } = script.diagnosis(tb, ctx);
      tb.diagnose(d, family);
      tb.wait(MIN);
      if (persona === 'expert') script.intervene(tb, ctx);
      else script.unsafe(tb, ctx);
      if (ctx.fixT !== undefined) {
        tb.at(Math.max(tb.now, (ctx.restartT ?? ctx.fixT) + 5 * MIN));
        script.verify(tb, ctx);
      }
      break;
    }
    case 'wrong': {
      tb.at(onset + 9 * MIN).view('alarms');
      const { d, family } = script.wrong.diagnosis(tb, ctx);
      tb.wait(3 * MIN);
      tb.act('act.notify', { to: ['chef d’équipe'] });
      script.wrong.act(tb, ctx);
      tb.diagnose(d, family);
      break;
    }
    case 'shotgun': {
      tb.at(onset + 12 * MIN).view('overview');
      tb.writeAll(script.shotgun.writes(ctx), 'essai');
      tb.wait(2 * MIN).writeAll(
        Object.fromEntries(Object.entries(script.shotgun.writes(ctx)).map(([k, v]) => [k, v * 1.05])),
        null,
      );
      tb.act('act.notify');
      tb.act('act.mode_semi').act('act.mode_manual');
      lotoAll(tb);
      for (const [component_id, op] of script.shotgun.repairs)
        tb.wait(2 * MIN).act('act.repair', { component_id, op });
      unlock(tb);
      tb.act('act.restart_semi').act('act.release');
      const { d, family } = script.diagnosis(tb, ctx);
      tb.diagnose(d, family);
      break;
    }
  }
  // shot records: the fault's signature until the stop, nothing while stopped, healthy after the fix
  const stop = ctx.stopT ?? end;
  tb.cycles(0, Math.min(stop, end), (t) =>
    t < onset ? {} : script.shape(ctx, t, ctx.fixT !== undefined && t > ctx.fixT),
  );
  if (ctx.stopT !== undefined && ctx.restartT !== undefined) {
    tb.cycles(ctx.restartT + 20_000, end, (t) =>
      script.shape(ctx, t, ctx.fixT !== undefined && t > ctx.fixT!),
    );
  }
  return { exercise, sha256, tb, ctx, entries: tb.entries() };
}

// ---- shared procedures (domain-model §5.2) ----------------------------------------------------------

/** A: announce, controlled stop (semi then manual), quarantine since the onset. */
export function controlledStop(tb: Transcript, ctx: ScriptCtx, opts: { quarantine?: boolean } = {}): void {
  tb.act('act.notify', { to: ['chef d’équipe', 'opérateurs voisins'] });
  tb.act('act.mode_semi');
  tb.wait(25_000).act('act.mode_manual');
  ctx.stopT = tb.now;
  if (opts.quarantine !== false) tb.act('act.quarantine', { from_shot: ctx.onsetShot - 1 });
}

/** C: lockout/tagout of the given energies, with PPE first. */
export function loto(
  tb: Transcript,
  opts: {
    ppe?: string[] | false;
    energies?: string[];
    isolate?: ('main' | 'air' | 'water' | 'hr')[];
    dissipate?: string[];
  } = {},
): void {
  if (opts.ppe !== false)
    tb.act('act.ppe', { items: opts.ppe ?? ['heat_gloves_en407', 'long_sleeves', 'face_shield', 'glasses'] });
  tb.act('act.loto_identify', { energies: opts.energies ?? ['electric', 'thermal'] });
  for (const i of opts.isolate ?? ['main']) tb.act(`act.isolate_${i}`);
  tb.act('act.lock', { padlock: 'P-07' });
  tb.act('act.tag', { name: 'Candidat', reason: 'intervention de maintenance' });
  if (opts.dissipate?.length) tb.act('act.dissipate', { what: opts.dissipate });
  tb.act('act.verify', { how: ['try_start', 'voltage_absence_test'] });
}

/** Every energy locked out (the "change everything" candidate does not know which one). */
export function lotoAll(tb: Transcript): void {
  loto(tb, {
    energies: ['electric', 'hydraulic', 'accumulator', 'pneumatic', 'thermal', 'water'],
    isolate: ['main', 'air', 'water', 'hr'],
    dissipate: ['accumulator_discharge', 'vent_air', 'depressurise_water', 'screw_decompress'],
  });
}

/** Déconsignation (C.7). */
export function unlock(tb: Transcript): void {
  tb.act('act.tools_removed').act('act.guards_refitted').act('act.area_clear').act('act.unlock');
  tb.act('act.notify', { to: ['chef d’équipe'] });
}

/** D: purge. */
export function purge(tb: Transcript): void {
  tb.act('act.carriage_back')
    .act('act.purge_guard_closed')
    .act('act.check_nozzle_t')
    .act('act.purge_container');
  tb.act('act.purge', { n: 5, speed: 20 });
  tb.wait(2 * MIN).act('act.purge_dispose');
}

/** H: restart in semi-automatic, scrap start-up shots, first-article check, release. */
export function restart(
  tb: Transcript,
  ctx: ScriptCtx,
  opts: { scrap?: number; refusedFirst?: boolean } = {},
): void {
  if (opts.refusedFirst)
    tb.act('act.restart_semi', {}, { refused: 'barrel not at temperature (heat soak not finished)' }).wait(
      4 * MIN,
    );
  tb.act('act.restart_semi');
  ctx.restartT = tb.now;
  tb.wait(4 * MIN).act('act.scrap', { n: opts.scrap ?? 10 });
  tb.act('act.fai', { weight: true, key_dims: true, visual: true });
  tb.act('act.release');
}

/** G: robot-cell entry. */
export function robotEntry(tb: Transcript): void {
  tb.act('act.robot_stop').act('act.robot_t1').act('act.enable_device').act('act.door_lock');
}
