/**
 * The exercise file schema (DESIGN.md principle 6: exercises are data; issue 8). Every object is a zod
 * strict object, so an unknown key anywhere — a typo such as `valdation` — is an error
 * (reliability-security §4.1), and the loader maps each issue to the file, line and field.
 *
 * Strings of the `expected`, `safety` and `forbidden` sections may contain `{var}` placeholders: the
 * variables of the component option drawn for the candidate (`timeline[].component.choose[].vars`), so one
 * exercise serves every per-candidate variant (reliability-security T8) and the loader checks each.
 *
 * Numbers that may be drawn per candidate are either a fixed number or `{ min, max }` (uniform draw from
 * the station's seed, see `instantiate.ts`).
 */
import { z } from 'zod';
import {
  CRITERIA,
  DIAG_MEASUREMENTS,
  FaultIdSchema,
  GESTURE_NAMES,
  INSTRUMENTS,
  PPE_ITEMS,
  REPAIR_OPS,
} from '../scoring/journal-model.ts';
import { FAMILIES } from '../simulator/session/taxonomy.ts';
import { CERTIFICATIONS, SAFETY_TOKEN_NAMES, type SafetyToken } from './catalogue.ts';

const finite = z.number().finite();
const localized = (max = 4000) =>
  z.strictObject({ fr: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
export type Localized = { fr: string; en: string };

/** ids inside the file: lower case, digits, `_` and `-` */
export const IdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'an id: lower-case letters, digits, "_" or "-", starting with a letter');
const varName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a variable name: lower-case letters, digits and "_"');

/** a signal key, possibly with `{var}` placeholders (checked against the signal catalogue) */
export const SignalTemplate = z
  .string()
  .max(200)
  .regex(
    /^[a-z{][a-z0-9_.{}]*$/,
    'a signal key such as imm.zone2.temp_sp (lower case, "." separated; {var} placeholders allowed)',
  );
/** a taxonomy component `equipment.component` or equipment, possibly with `{var}` placeholders */
export const ComponentTemplate = z
  .string()
  .max(120)
  .regex(/^[a-z{][a-z0-9_{}]*(\.[a-z{][a-z0-9_{}]*)?$/, 'a component such as barrel.z2_heater');
const FailurePathTemplate = z
  .string()
  .max(160)
  .regex(
    /^[a-z{][a-z0-9_{}]*\.[a-z{][a-z0-9_{}]*\.[a-z{][a-z0-9_{}]*$/,
    'a taxonomy path equipment.component.failure_mode',
  );
/** a ShotRecord field path, e.g. `cushion_end`, `times.dose`, `zones.actual.1`, `cavity_pressure.cav2_gate.pmax` */
const FieldTemplate = z
  .string()
  .max(120)
  .regex(/^[a-zA-Z{][a-zA-Z0-9_{}]*(\.[a-zA-Z0-9_{}]+)*$/, 'a shot-record field path such as times.dose');

export const RangeSchema = z.strictObject({ min: finite, max: finite });
export type Range = z.infer<typeof RangeSchema>;
/** a number, or a range drawn per candidate */
export const Drawn = z.union([finite, RangeSchema], { error: 'a number or { min, max }' });
export type DrawnValue = z.infer<typeof Drawn>;

const scalar = z.union([finite, z.string().max(200), z.boolean()], {
  error: 'a number, a string or a boolean',
});
const paramName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a parameter name');

// ---- set-up --------------------------------------------------------------------------------------

export const SetupSchema = z.strictObject({
  /** material preset (domain-model §2.3) */
  material: z.enum(['PP', 'ABS', 'PA6']),
  /** reference job (§1.2): R-PP, R-PP-HR (hot runner), R-ABS, R-PA6 */
  job: z.enum(['R-PP', 'R-PP-HR', 'R-ABS', 'R-PA6']),
  start: z.enum(['production', 'cold']).default('production'),
  /** material lot loaded at the start */
  lot: z.string().min(1).max(64).optional(),
  /** the validated dataset: set points at the start (signal key → value) */
  set_points: z.record(SignalTemplate, scalar).default({}),
  options: z
    .strictObject({
      hot_runner: z.boolean().default(false),
      cavity_pressure_transfer: z.boolean().default(false),
      scale_station: z.boolean().default(true),
    })
    .prefault({}),
});

// ---- fault timeline -------------------------------------------------------------------------------

export const ComponentOptionSchema = z.strictObject({
  id: IdSchema,
  /** taxonomy component the fault acts on */
  target: ComponentTemplate,
  /** variables this option gives to the expected sections, e.g. `{ zone: zone2, heater: z2_heater }` */
  vars: z.record(varName, scalar).default({}),
  /** relative draw weight (default 1) */
  weight: finite.positive().max(1000).default(1),
});
export type ComponentOption = z.infer<typeof ComponentOptionSchema>;

export const ProfileSpecSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('step') }),
    z.strictObject({ kind: z.literal('ramp'), duration_min: Drawn }),
    z.strictObject({
      kind: z.literal('intermittent'),
      on_s: Drawn,
      off_s: Drawn,
      persistent_after_min: Drawn.optional(),
    }),
  ],
  { error: 'a profile: { kind: step }, { kind: ramp, duration_min } or { kind: intermittent, on_s, off_s }' },
);

export const TimelineItemSchema = z.strictObject({
  id: IdSchema,
  fault: FaultIdSchema,
  label: localized(200).optional(),
  /** the component acted on: fixed, or one option drawn per candidate */
  component: z.union(
    [ComponentTemplate, z.strictObject({ choose: z.array(ComponentOptionSchema).min(1).max(16) })],
    {
      error: 'a component path, or { choose: [options] }',
    },
  ),
  /** variables of a fixed component (a `choose` option carries its own) */
  vars: z.record(varName, scalar).default({}),
  /** 1 = the default severity of domain-model §4 "Inject" */
  severity: Drawn,
  /** minutes after the exercise start */
  onset_min: Drawn,
  profile: ProfileSpecSchema,
  variant: z
    .union([IdSchema, z.strictObject({ choose: z.array(IdSchema).min(1).max(16) })], {
      error: 'a variant id, or { choose: [ids] }',
    })
    .optional(),
  /** fault-specific parameters (names per fault in exercises/catalogue.ts) */
  params: z
    .record(paramName, z.union([scalar, RangeSchema], { error: 'a number, string, boolean or { min, max }' }))
    .default({}),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

// ---- matchers: what in the journal counts as a piece of evidence or an action ---------------------

export const WINDOW_RULES = ['after_onset', 'spans_onset', 'any'] as const;
export const MATCHER_KINDS = ['trend', 'view', 'diag', 'action', 'cite', 'measure', 'write'] as const;
const MATCHER_FIELDS: Record<(typeof MATCHER_KINDS)[number], readonly string[]> = {
  trend: ['all', 'window'],
  view: ['target'],
  diag: [],
  action: ['args'],
  cite: ['all'],
  measure: [],
  write: ['direction'],
};

/**
 * One way of satisfying an evidence item, a sequence step or a forbidden action — exactly one of:
 * - `trend: [signals]` — a trend query (or trends screen) showing any (`all: true`: all) of the signals,
 *   whose time window satisfies `window` relative to the fault onset (default `after_onset`);
 * - `view: <screen>` (optionally `target`) — a screen or faceplate opened after the onset;
 * - `diag: { target, measurement? }` — an accepted `act.diag`;
 * - `action: act.<gesture>` (optionally `args` that must be equal, arrays: must contain) — accepted;
 * - `cite: [signals]` — the candidate's diagnosis cites any of these signals as evidence;
 * - `measure: { instrument?, min_n? }` — an accepted `act.measure`;
 * - `write: [signals]` (optionally `direction: up|down|any` against the validated value) — an accepted write.
 */
export const MatcherSchema = z
  .strictObject({
    trend: z.array(SignalTemplate).min(1).max(16).optional(),
    view: z
      .string()
      .regex(/^[a-z_]+$/, 'a screen name')
      .optional(),
    diag: z
      .strictObject({ target: ComponentTemplate, measurement: z.enum(DIAG_MEASUREMENTS).optional() })
      .optional(),
    action: z.enum(GESTURE_NAMES as [string, ...string[]]).optional(),
    cite: z.array(SignalTemplate).min(1).max(16).optional(),
    measure: z
      .strictObject({ instrument: z.enum(INSTRUMENTS).optional(), min_n: z.int().min(1).max(500).optional() })
      .optional(),
    write: z.array(SignalTemplate).min(1).max(32).optional(),
    all: z.boolean().optional(),
    window: z.enum(WINDOW_RULES).optional(),
    target: z.string().min(1).max(100).optional(),
    args: z.record(z.string().regex(/^[a-z_]+$/), z.union([scalar, z.array(scalar).max(20)])).optional(),
    direction: z.enum(['up', 'down', 'any']).optional(),
  })
  .superRefine((m, ctx) => {
    const kinds = MATCHER_KINDS.filter((k) => m[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a matcher has exactly one of ${MATCHER_KINDS.join(', ')} (found ${kinds.length ? kinds.join(', ') : 'none'})`,
      });
      return;
    }
    const kind = kinds[0]!;
    for (const extra of ['all', 'window', 'target', 'args', 'direction'] as const) {
      if (m[extra] !== undefined && !MATCHER_FIELDS[kind].includes(extra)) {
        ctx.addIssue({
          code: 'custom',
          path: [extra],
          message: `"${extra}" does not apply to a ${kind} matcher`,
        });
      }
    }
  });
export type Matcher = z.infer<typeof MatcherSchema>;

export const EvidenceItemSchema = z.strictObject({
  id: IdSchema,
  label: localized(300),
  /** the timeline item whose onset the windows refer to (default: the first) */
  item: IdSchema.optional(),
  any: z.array(MatcherSchema).min(1).max(12),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const KeywordGroupSchema = z.strictObject({
  id: IdSchema,
  label: localized(300).optional(),
  /** any of these (case- and accent-insensitive) counts; a phrase preceded by a negation does not */
  any: z.array(z.string().trim().min(2).max(80)).min(1).max(40),
  weight: finite.positive().max(10).default(1),
});
export type KeywordGroup = z.infer<typeof KeywordGroupSchema>;

// ---- expected --------------------------------------------------------------------------------------

const ParamWindowSchema = z
  .strictObject({
    signal: SignalTemplate,
    label: localized(300).optional(),
    /** the final value lies in [min, max] */
    window: RangeSchema.optional(),
    /** or: the final value is the validated set-up value ± this */
    initial_tol: finite.min(0).optional(),
  })
  .refine((p) => (p.window === undefined) !== (p.initial_tol === undefined), {
    message: 'give exactly one of window or initial_tol',
  });

const ContainmentSchema = z.strictObject({
  signal: SignalTemplate,
  label: localized(300),
  /** the documented temporary value accepted as containment */
  window: RangeSchema,
  /** it must be back to the validated value (± tol) at the end, after the fix */
  revert: z.boolean().default(true),
  tol: finite.min(0).default(0.5),
  required: z.boolean().default(false),
});

const VerificationCheckSchema = z
  .strictObject({
    /** ShotRecord field path */
    field: FieldTemplate,
    label: localized(300).optional(),
    window: RangeSchema.optional(),
    /** or: within ± tol of the validated value of this set point */
    near: SignalTemplate.optional(),
    tol: finite.min(0).optional(),
  })
  .refine((c) => (c.window !== undefined) !== (c.near !== undefined && c.tol !== undefined), {
    message: 'give either window, or near and tol',
  });

const RootCauseSchema = z.strictObject({
  path: FailurePathTemplate,
  credit: finite.min(0).max(1),
  /** the timeline item this root cause identifies (default: the first) */
  item: IdSchema.optional(),
  note: localized(300).optional(),
});

export const ExpectedSchema = z.strictObject({
  diagnosis: z.strictObject({
    /** the expected statement (domain-model §4 "Diagnosis"), for the debrief */
    statement: localized(1000),
    /** fault ids accepted as a correct identification */
    faults: z.array(FaultIdSchema).min(1).max(5),
    /** the rootCause field of the diagnosis (version 1) is graded against this list */
    root_causes: z.array(RootCauseSchema).min(1).max(30),
    /** the 6M families consistent with the fault */
    families: z.array(z.enum(FAMILIES)).min(1).max(6),
    /** mechanism keywords expected in the explanation and symptoms */
    mechanism: z.array(KeywordGroupSchema).min(1).max(12),
    /** other injected faults the candidate must name (combined exercises) */
    also_identify: z
      .array(
        z.strictObject({
          item: IdSchema,
          label: localized(300),
          any: z.array(z.string().trim().min(2).max(80)).min(1).max(40),
        }),
      )
      .max(5)
      .default([]),
    /** the first abnormal signal(s): citing one earns the "leading signal" point */
    first_signal: z.array(SignalTemplate).min(1).max(8),
  }),
  evidence: z.strictObject({
    /** signals that show the fault: looking at one after the onset is a detection */
    key_signals: z.array(SignalTemplate).min(1).max(30),
    /** a trend window must reach this many minutes past the onset to show the signature */
    after_onset_min: finite.min(0).max(120).default(2),
    /** the minimum evidence set (domain-model §4 "Minimum evidence", §6.5) */
    minimum: z.array(EvidenceItemSchema).min(1).max(12),
    /** checks that rule out the main distractors (5M coverage) */
    rule_out: z.array(EvidenceItemSchema).max(12).default([]),
  }),
  /** what removes each fault (domain-model §5.2 K); any other repair is unjustified */
  repairs: z
    .array(
      z.strictObject({
        id: IdSchema,
        item: IdSchema.optional(),
        label: localized(300),
        any: z
          .array(z.strictObject({ component: ComponentTemplate, ops: z.array(z.enum(REPAIR_OPS)).min(1) }))
          .min(1)
          .max(8),
      }),
    )
    .max(8)
    .default([]),
  parameters: z
    .strictObject({
      final: z.array(ParamWindowSchema).max(30).default([]),
      containment: z.array(ContainmentSchema).max(10).default([]),
      /** other set points a candidate may change without it counting as collateral */
      allowed: z.array(SignalTemplate).max(30).default([]),
      verification: z
        .strictObject({
          /** shots after the last fix (or after the end of containment) that must be in the windows */
          shots: z.int().min(1).max(100).default(10),
          checks: z.array(VerificationCheckSchema).min(1).max(12),
        })
        .optional(),
    })
    .prefault({}),
  analysis: z.strictObject({ checks: z.array(EvidenceItemSchema).max(12).default([]) }).prefault({}),
  recommendations: z.strictObject({
    corrective: z.array(KeywordGroupSchema).min(1).max(12),
    preventive: z.array(KeywordGroupSchema).min(1).max(12),
    /** remedies that would be wrong here (a negated mention does not count) */
    avoid: z.array(KeywordGroupSchema).max(12).default([]),
  }),
});
export type Expected = z.infer<typeof ExpectedSchema>;

// ---- safety, forbidden actions --------------------------------------------------------------------

const TokenSchema = z.enum(SAFETY_TOKEN_NAMES as [SafetyToken, ...SafetyToken[]]);

export const SafetySchema = z.strictObject({
  /** the required sequence, in order; each step is satisfied by any of its matchers */
  sequence: z
    .array(
      z.strictObject({
        id: IdSchema,
        label: localized(300),
        any: z.array(MatcherSchema).min(1).max(8),
        required: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(60),
  /**
   * What must hold when a gesture happens. For a repair it replaces the built-in rule of its equipment
   * (docs/scoring.md), so `requires: []` declares a repair that needs nothing (e.g. a toolroom ticket).
   */
  preconditions: z
    .array(z.strictObject({ when: MatcherSchema, requires: z.array(TokenSchema).max(12) }))
    .max(30)
    .default([]),
  /** PPE the task needs (listed in the debrief; checked through `ppe_*` preconditions) */
  ppe: z.array(z.enum(PPE_ITEMS)).max(PPE_ITEMS.length).default([]),
  quarantine_required: z.boolean().default(true),
  fai_after_fix: z.boolean().default(true),
  /** the E-stop is an acceptable way to stop here (e.g. a conveyor jam) */
  estop_allowed: z.boolean().default(false),
});
export type Safety = z.infer<typeof SafetySchema>;

export const ForbiddenSchema = z.strictObject({
  id: IdSchema,
  label: localized(300),
  /** what it does in the simulator (debrief) */
  consequence: localized(600).optional(),
  match: MatcherSchema,
  /** it counts only if nothing matching this happened before it (e.g. the incident report) */
  only_before: MatcherSchema.optional(),
  /** critical/major/minor: a safety error (criterion gestures); process: a wrong process action */
  severity: z.enum(['critical', 'major', 'minor', 'process']).default('process'),
  criterion: z.enum(CRITERIA).optional(),
  penalty: finite.min(0).max(1).optional(),
});
export type Forbidden = z.infer<typeof ForbiddenSchema>;

// ---- rubric ----------------------------------------------------------------------------------------

const weight = finite.min(0).max(100);
export const RubricSchema = z.strictObject({
  weights: z
    .strictObject({
      identification: weight.default(25),
      parameters: weight.default(15),
      gestures: weight.default(20),
      analysis: weight.default(15),
      investigation: weight.default(15),
      recommendations: weight.default(10),
    })
    .prefault({}),
  /** % of the total: validated at or above `validated`, resit from `resit` (DESIGN.md: 60 / 50) */
  thresholds: z
    .strictObject({
      validated: finite.min(0).max(100).default(60),
      resit: finite.min(0).max(100).default(50),
    })
    .prefault({}),
  rules: z
    .strictObject({
      /** identification: each diagnosis version after the first (the first is graded) */
      resubmission_penalty: finite.min(0).max(1).default(0.1),
      /** per hint, on the hint's criterion, unless the hint entry gives its cost */
      hint_penalty: finite.min(0).max(1).default(0.1),
      /** investigation: a change or repair the collected evidence does not justify */
      unjustified_change_penalty: finite.min(0).max(1).default(0.1),
      /** investigation: per burst of `shotgun_count` set-point changes within `shotgun_window_s` */
      shotgun_penalty: finite.min(0).max(1).default(0.25),
      shotgun_count: z.int().min(2).max(20).default(3),
      shotgun_window_s: finite.min(0).max(3600).default(60),
      /** parameters: a set point changed and left changed that the case does not call for */
      collateral_change_penalty: finite.min(0).max(1).default(0.15),
      /** parameters: a write without a reason (domain-model §5.2 I) */
      undocumented_change_penalty: finite.min(0).max(1).default(0.05),
      /** gestures: per major / minor error (a critical error sets the criterion to 0) */
      major_error_penalty: finite.min(0).max(1).default(0.2),
      minor_error_penalty: finite.min(0).max(1).default(0.05),
      /** a critical safety error fails the whole exam (default: only the gestures criterion, §5.3) */
      critical_error_fails_exam: z.boolean().default(false),
      /** identification: detection within target gets full marks, none at max */
      detection_target_min: finite.min(0).max(240).default(10),
      detection_max_min: finite.min(0).max(480).default(40),
      /** investigation: proportionality — onset to first diagnosis, and views/measurements before it */
      time_budget_min: finite.min(1).max(480).default(60),
      max_investigation_actions: z.int().min(1).max(10_000).default(80),
    })
    .prefault({}),
});
export type Rubric = z.infer<typeof RubricSchema>;

// ---- the exercise ----------------------------------------------------------------------------------

export const DistractorSchema = z.strictObject({
  id: IdSchema,
  /** the fault it could be confused with */
  fault: FaultIdSchema.optional(),
  label: localized(300),
  consequence: localized(600),
});

export const ExerciseSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,79}$/, 'an exercise id: lower-case letters, digits and "-", 3 to 80 long'),
  version: z.int().min(1).max(10_000).default(1),
  title: localized(200),
  summary: localized(2000).optional(),
  certification: z.enum(Object.keys(CERTIFICATIONS) as [keyof typeof CERTIFICATIONS]),
  level: z.enum(['initiation', 'intermediate', 'advanced']),
  duration_min: z.int().min(10).max(480),
  setup: SetupSchema,
  timeline: z.array(TimelineItemSchema).min(1).max(8),
  expected: ExpectedSchema,
  safety: SafetySchema,
  forbidden: z.array(ForbiddenSchema).max(40).default([]),
  distractors: z.array(DistractorSchema).max(20).default([]),
  rubric: RubricSchema.prefault({}),
  trainer_notes: localized(8000),
  debrief: z.array(localized(1000)).min(1).max(20),
});
export type Exercise = z.infer<typeof ExerciseSchema>;
export type ExerciseInput = z.input<typeof ExerciseSchema>;
