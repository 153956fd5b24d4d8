/**
 * Transcript builder: writes the journal of a scripted candidate exactly as the lab would — the session
 * start, the exercise assignment, the fault engine's `fault` entries, HMI views and history trend queries
 * (with their windows), `act.*` gestures and parameter writes as command records (accepted or refused,
 * with previous/applied values), diagnosis submissions, per-shot cycle summaries carrying the fault's
 * signature, trainer hints and overrides. Entries are hash-chained like the real journal, and can be
 * written to a real SQLite journal file for the CLI tests.
 */
import type { KeyObject } from 'node:crypto';
import type { Exercise } from '../../exercises/schema.ts';
import type { CriterionId } from '../../scoring/journal-model.ts';
import { RandomStream } from '../../simulator/kernel/rng.ts';
import type { DiagnosisInput } from '../../simulator/session/diagnosis.ts';
import {
  entryHash,
  GENESIS,
  Journal,
  type JournalEntry,
  type JournalType,
} from '../../simulator/session/journal.ts';

export const MIN = 60_000;
export const EPOCH = Date.UTC(2026, 2, 12, 8, 0, 0);

type Actor = NonNullable<JournalEntry['actor']>;

export interface TranscriptOptions {
  readonly station?: string;
  readonly user?: string;
  readonly epochMs?: number;
}

export interface FaultSpec {
  readonly item: string;
  readonly fault: string;
  readonly option?: string | null;
  readonly component: string;
  readonly severity?: number;
  readonly onset_t: number;
  readonly exercise?: string;
}

export class Transcript {
  readonly station: string;
  readonly epochMs: number;
  readonly candidate: Actor;
  readonly trainer: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest' };
  readonly scenario: Actor = { user: 'scenario', roles: ['system'], channel: 'scenario' };
  private readonly items: {
    type: JournalType;
    station: string;
    t: number;
    actor?: Actor;
    payload: unknown;
  }[] = [];
  private cmdSeq = 0;
  private diagVersion = 0;
  /** current simulation ms of the station */
  now = 0;
  /** current values of written signals (for previous/applied) */
  readonly values = new Map<string, number | boolean | string>();

  constructor(opts: TranscriptOptions = {}) {
    this.station = opts.station ?? 'st1';
    this.epochMs = opts.epochMs ?? EPOCH;
    this.candidate = { user: opts.user ?? this.station, roles: ['operator', 'technician'], channel: 'hmi' };
    this.push('session', '', 0, undefined, {
      event: 'start',
      epochMs: this.epochMs,
      seed: 1,
      tickMs: 100,
      stations: [this.station],
      material: 'PP',
    });
  }

  private push(
    type: JournalType,
    station: string,
    t: number,
    actor: Actor | undefined,
    payload: unknown,
  ): this {
    this.items.push({ type, station, t, ...(actor ? { actor } : {}), payload });
    return this;
  }

  /** Move the station clock to `ms` (never backwards). */
  at(ms: number): this {
    this.now = Math.max(this.now, Math.round(ms));
    return this;
  }

  wait(ms: number): this {
    return this.at(this.now + ms);
  }

  /** Validated set points at the start. */
  setup(values: Readonly<Record<string, number | boolean | string>>): this {
    for (const [k, v] of Object.entries(values)) this.values.set(k, v);
    return this;
  }

  assign(exercise: Exercise, sha256: string, seed: number): this {
    this.setup(exercise.setup.set_points);
    return this.push('session', '', 0, this.trainer, {
      event: 'exercise',
      exercise: exercise.id,
      sha256,
      seed,
      stations: [this.station],
      start_t: 0,
    });
  }

  fault(f: FaultSpec, action: 'inject' | 'clear' | 'schedule' = 'inject'): this {
    return this.push('fault', this.station, action === 'inject' ? f.onset_t : this.now, this.scenario, {
      action,
      fault: f.fault,
      id: f.item,
      item: f.item,
      ...(f.exercise ? { exercise: f.exercise } : {}),
      ...(f.option ? { option: f.option } : {}),
      component: f.component,
      ...(f.severity !== undefined ? { severity: f.severity } : {}),
      onset_t: f.onset_t,
      source: 'timeline',
    });
  }

  /** An HMI screen (or faceplate with its equipment). */
  view(screen: string, target?: string): this {
    return this.push('view', this.station, this.now, this.candidate, {
      screen,
      ...(target ? { target } : {}),
    });
  }

  /** A history trend query, as routes/history.ts journals it: window from `fromMs` to `toMs` (station ms). */
  trend(signals: readonly string[], fromMs = this.now - 30 * MIN, toMs = this.now): this {
    const from = this.epochMs + fromMs;
    const to = this.epochMs + toMs;
    return this.push(
      'view',
      this.station,
      this.now,
      { ...this.candidate, channel: 'rest' },
      {
        view: 'trend',
        signals: [...signals],
        from,
        to,
        agg: 'auto',
        served: 'raw',
        from_t: fromMs,
        to_t: toMs,
        format: 'json',
      },
    );
  }

  /** A trend on the HMI's trends screen (epoch window only, as the HMI sends it). */
  hmiTrend(signals: readonly string[], fromMs = this.now - 30 * MIN, toMs = this.now): this {
    return this.push('view', this.station, this.now, this.candidate, {
      screen: 'trends',
      signals: [...signals],
      from: this.epochMs + fromMs,
      to: this.epochMs + toMs,
    });
  }

  private command(
    actor: Actor,
    input: Record<string, unknown>,
    status: 'accepted' | 'rejected',
    extra: Record<string, unknown>,
  ): this {
    this.cmdSeq++;
    return this.push('command', this.station, this.now, actor, {
      seq: this.cmdSeq,
      tick: Math.floor(this.now / 100),
      input,
      status,
      ...extra,
    });
  }

  /** A gesture (`act.*` action); `refused` gives the simulator's precondition message. */
  act(
    action: string,
    args: Record<string, unknown> = {},
    opts: { refused?: string; result?: unknown } = {},
  ): this {
    this.wait(1000);
    const input = { kind: 'action', action, args };
    if (opts.refused) {
      return this.command(this.candidate, input, 'rejected', {
        rejection: { code: 'precondition', message: `${action}: ${opts.refused}` },
      });
    }
    return this.command(
      this.candidate,
      input,
      'accepted',
      opts.result !== undefined ? { result: opts.result } : {},
    );
  }

  /** A parameter change by the candidate (with a reason unless `reason` is null). */
  write(
    signal: string,
    value: number | boolean | string,
    reason: string | null = 'ajustement',
    actor?: Actor,
  ): this {
    this.wait(500);
    const previous = this.values.get(signal);
    this.values.set(signal, value);
    const input = { kind: 'write', signal, value, ...(reason ? { reason } : {}) };
    return this.command(actor ?? this.candidate, input, 'accepted', {
      ...(previous !== undefined ? { previous } : {}),
      applied: value,
    });
  }

  /** Several writes in the same second (a "shotgun"). */
  writeAll(values: Readonly<Record<string, number>>, reason: string | null = 'essai'): this {
    for (const [k, v] of Object.entries(values)) {
      const previous = this.values.get(k);
      this.values.set(k, v);
      this.command(
        this.candidate,
        { kind: 'write', signal: k, value: v, ...(reason ? { reason } : {}) },
        'accepted',
        {
          ...(previous !== undefined ? { previous } : {}),
          applied: v,
        },
      );
    }
    return this.wait(1000);
  }

  /** A write by someone else (the F23 intruder, a trainer). */
  foreignWrite(signal: string, value: number, actor: Actor): this {
    return this.write(signal, value, null, actor);
  }

  restoreValidated(validated: Readonly<Record<string, number | boolean | string>>): void {
    for (const [k, v] of Object.entries(validated)) this.values.set(k, v);
  }

  diagnose(d: DiagnosisInput, family = 'machine'): this {
    this.wait(2000);
    this.diagVersion++;
    return this.push('diagnosis', this.station, this.now, this.candidate, {
      version: this.diagVersion,
      locked: true,
      ...(this.diagVersion > 1 ? { supersedes: this.diagVersion - 1 } : {}),
      family,
      diagnosis: d,
    });
  }

  /** Epoch ms of a station time (for diagnosis evidence windows). */
  epoch(ms: number): number {
    return this.epochMs + ms;
  }

  hint(criterion: CriterionId = 'identification', cost?: number): this {
    return this.push('event', this.station, this.now, this.trainer, {
      event: 'hint',
      criterion,
      ...(cost !== undefined ? { cost } : {}),
      text: { fr: 'Regardez les sorties des zones.', en: 'Look at the zone outputs.' },
    });
  }

  override(criterion: CriterionId, score: number, comment: string, exercise?: string): this {
    return this.push('override', this.station, this.now, this.trainer, {
      criterion,
      score,
      comment,
      ...(exercise ? { exercise } : {}),
    });
  }

  alarm(code: string, state: 'active' | 'cleared' = 'active'): this {
    return this.push('alarm', this.station, this.now, undefined, {
      code,
      equipment: 'imm',
      state,
      severity: 'warning',
      text: { fr: code, en: code },
      t: this.now,
    });
  }

  /**
   * Per-shot cycle summaries every `cycleS` seconds from `fromMs` to `toMs`, each the baseline record with
   * `shape(t)` applied (dotted paths → values).
   */
  cycles(
    fromMs: number,
    toMs: number,
    shape: (t: number) => Readonly<Record<string, number | string | boolean>>,
    cycleS = 20,
  ): this {
    const rng = new RandomStream(7, `cycles/${this.station}/${fromMs}`);
    let shot = this.shotAt(fromMs);
    for (let t = fromMs; t <= toMs; t += cycleS * 1000) {
      const rec = baselineShot(++shot, t, rng);
      for (const [path, v] of Object.entries(shape(t))) setPath(rec, path, v);
      this.push('cycle', this.station, t, undefined, rec);
    }
    return this;
  }

  /** The shot id at a time, for a 20 s cycle from t = 0. */
  shotAt(ms: number, cycleS = 20): number {
    return 1000 + Math.floor(ms / (cycleS * 1000));
  }

  /** The journal entries, in time order (stable), with sequence numbers and the hash chain. */
  entries(): JournalEntry[] {
    const sorted = this.items.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i);
    let prev = GENESIS;
    return sorted.map(({ e }, k) => {
      const base = {
        seq: k + 1,
        wall: this.epochMs + e.t,
        type: e.type,
        station: e.station,
        t: e.t,
        actor: e.actor,
        payload: e.payload,
      };
      const hash = entryHash(prev, base);
      const out = { ...base, prev, hash } as JournalEntry;
      prev = hash;
      return out;
    });
  }

  /** Write the entries to a real, signed SQLite journal (one durable transaction). */
  toJournal(path: string, signingKey: KeyObject): void {
    const j = new Journal(path, { signingKey, wallClock: () => this.epochMs });
    j.append(
      this.entries().map((e) => ({
        type: e.type,
        station: e.station,
        t: e.t,
        ...(e.actor ? { actor: e.actor } : {}),
        payload: e.payload,
      })),
    );
    j.close();
  }
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> | unknown[] = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    let next: unknown;
    if (Array.isArray(cur)) {
      next = /^\d+$/.test(p)
        ? cur[Number(p)]
        : cur.find(
            (x) => (x as Record<string, unknown>).sensor === p || (x as Record<string, unknown>).id === p,
          );
    } else next = cur[p];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = {};
      if (!Array.isArray(cur)) cur[p] = next;
    }
    cur = next as Record<string, unknown>;
  }
  const last = parts.at(-1)!;
  if (Array.isArray(cur)) cur[Number(last)] = value;
  else cur[last] = value;
}

const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** A healthy R-PP shot (domain-model §1.2 and §8 steady state) with per-shot noise (§3.16). */
export function baselineShot(shot: number, t: number, rng: RandomStream): Record<string, unknown> {
  const n = (s: number) => rng.normal(0, s);
  const circuit = (id: string) => ({
    id,
    surface_T: r(48 + n(0.3)),
    flow: r(8 + n(0.1)),
    supply_T: r(40 + n(0.2)),
    return_T: r(40.5 + n(0.2)),
    dT: r(0.5 + n(0.05)),
  });
  const cav = (sensor: string, pmax: number, t0: number) => ({
    sensor,
    pmax: r(pmax * (1 + n(0.012))),
    t_pmax: r(1.1 + n(0.02)),
    integral: r(pmax * 4.2),
    t0: r(t0 + n(0.05)),
    t_arrival: r(0.3),
    p_transfer: r(pmax * 0.8),
    p_end_hold: r(pmax * 0.3),
  });
  return {
    shot_id: shot,
    job: 'R-PP',
    material: 'PP',
    material_lot: 'PP-2024-118',
    mode: 'AUTOMATIC',
    t_start: r(t / 1000 - 19.7, 1),
    t_end: r(t / 1000, 1),
    cycle_time: r(19.7 + n(0.05)),
    times: {
      close: 1.4,
      lock: 0.3,
      fill: r(0.89 + n(0.004), 3),
      hold: 5,
      cool: 8,
      dose: r(4.5 + n(0.06)),
      open: 1.4,
      eject: 2.7,
      robot: 2.7,
    },
    transfer_position: 21.9,
    transfer_pressure: r(68 + n(0.5)),
    transfer_reason: 'position',
    peak_inj_pressure: r(70 + n(0.6)),
    peak_inj_pressure_hyd: r(700 + n(6)),
    hold_p_avg: 45,
    hold_p_max: 45.4,
    cushion_end: r(8 + n(0.12)),
    cushion_min: r(7.9 + n(0.12)),
    shot_size: 86.2,
    decompression: 3,
    pressure_limited: false,
    bottomed_out: false,
    gate_seal_time: r(3.7 + n(0.05)),
    rpm_avg: 280,
    back_pressure_avg: 8,
    torque_avg: r(180 + n(3)),
    melt_T: r(230 + n(0.5)),
    zones: {
      sp: [195, 210, 225, 230, 230],
      actual: [r(195 + n(0.3)), r(210 + n(0.3)), r(225 + n(0.3)), r(230 + n(0.3)), r(230 + n(0.3))],
      output_pct: [r(35 + n(1)), r(40 + n(1)), r(38 + n(1)), r(36 + n(1)), r(30 + n(1))],
    },
    oil_T: r(45 + n(0.2)),
    mould: {
      T_fixed: r(48 + n(0.3)),
      T_moving: r(48 + n(0.3)),
      circuits: ['a1', 'a2', 'b1', 'b2'].map(circuit),
    },
    cavity_pressure: [
      cav('cav1_gate', 38, 11.8),
      cav('cav1_eof', 25, 10.7),
      cav('cav2_gate', 38, 11.8),
      cav('cav2_eof', 25, 10.7),
    ],
    RV: r(1 + n(0.01), 3),
    shear_rate_index: 1,
    weights: [r(24 + n(0.036), 3), r(24 + n(0.036), 3)],
    dimensions: [r(113 + n(0.02), 3), r(113 + n(0.02), 3)],
    parts: [1, 2].map((cavity) => ({
      cavity,
      quality: 'good',
      vision: {
        result: 'good',
        dimension_mm: r(113 + n(0.02), 3),
        placement_offset_mm: r(n(0.3)),
        brightness_pct: r(92 + n(0.5)),
      },
    })),
    defects: [],
    quality: 'good',
    quality_reason: '',
    cycle_quality: 'GOOD_CYCLE',
    energy: {
      kwh_total: 0.047,
      kwh_machine: 0.043,
      by_consumer: { machine: 0.043, tcu: 0.003, dryer: 0.001 },
      sec: 0.98,
      sec_machine: 0.8,
    },
    clamp_force_actual: r(900 + n(4)),
    ejector_force_peak: [2, 2, 2, 2],
    vacuum_min: r(-75 + n(1)),
    alarms: [],
    regrind_ratio: 0,
    dryer_dp: r(-40 + n(1)),
    resin_moisture: 0.02,
    dataset_hash: 'a3f9c2',
    data_quality: 'good',
  };
}

/** The usual diagnosis shape, with evidence windows in epoch ms. */
export function diagnosis(
  tb: Transcript,
  d: {
    root: [string, string, string];
    symptoms: string[];
    explanation: string;
    corrective: string;
    preventive: string;
    evidence: {
      ref: string;
      fromMs: number;
      toMs: number;
      note?: string;
      kind?: 'signal' | 'curve' | 'shot' | 'alarm' | 'observation';
    }[];
  },
): DiagnosisInput {
  return {
    symptoms: d.symptoms,
    rootCause: { equipment: d.root[0], component: d.root[1], failureMode: d.root[2] },
    evidence: d.evidence.map((e) => ({
      kind: e.kind ?? 'signal',
      ref: e.ref,
      from: tb.epoch(e.fromMs),
      to: tb.epoch(e.toMs),
      ...(e.note ? { note: e.note } : {}),
    })),
    explanation: d.explanation,
    corrective: d.corrective,
    preventive: d.preventive,
  };
}
