/**
 * The exercise session runner (issues 4 and 8: "a trainer drops a new YAML file in `exercises/`, runs a
 * session with it, and receives a grid they can defend in front of a jury, entry by entry").
 *
 * `startExercise(lab, { exercise, stations, seed }, actor)`:
 * 1. loads the file (the loader's problems, with file, line and field, refuse it);
 * 2. checks it fits the lab and each station (exercise-fit.ts: material, mould, set points, the fault
 *    engine accepts every drawn fault) — a refusal journals nothing;
 * 3. journals the `session` announcement `{ event: 'exercise', exercise, sha256, seed, stations, start_t }`
 *    (scoring/journal-model.ts `ExerciseAssignmentSchema`);
 * 4. queues, per station, the set-up set points as one all-or-nothing group of trainer writes, then the
 *    station's instantiated timeline (`instantiateExercise(exercise, seed, station)`: per-candidate option,
 *    severity, onset, profile, parameters) as `fault.schedule` trainer actions (simulator/faults/
 *    exercise.ts). All go through the command API: validated, journaled with the actor, applied together
 *    at the next tick boundary. The engine then journals each `schedule`, and each onset as an `inject`
 *    at its simulation time, as `FaultPayloadSchema` says.
 *
 * Everything is queued before the function's first `await`: called before the lab's clock runs, the
 * exercise starts at t = 0 (`plastlab start --exercise`). The promise resolves once the boundary applied
 * the commands (the lab's pacer, or a test stepping the lab, must run).
 *
 * `stopExercise` clears (or cancels) the exercise's faults and journals `{ event: 'exercise_stop' }`;
 * `giveHint` journals a trainer hint (`HintPayloadSchema`, graded as a penalty) and shows its text to the
 * candidate as a discrete event on their HMI (the `event` hook, candidate-facing by design: the text only,
 * never the criterion or the cost).
 *
 * Fault truth (the drawn timeline) is kept here, on the trainer side, and returned only to trainer routes.
 */
import { randomInt } from 'node:crypto';
import { type InstanceFault, instantiateExercise } from '../../exercises/instantiate.ts';
import type { ExerciseIssue } from '../../exercises/loader.ts';
import type { Exercise } from '../../exercises/schema.ts';
import {
  ExerciseAssignmentSchema,
  type HintPayload,
  HintPayloadSchema,
} from '../../scoring/journal-model.ts';
import type { FaultEngine } from '../faults/engine.ts';
import { timelineCommands } from '../faults/exercise.ts';
import type { Actor, Command, CommandRecord } from '../kernel/command-types.ts';
import type { Station } from '../kernel/station.ts';
import { type FitReason, labFit, setPointsOf, stationFit } from './exercise-fit.ts';
import { ExerciseFileError, exerciseStore, type LoadedExercise } from './exercise-store.ts';
import type { JournalEntryInput } from './journal.ts';
import type { Lab } from './lab.ts';
import { StationTracker } from './station-tracker.ts';

export interface Bilingual {
  readonly fr: string;
  readonly en: string;
}

export interface StartRequest {
  /** an exercise id of `scoring.exercisesDir` (`pilotage-f01-heater-band`), or a file path */
  readonly exercise: string;
  /** the stations that run it (default: every station of the lab) */
  readonly stations?: readonly string[];
  /** the session seed the per-candidate variants are drawn from (default: drawn at random) */
  readonly seed?: number;
}

/** One drawn fault of a station's timeline (trainer-only truth). */
export interface DrawnFault {
  readonly item: string;
  readonly fault: string;
  readonly option: string | null;
  readonly component: string;
  readonly severity: number;
  /** seconds after the exercise start */
  readonly onset_s: number;
  /** station simulation ms of the onset */
  readonly onset_t: number;
  readonly profile: InstanceFault['profile'];
  readonly variant?: string;
  readonly params: InstanceFault['params'];
}

export interface StationStart {
  readonly station: string;
  /** station simulation ms of the exercise start */
  readonly start_t: number;
  /** set points written by the set-up */
  readonly setup: number;
  readonly faults: readonly DrawnFault[];
}

export interface StartResult {
  readonly exercise: {
    readonly id: string;
    readonly version: number;
    readonly title: Bilingual;
    readonly sha256: string;
    readonly duration_min: number;
  };
  readonly seed: number;
  readonly stations: readonly StationStart[];
  /** journal sequence numbers of the announcement(s) */
  readonly announcement: readonly number[];
  /** what of the set-up is not applied by the runner, and why */
  readonly notes: readonly Bilingual[];
}

export type RefusalCode = 'not_found' | 'invalid' | 'incompatible' | 'busy' | 'refused' | 'not_running';

/** A start or stop the runner refuses: nothing was changed (except as `started` says). */
export class ExerciseRefused extends Error {
  readonly code: RefusalCode;
  readonly reasons: readonly FitReason[];
  /** the loader's problems for an invalid file (file, line, column, field) */
  readonly issues: readonly ExerciseIssue[];
  constructor(
    code: RefusalCode,
    message: string,
    reasons: readonly FitReason[] = [],
    issues: readonly ExerciseIssue[] = [],
  ) {
    super(message);
    this.name = 'ExerciseRefused';
    this.code = code;
    this.reasons = reasons;
    this.issues = issues;
  }
}

/** The exercise a station runs (or ran last). */
export interface Assignment {
  readonly exercise: Exercise;
  readonly sha256: string;
  readonly file: string;
  readonly seed: number;
  readonly station: string;
  readonly start_t: number;
  readonly startedBy: string;
  readonly announcementSeq: number;
  readonly faults: readonly DrawnFault[];
  active: boolean;
  stopped?: { readonly seq: number; readonly by: string; readonly reason?: string };
}

const SETUP_REASON = 'startup: jeu de paramètres validé / validated dataset';

const drawn = (f: InstanceFault, startMs: number): DrawnFault => ({
  item: f.item,
  fault: f.fault,
  option: f.option,
  component: f.component,
  severity: f.severity,
  onset_s: f.onset_s,
  onset_t: startMs + f.onset_s * 1000,
  profile: f.profile,
  ...(f.variant !== undefined ? { variant: f.variant } : {}),
  params: f.params,
});

const journalActor = (a: Actor): JournalEntryInput['actor'] => ({
  user: a.user,
  roles: a.roles,
  channel: a.channel,
  ...(a.client ? { client: a.client } : {}),
});

/** Set-up fields the runner cannot apply on running stations, said to the trainer. */
function setupNotes(ex: Exercise): Bilingual[] {
  const notes: Bilingual[] = [];
  if (ex.setup.lot !== undefined)
    notes.push({
      fr: `Lot matière ${ex.setup.lot} : non appliqué, les postes gardent leur lot (le changement de lot passe par le MES).`,
      en: `Material lot ${ex.setup.lot}: not applied, the stations keep their lot (a lot change goes through the MES).`,
    });
  if (ex.setup.options.cavity_pressure_transfer)
    notes.push({
      fr: 'Commutation sur pression empreinte : à régler par le formateur (option non appliquée).',
      en: 'Cavity-pressure transfer: for the trainer to set (option not applied).',
    });
  return notes;
}

export class ExerciseRunner {
  readonly lab: Lab;
  readonly tracker: StationTracker;
  /** the latest assignment of each station, active or not */
  private readonly current = new Map<string, Assignment>();
  /** every assignment of this lab run, oldest first */
  readonly history: Assignment[] = [];

  constructor(lab: Lab) {
    this.lab = lab;
    this.tracker = new StationTracker(lab);
    this.restore();
  }

  /** The exercise a station runs now, if any. */
  active(station: string): Assignment | undefined {
    const a = this.current.get(station);
    return a?.active ? a : undefined;
  }

  /** The latest exercise of a station, running or stopped. */
  latest(station: string): Assignment | undefined {
    return this.current.get(station);
  }

  /** Load an exercise by id or path; refusals carry the loader's issues. */
  load(ref: string): LoadedExercise {
    try {
      return exerciseStore(this.lab).resolve(ref);
    } catch (e) {
      if (e instanceof ExerciseFileError) throw new ExerciseRefused(e.code, e.message, [], e.issues);
      throw e;
    }
  }

  /** Why this exercise cannot run on these stations now (empty: it can). */
  fit(loaded: LoadedExercise, stations: readonly string[], seed: number, actor: Actor): FitReason[] {
    const reasons = labFit(this.lab.config, loaded.exercise);
    // a lab that does not fit makes the station checks moot (missing hot-runner signals…)
    const lab = reasons.length > 0;
    for (const id of stations) {
      const st = this.lab.station(id);
      if (!st) {
        reasons.push({
          code: 'station',
          station: id,
          fr: `${id} : ce poste n'existe pas`,
          en: `${id}: no such station`,
        });
        continue;
      }
      const busy = this.active(id);
      if (busy) {
        reasons.push({
          code: 'busy',
          station: id,
          fr: `${id} : l'exercice ${busy.exercise.id} est en cours ; arrêtez-le d'abord`,
          en: `${id}: exercise ${busy.exercise.id} is running; stop it first`,
        });
        continue;
      }
      if (lab) continue;
      const inst = instantiateExercise(loaded.exercise, seed, id);
      reasons.push(...stationFit(st, loaded.exercise, inst, st.clock.now, actor));
    }
    return reasons;
  }

  /** See `startExercise`. */
  start(req: StartRequest, actor: Actor): Promise<StartResult> {
    // everything up to the queued commands is synchronous (t = 0 when called before the clock runs)
    const loaded = this.load(req.exercise);
    const ex = loaded.exercise;
    const stations = [...new Set(req.stations ?? [...this.lab.stations.keys()])];
    if (stations.length === 0) throw new ExerciseRefused('incompatible', 'no station chosen');
    const seed = req.seed ?? randomInt(0, 2 ** 31 - 1);
    const reasons = this.fit(loaded, stations, seed, actor);
    if (reasons.length) {
      const code = reasons.every((r) => r.code === 'busy') ? 'busy' : 'incompatible';
      throw new ExerciseRefused(
        code,
        `exercise ${ex.id} cannot start: ${reasons.map((r) => r.en).join('; ')}`,
        reasons,
      );
    }

    // 1. the announcement, one per distinct station clock (one lab steps every station together)
    const byStart = new Map<number, string[]>();
    for (const id of stations) {
      const t = this.lab.station(id)!.clock.now;
      byStart.set(t, [...(byStart.get(t) ?? []), id]);
    }
    const announced = new Map<string, number>();
    const announcement: number[] = [];
    for (const [start_t, ids] of byStart) {
      const payload = ExerciseAssignmentSchema.parse({
        event: 'exercise',
        exercise: ex.id,
        sha256: loaded.sha256,
        seed,
        stations: ids,
        start_t,
      });
      const [entry] = this.lab.journal.append([
        { type: 'session', station: '', t: 0, actor: journalActor(actor), payload },
      ]);
      announcement.push(entry!.seq);
      for (const id of ids) announced.set(id, entry!.seq);
    }

    // 2. per station: the set-up as one group of writes, then the timeline, applied at the same boundary
    const pending: { st: Station; setup: Promise<CommandRecord[]>; faults: Promise<CommandRecord>[] }[] = [];
    const starts: StationStart[] = [];
    for (const id of stations) {
      const st = this.lab.station(id)!;
      const start_t = st.clock.now;
      const inst = instantiateExercise(ex, seed, id);
      const writes: Command[] = Object.entries(setPointsOf(ex, inst.vars)).map(([signal, value]) => ({
        station: id,
        actor,
        input: { kind: 'write', signal, value, reason: SETUP_REASON },
      }));
      const setup = writes.length ? st.submitAll(writes) : Promise.resolve([]);
      const faults = timelineCommands(ex.id, inst.faults, start_t / 1000).map((input) =>
        st.submit({ station: id, actor, input }),
      );
      pending.push({ st, setup, faults });
      const a: Assignment = {
        exercise: ex,
        sha256: loaded.sha256,
        file: loaded.file,
        seed,
        station: id,
        start_t,
        startedBy: actor.user,
        announcementSeq: announced.get(id)!,
        faults: inst.faults.map((f) => drawn(f, start_t)),
        active: true,
      };
      this.current.set(id, a);
      this.history.push(a);
      starts.push({ station: id, start_t, setup: writes.length, faults: a.faults });
    }

    const result: StartResult = {
      exercise: {
        id: ex.id,
        version: ex.version,
        title: ex.title,
        sha256: loaded.sha256,
        duration_min: ex.duration_min,
      },
      seed,
      stations: starts,
      announcement,
      notes: setupNotes(ex),
    };
    return this.settle(pending, actor).then(() => result);
  }

  /** Wait for the boundary; a station whose commands were refused there is rolled back and reported. */
  private async settle(
    pending: { st: Station; setup: Promise<CommandRecord[]>; faults: Promise<CommandRecord>[] }[],
    actor: Actor,
  ): Promise<void> {
    const refused: FitReason[] = [];
    for (const p of pending) {
      const recs = [...(await p.setup), ...(await Promise.all(p.faults))];
      const bad = recs.filter((r) => r.status === 'rejected');
      if (!bad.length) continue;
      for (const r of bad) {
        const what = r.input.kind === 'write' ? r.input.signal : r.input.action;
        refused.push({
          code: r.input.kind === 'write' ? 'setpoint' : 'fault',
          station: p.st.id,
          fr: `${p.st.id} : ${what} refusé : ${r.rejection?.message ?? ''}`,
          en: `${p.st.id}: ${what} refused: ${r.rejection?.message ?? ''}`,
        });
      }
      await this.stopStations([p.st.id], actor, {
        clearFaults: true,
        reason: 'start refused at the boundary',
      });
    }
    if (refused.length) throw new ExerciseRefused('refused', refused.map((r) => r.en).join('; '), refused);
  }

  /** See `stopExercise`. */
  async stop(
    req: { stations?: readonly string[]; clearFaults?: boolean; reason?: string },
    actor: Actor,
  ): Promise<{ stations: string[]; cleared: Record<string, string[]> }> {
    const ids = (req.stations ?? [...this.lab.stations.keys()]).filter((id) => this.active(id));
    if (!ids.length) throw new ExerciseRefused('not_running', 'no exercise is running on these stations');
    return this.stopStations(ids, actor, {
      clearFaults: req.clearFaults ?? true,
      ...(req.reason ? { reason: req.reason } : {}),
    });
  }

  private async stopStations(
    ids: readonly string[],
    actor: Actor,
    opts: { clearFaults: boolean; reason?: string },
  ): Promise<{ stations: string[]; cleared: Record<string, string[]> }> {
    const byExercise = new Map<string, string[]>();
    for (const id of ids) {
      const a = this.current.get(id);
      if (!a?.active) continue;
      byExercise.set(a.exercise.id, [...(byExercise.get(a.exercise.id) ?? []), id]);
    }
    const clears: Promise<CommandRecord>[] = [];
    const cleared: Record<string, string[]> = {};
    for (const [exercise, stations] of byExercise) {
      const [entry] = this.lab.journal.append([
        {
          type: 'session',
          station: '',
          t: 0,
          actor: journalActor(actor),
          payload: {
            event: 'exercise_stop',
            exercise,
            stations,
            clear_faults: opts.clearFaults,
            ...(opts.reason ? { reason: opts.reason.slice(0, 300) } : {}),
          },
        },
      ]);
      for (const id of stations) {
        const a = this.current.get(id)!;
        a.active = false;
        a.stopped = { seq: entry!.seq, by: actor.user, ...(opts.reason ? { reason: opts.reason } : {}) };
        cleared[id] = [];
        if (!opts.clearFaults) continue;
        const st = this.lab.station(id)!;
        // only this exercise's instances (an ad-hoc fault of the trainer may carry the same id)
        const mine = new Set(
          (st.model<FaultEngine>('faults')?.list(false) ?? [])
            .filter((f) => f.exercise === a.exercise.id && (f.state === 'active' || f.state === 'scheduled'))
            .map((f) => f.id),
        );
        for (const f of a.faults) {
          if (!mine.has(f.item)) continue;
          cleared[id]!.push(f.item);
          clears.push(
            st.submit({
              station: id,
              actor,
              input: { kind: 'action', action: 'fault.clear', args: { id: f.item } },
            }),
          );
        }
      }
    }
    await Promise.all(clears);
    return { stations: [...byExercise.values()].flat(), cleared };
  }

  /** See `giveHint`. */
  hint(
    station: string,
    hint: {
      criterion?: HintPayload['criterion'];
      cost?: number;
      text?: { fr?: string; en?: string };
      show?: boolean;
    },
    actor: Actor,
  ): { seq: number; shown: boolean } {
    const st = this.lab.station(station);
    if (!st) throw new ExerciseRefused('not_found', `station ${station}: not found`);
    const text = hint.text && (hint.text.fr?.trim() || hint.text.en?.trim()) ? hint.text : undefined;
    const payload = HintPayloadSchema.parse({
      event: 'hint',
      ...(hint.criterion ? { criterion: hint.criterion } : {}),
      ...(hint.cost !== undefined ? { cost: hint.cost } : {}),
      ...(text ? { text } : {}),
    });
    const [entry] = this.lab.journal.append([
      { type: 'event', station, t: st.clock.now, actor: journalActor(actor), payload },
    ]);
    const shown = (hint.show ?? true) && text !== undefined;
    if (shown) {
      // the candidate's HMI lists it with the station's discrete events (text only)
      st.hooks.emit('event', {
        type: 'message',
        equipment: 'session',
        t: st.clock.now,
        data: {
          ...(text!.fr?.trim() ? { fr: text!.fr.trim() } : {}),
          ...(text!.en?.trim() ? { en: text!.en.trim() } : {}),
        },
      });
    }
    return { seq: entry!.seq, shown };
  }

  /** Rebuild the assignments from the journal's announcements (a lab restarted on its data folder). */
  private restore(): void {
    let entries: ReturnType<Lab['journal']['read']>;
    try {
      entries = this.lab.journal.read({ types: ['session'] });
    } catch {
      return;
    }
    const store = exerciseStore(this.lab);
    for (const e of entries) {
      const p = e.payload as { event?: string; exercise?: string; stations?: string[] };
      if (p?.event === 'exercise_stop' && Array.isArray(p.stations)) {
        for (const id of p.stations) {
          const a = this.current.get(id);
          if (a?.active && a.exercise.id === p.exercise) {
            a.active = false;
            a.stopped = { seq: e.seq, by: e.actor?.user ?? '' };
          }
        }
        continue;
      }
      const ann = ExerciseAssignmentSchema.safeParse(e.payload);
      if (!ann.success) continue;
      let loaded: LoadedExercise | undefined;
      try {
        loaded = store.byId(ann.data.exercise);
      } catch {
        loaded = undefined;
      }
      if (!loaded) continue;
      for (const id of ann.data.stations) {
        if (!this.lab.station(id)) continue;
        const inst = instantiateExercise(loaded.exercise, ann.data.seed, id);
        const a: Assignment = {
          exercise: loaded.exercise,
          sha256: ann.data.sha256,
          file: loaded.file,
          seed: ann.data.seed,
          station: id,
          start_t: ann.data.start_t,
          startedBy: e.actor?.user ?? '',
          announcementSeq: e.seq,
          faults: inst.faults.map((f) => drawn(f, ann.data.start_t)),
          active: true,
        };
        this.current.set(id, a);
        this.history.push(a);
      }
    }
  }
}

const runners = new WeakMap<Lab, ExerciseRunner>();

/** The runner of a lab (one per lab, created on first use; it starts tracking the stations' shots). */
export function exerciseRunner(lab: Lab): ExerciseRunner {
  let r = runners.get(lab);
  if (!r) runners.set(lab, (r = new ExerciseRunner(lab)));
  return r;
}

/**
 * Start an exercise on stations: validate, check it fits, announce, apply the set-up and schedule each
 * station's drawn faults (see the file's header). Throws `ExerciseRefused` (nothing changed) when it
 * cannot; resolves once the commands are applied.
 */
export function startExercise(lab: Lab, req: StartRequest, actor: Actor): Promise<StartResult> {
  try {
    return exerciseRunner(lab).start(req, actor);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Stop the exercise of stations (default all running): its faults cleared unless `clearFaults: false`. */
export function stopExercise(
  lab: Lab,
  req: { stations?: readonly string[]; clearFaults?: boolean; reason?: string },
  actor: Actor,
): Promise<{ stations: string[]; cleared: Record<string, string[]> }> {
  return exerciseRunner(lab).stop(req, actor);
}

/** A trainer hint to one station: journaled (graded as a penalty), its text shown on the candidate's HMI. */
export function giveHint(
  lab: Lab,
  station: string,
  hint: Parameters<ExerciseRunner['hint']>[1],
  actor: Actor,
): { seq: number; shown: boolean } {
  return exerciseRunner(lab).hint(station, hint, actor);
}
