/**
 * The candidate's diagnosis (issue 6; domain-model §6.5–6.6): observed symptoms, suspected root cause from
 * the taxonomy (equipment → component → failure mode, with its 6M family), cited evidence (signals or
 * curves with time windows), explanation, corrective and preventive recommendations.
 *
 * Versioning and lock: the first submission is version 1 and is locked; a later submission is a new
 * version (2, 3…) that the scorer sees as such. A client must name the version it supersedes
 * (`expectedVersion`), so a double click or a replayed frame never creates a version by accident.
 * Each version is journaled as `type: 'diagnosis'` with the candidate's identity, durably, before the
 * answer.
 */
import { z } from 'zod';
import type { Actor } from '../kernel/command-types.ts';
import type { Journal } from './journal.ts';
import { findFailureMode } from './taxonomy.ts';

const text = (max: number) => z.string().trim().max(max);
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and "_"');

export const EvidenceSchema = z
  .strictObject({
    /** a trend of a signal, a cavity-pressure (or other) curve, a shot record, an alarm, an observation */
    kind: z.enum(['signal', 'curve', 'shot', 'alarm', 'observation']),
    /** signal key, curve name, shot id, alarm code… */
    ref: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:/ -]+$/, 'letters, digits and . _ : / - only'),
    /** time window, epoch ms */
    from: z.number().finite().min(0).optional(),
    to: z.number().finite().min(0).optional(),
    note: text(500).optional(),
  })
  .refine((e) => e.from === undefined || e.to === undefined || e.from <= e.to, {
    message: 'from must not be after to',
    path: ['to'],
  });
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DiagnosisSchema = z.strictObject({
  symptoms: z.array(text(300).min(1)).min(1).max(20),
  rootCause: z.strictObject({ equipment: id, component: id, failureMode: id }),
  evidence: z.array(EvidenceSchema).max(30),
  explanation: text(4000).min(1),
  corrective: text(2000).min(1),
  preventive: text(2000),
});
export type DiagnosisInput = z.infer<typeof DiagnosisSchema>;

export const SubmitSchema = z.strictObject({
  /** the latest version the client has seen: 0 for a first submission */
  expectedVersion: z.int().min(0).max(1000),
  diagnosis: DiagnosisSchema,
});

export interface DiagnosisVersion {
  readonly version: number;
  readonly seq: number;
  /** simulation ms of the station */
  readonly t: number;
  /** wall-clock ms */
  readonly wall: number;
  readonly user: string;
  readonly family: string;
  readonly diagnosis: DiagnosisInput;
}

export type SubmitResult =
  | { readonly ok: true; readonly version: DiagnosisVersion }
  | { readonly ok: false; readonly error: string; readonly message: string };

export interface SubmitRequest {
  readonly station: string;
  readonly actor: Actor;
  /** simulation ms of the station now */
  readonly t: number;
  readonly input: unknown;
  /** a cited signal must exist and be visible to the submitter (candidate-visible for a candidate) */
  readonly signalVisible: (key: string) => boolean;
}

const first = (e: z.ZodError): string => {
  const i = e.issues[0]!;
  return `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`;
};

export class DiagnosisBook {
  private readonly journal: Journal;
  private readonly versions = new Map<string, DiagnosisVersion[]>();

  constructor(journal: Journal) {
    this.journal = journal;
    // resume: versions already journaled in this session count
    for (const e of journal.read({ types: ['diagnosis'] })) {
      const p = e.payload as { version?: number; family?: string; diagnosis?: DiagnosisInput };
      if (typeof p?.version !== 'number' || !p.diagnosis) continue;
      this.push(e.station, {
        version: p.version,
        seq: e.seq,
        t: e.t,
        wall: e.wall,
        user: e.actor?.user ?? '',
        family: p.family ?? '',
        diagnosis: p.diagnosis,
      });
    }
  }

  private push(station: string, v: DiagnosisVersion): void {
    const list = this.versions.get(station) ?? [];
    list.push(v);
    this.versions.set(station, list);
  }

  /** Every version of a station, oldest first. */
  list(station: string): readonly DiagnosisVersion[] {
    return this.versions.get(station) ?? [];
  }

  latest(station: string): DiagnosisVersion | undefined {
    const l = this.versions.get(station);
    return l?.[l.length - 1];
  }

  /** Validate, version, journal (durably) and lock a submission. */
  submit(req: SubmitRequest): SubmitResult {
    const { actor, station } = req;
    if (actor.station === undefined || !actor.roles.some((r) => r === 'operator' || r === 'technician')) {
      return {
        ok: false,
        error: 'forbidden',
        message: 'only the candidate of a station submits its diagnosis',
      };
    }
    if (actor.station !== station) {
      return { ok: false, error: 'other_station', message: 'your identity is bound to another station' };
    }
    const parsed = SubmitSchema.safeParse(req.input);
    if (!parsed.success) return { ok: false, error: 'invalid', message: first(parsed.error) };
    const { expectedVersion, diagnosis } = parsed.data;
    const rc = diagnosis.rootCause;
    const found = findFailureMode(rc.equipment, rc.component, rc.failureMode);
    if (!found) {
      return {
        ok: false,
        error: 'invalid',
        message: `rootCause: ${rc.equipment}/${rc.component}/${rc.failureMode} is not in the taxonomy`,
      };
    }
    for (const [i, e] of diagnosis.evidence.entries()) {
      if (e.kind === 'signal' && !req.signalVisible(e.ref)) {
        return { ok: false, error: 'invalid', message: `evidence.${i}.ref: ${e.ref}: unknown signal` };
      }
    }
    const current = this.latest(station)?.version ?? 0;
    if (expectedVersion !== current) {
      return {
        ok: false,
        error: 'version_conflict',
        message:
          current === 0
            ? 'no diagnosis submitted yet: expectedVersion must be 0'
            : `version ${current} is submitted and locked: resubmit with expectedVersion ${current} to create version ${current + 1}`,
      };
    }
    const version = current + 1;
    const [entry] = this.journal.append([
      {
        type: 'diagnosis',
        station,
        t: req.t,
        actor: {
          user: actor.user,
          roles: actor.roles,
          channel: actor.channel,
          ...(actor.client ? { client: actor.client } : {}),
        },
        payload: {
          version,
          locked: true,
          ...(current > 0 ? { supersedes: current } : {}),
          family: found.mode.family,
          diagnosis,
        },
      },
    ]);
    const v: DiagnosisVersion = {
      version,
      seq: entry!.seq,
      t: req.t,
      wall: entry!.wall,
      user: actor.user,
      family: found.mode.family,
      diagnosis,
    };
    this.push(station, v);
    return { ok: true, version: v };
  }
}
