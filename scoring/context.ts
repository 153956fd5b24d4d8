/**
 * One pass over the journal: the station's entries sorted into what the criteria need (commands, views,
 * diagnoses, cycles, fault actions, hints, overrides), the fault onsets, and the set points' validated,
 * current and final values. Malformed payloads are skipped and reported as notes, never thrown.
 */
import { instantiateExercise, resolveExercise, varsForOption } from '../exercises/instantiate.ts';
import type { Exercise } from '../exercises/schema.ts';
import type { Scalar } from '../exercises/template.ts';
import type { JournalEntry } from '../simulator/session/journal.ts';
import {
  CommandPayloadSchema,
  type CriterionId,
  DiagnosisPayloadSchema,
  ExerciseAssignmentSchema,
  FaultPayloadSchema,
  gestureArgs,
  HintPayloadSchema,
  OverridePayloadSchema,
  SessionStartSchema,
  ViewPayloadSchema,
} from './journal-model.ts';
import type { Bilingual } from './report-types.ts';

export interface ScoreOptions {
  /** the station to grade */
  readonly station: string;
  /** seed of the session, used only when the journal has no fault entries for the exercise */
  readonly seed?: number;
  /** wall-clock ms of simulation time 0 (to place windows given in epoch ms); default from the journal */
  readonly epochMs?: number;
  /** SHA-256 of the exercise file, shown in the report */
  readonly exerciseSha256?: string;
}

type Actor = JournalEntry['actor'];

export interface Cmd {
  readonly seq: number;
  readonly t: number;
  readonly user: string;
  readonly candidate: boolean;
  readonly kind: 'write' | 'action';
  readonly signal: string;
  readonly action: string;
  readonly args: Record<string, unknown>;
  readonly value: unknown;
  readonly reason: string | undefined;
  readonly accepted: boolean;
  readonly rejection: string | undefined;
  /** the rejection code (`precondition`, `interlock`, `unknown_action`…) */
  readonly rejectionCode: string | undefined;
  readonly previous: unknown;
  readonly applied: unknown;
  readonly result: unknown;
}

export interface View {
  readonly seq: number;
  readonly t: number;
  /** `trend`, or the screen name (`faceplate`, `shots`, `logbook`…) */
  readonly kind: string;
  readonly target: string | undefined;
  readonly signals: readonly string[];
  /** station ms window looked at, when known */
  readonly from_t: number | undefined;
  readonly to_t: number | undefined;
}

export interface Diag {
  readonly seq: number;
  readonly t: number;
  readonly version: number;
  readonly user: string;
  readonly family: string;
  readonly root: string;
  readonly evidence: readonly { kind: string; ref: string; from_t?: number; to_t?: number; note?: string }[];
  readonly symptoms: string;
  readonly explanation: string;
  readonly corrective: string;
  readonly preventive: string;
}

export interface FaultState {
  readonly item: string;
  readonly fault: string;
  readonly component: string;
  readonly option: string | null;
  readonly severity: number | null;
  readonly onset_t: number;
  readonly onset_seq: number | null;
  readonly source: 'journal' | 'instance';
  readonly vars: Readonly<Record<string, Scalar>>;
}

export interface SetpointTrack {
  /** validated value (set-up) or the value before the first write */
  readonly initial: number | undefined;
  final: number | undefined;
  readonly writes: Cmd[];
}

export interface Ctx {
  /** the exercise with the candidate's variables substituted */
  readonly ex: Exercise;
  readonly station: string;
  readonly candidate: string | null;
  readonly entries: readonly JournalEntry[];
  readonly t0: number;
  readonly epochMs: number | null;
  readonly faults: readonly FaultState[];
  readonly commands: readonly Cmd[];
  readonly views: readonly View[];
  readonly diagnoses: readonly Diag[];
  readonly cycles: readonly { seq: number; t: number; record: Record<string, unknown> }[];
  readonly hints: readonly {
    seq: number;
    t: number;
    criterion: CriterionId;
    cost: number | undefined;
    by: string;
  }[];
  readonly overrides: readonly {
    seq: number;
    t: number;
    criterion: CriterionId;
    score: number;
    comment: string;
    by: string;
  }[];
  readonly setpoints: ReadonlyMap<string, SetpointTrack>;
  readonly notes: Bilingual[];
  readonly lastSeq: number | null;
  readonly lastHash: string | null;
  readonly endT: number;
  onsetOf(item?: string): number;
  /** the primary item (the first root cause's, else the first of the timeline) */
  readonly primary: string;
}

const isCandidateActor = (a: Actor): boolean =>
  !!a && a.roles.some((r) => r === 'operator' || r === 'technician') && !a.roles.includes('trainer');
const isTrainerActor = (a: Actor): boolean => !!a && a.roles.includes('trainer');

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function buildContext(exercise: Exercise, journal: readonly JournalEntry[], opts: ScoreOptions): Ctx {
  const station = opts.station;
  const notes: Bilingual[] = [];
  const entries: JournalEntry[] = [];
  let epochMs: number | null = opts.epochMs ?? null;
  let assignment: ReturnType<typeof ExerciseAssignmentSchema.parse> | undefined;
  const faultEntries: { seq: number; t: number; p: ReturnType<typeof FaultPayloadSchema.parse> }[] = [];
  const commands: Cmd[] = [];
  const views: View[] = [];
  const rawDiags: { e: JournalEntry; p: ReturnType<typeof DiagnosisPayloadSchema.parse> }[] = [];
  const cycles: { seq: number; t: number; record: Record<string, unknown> }[] = [];
  const hints: Ctx['hints'][number][] = [];
  const overrides: Ctx['overrides'][number][] = [];
  let skipped = 0;
  let candidate: string | null = null;
  let endT = 0;
  for (const e of journal) {
    if (e.station !== station && e.station !== '') continue;
    entries.push(e);
    if (e.station === station && e.t > endT) endT = e.t;
    switch (e.type) {
      case 'session': {
        const start = SessionStartSchema.safeParse(e.payload);
        if (start.success && epochMs === null) epochMs = start.data.epochMs ?? e.wall;
        const a = ExerciseAssignmentSchema.safeParse(e.payload);
        if (a.success && a.data.exercise === exercise.id && a.data.stations.includes(station))
          assignment = a.data;
        break;
      }
      case 'fault': {
        const p = FaultPayloadSchema.safeParse(e.payload);
        if (p.success) faultEntries.push({ seq: e.seq, t: e.t, p: p.data });
        else skipped++;
        break;
      }
      case 'command': {
        const p = CommandPayloadSchema.safeParse(e.payload);
        if (!p.success) {
          skipped++;
          break;
        }
        const d = p.data;
        const cand = isCandidateActor(e.actor);
        if (cand && candidate === null) candidate = e.actor!.user;
        const input = d.input;
        commands.push({
          seq: e.seq,
          t: e.t,
          user: e.actor?.user ?? '',
          candidate: cand,
          kind: input.kind,
          signal: input.kind === 'write' ? input.signal : '',
          action: input.kind === 'action' ? input.action : '',
          args: input.kind === 'action' ? gestureArgs(input.action, input.args) : {},
          value: input.kind === 'write' ? input.value : undefined,
          reason: input.reason?.trim() ? input.reason.trim() : undefined,
          accepted: d.status === 'accepted',
          rejection: d.rejection?.message,
          rejectionCode: d.rejection?.code,
          previous: d.previous,
          applied: d.applied,
          result: d.result,
        });
        break;
      }
      case 'view': {
        if (!isCandidateActor(e.actor)) break;
        const p = ViewPayloadSchema.safeParse(e.payload);
        if (!p.success) {
          skipped++;
          break;
        }
        const v = p.data;
        const kind = v.view === 'trend' || v.screen === 'trends' ? 'trend' : (v.view ?? v.screen ?? 'view');
        const toStation = (x: number | null | undefined) =>
          x === null || x === undefined || epochMs === null ? undefined : x - epochMs;
        views.push({
          seq: e.seq,
          t: e.t,
          kind,
          target: v.target,
          signals: v.signals ?? [],
          from_t: v.from_t ?? toStation(v.from),
          to_t: v.to_t ?? toStation(v.to),
        });
        break;
      }
      case 'diagnosis': {
        const p = DiagnosisPayloadSchema.safeParse(e.payload);
        if (p.success) rawDiags.push({ e, p: p.data });
        else skipped++;
        break;
      }
      case 'cycle': {
        if (e.payload && typeof e.payload === 'object')
          cycles.push({ seq: e.seq, t: e.t, record: e.payload as Record<string, unknown> });
        break;
      }
      case 'event': {
        if (!isTrainerActor(e.actor)) break;
        const p = HintPayloadSchema.safeParse(e.payload);
        if (p.success)
          hints.push({
            seq: e.seq,
            t: e.t,
            criterion: p.data.criterion,
            cost: p.data.cost,
            by: e.actor?.user ?? '',
          });
        break;
      }
      case 'override': {
        if (!isTrainerActor(e.actor)) {
          skipped++;
          notes.push({
            fr: `Entrée ${e.seq} : révision de note sans identité de formateur, ignorée.`,
            en: `Entry ${e.seq}: an override without a trainer identity, ignored.`,
          });
          break;
        }
        const p = OverridePayloadSchema.safeParse(e.payload);
        if (p.success && (p.data.exercise === undefined || p.data.exercise === exercise.id)) {
          overrides.push({
            seq: e.seq,
            t: e.t,
            criterion: p.data.criterion,
            score: p.data.score,
            comment: p.data.comment,
            by: e.actor?.user ?? '',
          });
        } else if (!p.success) skipped++;
        break;
      }
      default:
        break;
    }
  }
  if (skipped) {
    notes.push({
      fr: `${skipped} entrée(s) au contenu non reconnu ignorée(s).`,
      en: `${skipped} entr${skipped > 1 ? 'ies' : 'y'} with an unrecognised payload skipped.`,
    });
  }

  // ---- fault onsets: the journal's fault entries, else the instantiation from the seed ---------------
  const t0 = assignment?.start_t ?? 0;
  const seed = opts.seed ?? assignment?.seed;
  const instance = seed !== undefined ? instantiateExercise(exercise, seed, station) : undefined;
  const faults: FaultState[] = [];
  for (const item of exercise.timeline) {
    const mine = faultEntries.filter(
      (f) =>
        (f.p.exercise === undefined || f.p.exercise === exercise.id) &&
        (f.p.item === item.id || (f.p.item === undefined && f.p.fault === item.fault)),
    );
    const start = mine.find((f) => f.p.action === 'inject') ?? mine.find((f) => f.p.action === 'schedule');
    if (start) {
      const vars =
        varsForOption(item, start.p.option) ??
        instance?.faults.find((f) => f.item === item.id)?.vars ??
        item.vars;
      faults.push({
        item: item.id,
        fault: item.fault,
        component: start.p.component ?? (typeof item.component === 'string' ? item.component : ''),
        option: start.p.option ?? null,
        severity: start.p.severity ?? null,
        onset_t: start.p.onset_t ?? start.t,
        onset_seq: start.seq,
        source: 'journal',
        vars,
      });
      continue;
    }
    const inst = instance?.faults.find((f) => f.item === item.id);
    if (inst) {
      faults.push({
        item: item.id,
        fault: item.fault,
        component: inst.component,
        option: inst.option,
        severity: inst.severity,
        onset_t: t0 + inst.onset_s * 1000,
        onset_seq: null,
        source: 'instance',
        vars: inst.vars,
      });
      notes.push({
        fr: `Pas d'entrée « fault » pour ${item.id} : début calculé depuis la graine ${seed}.`,
        en: `No fault entry for ${item.id}: onset computed from seed ${seed}.`,
      });
    } else {
      const fixed = typeof item.component === 'string' ? item.component : item.component.choose[0]!.target;
      const vars =
        typeof item.component === 'string' ? item.vars : { ...item.vars, ...item.component.choose[0]!.vars };
      const onsetMin = typeof item.onset_min === 'number' ? item.onset_min : item.onset_min.min;
      faults.push({
        item: item.id,
        fault: item.fault,
        component: fixed,
        option: typeof item.component === 'string' ? null : item.component.choose[0]!.id,
        severity: null,
        onset_t: t0 + onsetMin * 60_000,
        onset_seq: null,
        source: 'instance',
        vars,
      });
      notes.push({
        fr: `Ni entrée « fault » ni graine pour ${item.id} : première option et début au plus tôt supposés.`,
        en: `Neither a fault entry nor a seed for ${item.id}: first option and earliest onset assumed.`,
      });
    }
  }
  const vars: Record<string, Scalar> = {};
  for (const f of faults) Object.assign(vars, f.vars);
  const ex = resolveExercise(exercise, vars);

  // ---- diagnoses ----------------------------------------------------------------------------------------
  const toStation = (x: number | undefined) =>
    x === undefined || epochMs === null ? undefined : x - epochMs;
  const diagnoses: Diag[] = rawDiags
    .filter((d) => isCandidateActor(d.e.actor))
    .map(({ e, p }) => {
      const d = p.diagnosis;
      return {
        seq: e.seq,
        t: e.t,
        version: p.version,
        user: e.actor?.user ?? '',
        family: p.family ?? '',
        root: `${d.rootCause.equipment}.${d.rootCause.component}.${d.rootCause.failureMode}`,
        evidence: d.evidence.map((x) => ({
          kind: x.kind,
          ref: x.ref,
          ...(toStation(x.from) !== undefined ? { from_t: toStation(x.from)! } : {}),
          ...(toStation(x.to) !== undefined ? { to_t: toStation(x.to)! } : {}),
          ...(x.note ? { note: x.note } : {}),
        })),
        symptoms: d.symptoms.join('. '),
        explanation: d.explanation,
        corrective: d.corrective,
        preventive: d.preventive,
      };
    })
    .sort((a, b) => a.seq - b.seq);
  if (candidate === null && diagnoses[0]) candidate = diagnoses[0].user;

  // ---- set points: validated, current, final ----------------------------------------------------------
  const setpoints = new Map<string, SetpointTrack>();
  const validated = ex.setup.set_points;
  const track = (signal: string, before: unknown): SetpointTrack => {
    let s = setpoints.get(signal);
    if (!s) {
      const initial = num(validated[signal]) ?? num(before);
      s = { initial, final: initial, writes: [] };
      setpoints.set(signal, s);
    }
    return s;
  };
  for (const [k, v] of Object.entries(validated)) track(k, v);
  for (const c of commands) {
    if (!c.accepted) continue;
    if (c.kind === 'write') {
      const s = track(c.signal, c.previous);
      s.writes.push(c);
      s.final = num(c.applied) ?? num(c.value) ?? s.final;
    } else if (c.action === 'act.restore_dataset') {
      const restored =
        c.result && typeof c.result === 'object' && 'restored' in c.result
          ? ((c.result as { restored: unknown }).restored as Record<string, unknown>)
          : undefined;
      for (const [k, s] of setpoints) {
        const v = restored && typeof restored === 'object' ? num(restored[k]) : undefined;
        s.final = v ?? s.initial ?? s.final;
      }
    }
  }

  const last = entries.at(-1);
  const onsets = new Map(faults.map((f) => [f.item, f.onset_t]));
  const primary = ex.expected.diagnosis.root_causes[0]?.item ?? exercise.timeline[0]!.id;
  return {
    ex,
    station,
    candidate,
    entries,
    t0,
    epochMs,
    faults,
    commands,
    views,
    diagnoses,
    cycles,
    hints,
    overrides,
    setpoints,
    notes,
    lastSeq: last?.seq ?? null,
    lastHash: last?.hash ?? null,
    endT,
    primary,
    onsetOf: (item?: string) => onsets.get(item ?? primary) ?? onsets.values().next().value ?? t0,
  };
}

/** `mm:ss` (or `h:mm:ss`) of a station time relative to the exercise start. */
export function clock(t: number, t0: number): string {
  const s = Math.round((t - t0) / 1000);
  const sign = s < 0 ? '-' : '';
  const a = Math.abs(s);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const sec = a % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h ? `${sign}${h}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}
