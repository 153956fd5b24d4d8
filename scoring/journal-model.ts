/**
 * What the scorer reads from the journal (DESIGN.md "The journal", principle 7) — the contract for the
 * engineers who write those entries:
 *
 * - `fault` entries (the fault engine, issue 4): `FaultPayloadSchema`, exactly.
 * - `session` entries announcing an exercise on stations: `ExerciseAssignmentSchema`.
 * - `event` entries for a trainer hint: `HintPayloadSchema` (the actor is the trainer).
 * - `override` entries (trainer adjusts a criterion, with a comment): `OverridePayloadSchema`.
 * - `command` entries (the kernel's `Journal.record`): `CommandPayloadSchema`; safety gestures, diagnostic
 *   measurements and repairs are **actions** named `act.<name>` whose arguments follow `GESTURES` below
 *   (domain-model §5.2), parameter changes are `write` commands carrying a `reason`.
 * - `view` entries (HMI screens, faceplates, trend queries): `ViewPayloadSchema`.
 * - `diagnosis` entries (`simulator/session/diagnosis.ts`): read as they are written there.
 * - `cycle` entries (per-shot summaries, domain-model §7.3): read leniently by dotted field paths.
 *
 * Component ids (fault targets, `act.repair.component_id`, `act.diag.target`) are paths of the diagnosis
 * taxonomy (`simulator/session/taxonomy.ts`): `<equipment>.<component>`, e.g. `barrel.z2_heater`,
 * `mould.circuit_b2`, `data.modbus_link`; an `act.diag` target may also name a whole equipment (`dryer`).
 *
 * The scorer never trusts these payloads blindly: each is parsed with `safeParse`, and an entry that does
 * not fit is ignored and reported as a note, never a crash.
 */
import { z } from 'zod';

// ---- identifiers -----------------------------------------------------------------------------------

export const FAULT_IDS = Array.from({ length: 25 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`);
export const FaultIdSchema = z.string().regex(/^F(0[1-9]|1[0-9]|2[0-5])$/, 'a fault id F01…F25');

/** The six exam criteria (DESIGN.md "Who uses it"), in the order of the grid. */
export const CRITERIA = [
  'identification',
  'parameters',
  'gestures',
  'analysis',
  'investigation',
  'recommendations',
] as const;
export type CriterionId = (typeof CRITERIA)[number];
export const CriterionSchema = z.enum(CRITERIA);

export const CRITERION_LABELS: Record<CriterionId, { fr: string; en: string }> = {
  identification: {
    fr: 'Dérives clairement identifiées et expliquées',
    en: 'Drifts clearly identified and explained',
  },
  parameters: {
    fr: 'Paramètres identifiés conformes aux attendus',
    en: 'Parameters identified correct against what was expected',
  },
  gestures: {
    fr: 'Gestes professionnels maîtrisés et réalisés en sécurité',
    en: 'Professional gestures mastered and performed safely',
  },
  analysis: {
    fr: "L'analyse donne des résultats fiables et cohérents",
    en: 'The analysis gives reliable, coherent results',
  },
  investigation: {
    fr: "L'investigation couvre un champ nécessaire et suffisant",
    en: 'The investigation covers a necessary and sufficient field',
  },
  recommendations: {
    fr: 'Recommandations pertinentes au regard des contraintes',
    en: 'Recommendations relevant to the constraints of the case',
  },
};

const componentId = z
  .string()
  .min(1)
  .max(80)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/,
    '`<equipment>` or `<equipment>.<component>` (taxonomy ids)',
  );

// ---- fault entries (written by the fault engine) ---------------------------------------------------

export const ProfileSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('step') }),
  z.strictObject({ kind: z.literal('ramp'), duration_s: z.number().finite().positive() }),
  z.strictObject({
    kind: z.literal('intermittent'),
    /** seconds on, seconds off, repeating; `persistent_after_s`: after this long the fault stays on */
    on_s: z.number().finite().positive(),
    off_s: z.number().finite().positive(),
    persistent_after_s: z.number().finite().positive().optional(),
  }),
]);
export type Profile = z.infer<typeof ProfileSchema>;

const scalar = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

/**
 * `type: 'fault'`, `station`: the station it acts on, `t`: the station's simulation ms when the action was
 * taken, actor: the trainer (or `{ user: 'scenario', channel: 'scenario' }` for the exercise timeline).
 *
 * - `inject`: the fault becomes active now (`onset_t` = `t` unless given);
 * - `schedule`: the fault will become active at `onset_t` (a later `inject` may confirm it);
 * - `clear`: the trainer removes the fault (a candidate's repair is a command, not a fault entry);
 * - `cancel`: a scheduled fault will not happen.
 */
export const FaultPayloadSchema = z.strictObject({
  action: z.enum(['inject', 'schedule', 'clear', 'cancel']),
  fault: FaultIdSchema,
  /** instance id, unique in the station (the timeline item id for exercise faults, e.g. `f1`) */
  id: z.string().min(1).max(64),
  /** the exercise it belongs to and its timeline item id (absent for a trainer's ad-hoc fault) */
  exercise: z.string().min(1).max(100).optional(),
  item: z.string().min(1).max(64).optional(),
  /** the component option drawn for this station (`ComponentOption.id`) and its taxonomy target */
  option: z.string().min(1).max(64).optional(),
  component: componentId.optional(),
  /** 1 = the default severity of domain-model §4 "Inject"; 0.5 = half of it */
  severity: z.number().finite().min(0).max(2).optional(),
  variant: z.string().min(1).max(64).optional(),
  profile: ProfileSchema.optional(),
  params: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), scalar).optional(),
  /** station simulation ms at which the fault is (or will be) active */
  onset_t: z.number().finite().min(0).optional(),
  source: z.enum(['timeline', 'trainer']).default('timeline'),
});
export type FaultPayload = z.infer<typeof FaultPayloadSchema>;

// ---- session entries ------------------------------------------------------------------------------

/** `type: 'session'`, `station: ''`: an exercise starts on some stations (written by whoever starts it). */
export const ExerciseAssignmentSchema = z.strictObject({
  event: z.literal('exercise'),
  exercise: z.string().min(1).max(100),
  /** SHA-256 of the exercise file as loaded, so a report names exactly what was graded */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  stations: z.array(z.string().min(1).max(32)).min(1),
  /** station simulation ms at which the exercise clock starts (onsets are relative to it) */
  start_t: z.number().finite().min(0).default(0),
});
export type ExerciseAssignment = z.infer<typeof ExerciseAssignmentSchema>;

/** The lab's own `session` start entry (simulator/session/lab.ts); `epochMs` when the lab writes it. */
export const SessionStartSchema = z.looseObject({
  event: z.literal('start'),
  epochMs: z.number().finite().optional(),
});

// ---- trainer entries --------------------------------------------------------------------------------

/** `type: 'event'`, actor with the `trainer` role: a hint given to the candidate of `station`. */
export const HintPayloadSchema = z.strictObject({
  event: z.literal('hint'),
  /** the criterion the hint helps with (default identification) */
  criterion: CriterionSchema.default('identification'),
  /** penalty on that criterion; default: the rubric's hint penalty */
  cost: z.number().finite().min(0).max(1).optional(),
  text: z
    .strictObject({ fr: z.string().max(2000).optional(), en: z.string().max(2000).optional() })
    .optional(),
});
export type HintPayload = z.infer<typeof HintPayloadSchema>;

/** `type: 'override'`, actor with the `trainer` role: the trainer's score for one criterion, with why. */
export const OverridePayloadSchema = z.strictObject({
  criterion: CriterionSchema,
  score: z.number().finite().min(0).max(1),
  comment: z.string().trim().min(3, 'a comment explains the override').max(2000),
  exercise: z.string().min(1).max(100).optional(),
});
export type OverridePayload = z.infer<typeof OverridePayloadSchema>;

// ---- commands, views, diagnoses ------------------------------------------------------------------

/** A `command` entry's payload, as `Journal.record` writes it. */
export const CommandPayloadSchema = z.looseObject({
  seq: z.number().optional(),
  tick: z.number().optional(),
  input: z.union([
    z.looseObject({
      kind: z.literal('write'),
      signal: z.string(),
      value: z.unknown(),
      reason: z.string().optional(),
    }),
    z.looseObject({
      kind: z.literal('action'),
      action: z.string(),
      args: z.unknown().optional(),
      reason: z.string().optional(),
    }),
  ]),
  status: z.enum(['accepted', 'rejected']),
  rejection: z.looseObject({ code: z.string(), message: z.string() }).optional(),
  previous: z.unknown().optional(),
  applied: z.unknown().optional(),
  result: z.unknown().optional(),
});
export type CommandPayload = z.infer<typeof CommandPayloadSchema>;

/**
 * A `view` entry's payload. The history routes write `{ view: 'trend', signals, from, to, from_t, to_t,
 * agg }` (`from`/`to` epoch ms, `from_t`/`to_t` station ms); the HMI writes `{ screen, target?, signals?,
 * from?, to? }` (epoch ms).
 */
export const ViewPayloadSchema = z.looseObject({
  view: z.string().optional(),
  screen: z.string().optional(),
  target: z.string().optional(),
  signals: z.array(z.string()).optional(),
  from: z.number().nullable().optional(),
  to: z.number().nullable().optional(),
  from_t: z.number().optional(),
  to_t: z.number().optional(),
});
export type ViewPayload = z.infer<typeof ViewPayloadSchema>;

export const DiagnosisPayloadSchema = z.looseObject({
  version: z.number(),
  family: z.string().optional(),
  diagnosis: z.looseObject({
    symptoms: z.array(z.string()).default([]),
    rootCause: z.looseObject({ equipment: z.string(), component: z.string(), failureMode: z.string() }),
    evidence: z
      .array(
        z.looseObject({
          kind: z.string(),
          ref: z.string(),
          from: z.number().optional(),
          to: z.number().optional(),
          note: z.string().optional(),
        }),
      )
      .default([]),
    explanation: z.string().default(''),
    corrective: z.string().default(''),
    preventive: z.string().default(''),
  }),
});
export type DiagnosisPayload = z.infer<typeof DiagnosisPayloadSchema>;

// ---- gestures: the `act.*` actions (domain-model §5.2) --------------------------------------------

export const PPE_ITEMS = [
  'glasses',
  'heat_gloves_en407',
  'cut_gloves',
  'face_shield',
  'long_sleeves',
  'safety_shoes',
  'hearing',
] as const;
export const ENERGIES = [
  'electric',
  'hydraulic',
  'accumulator',
  'pneumatic',
  'thermal',
  'water',
  'gravity',
] as const;
export const DISSIPATIONS = [
  'accumulator_discharge',
  'vent_air',
  'depressurise_water',
  'screw_decompress',
  'cool_down',
] as const;
export const VERIFICATIONS = ['try_start', 'pressure_gauge_zero', 'voltage_absence_test'] as const;
export const REPAIR_OPS = ['replace', 'clean', 'reseat', 'recalibrate', 'adjust', 'restore'] as const;
export const INSTRUMENTS = [
  'scale',
  'caliper',
  'thermometer',
  'hand_probe',
  'moisture_analyser',
  'multimeter',
  'flowmeter',
  'pressure_gauge',
  'golden_parts',
] as const;
/** Diagnostic measurements of `act.diag` (domain-model §5.2 K, "Confirming diagnosis" column). */
export const DIAG_MEASUREMENTS = [
  'resistance',
  'reference_probe',
  'repeatability_test',
  'flow_dt',
  'supply_flow_duty',
  'moisture',
  'dew_point_regen',
  'coa_mfi',
  'ratio_log',
  'water_flow_dt',
  'tonnage_tiebars',
  'zone_and_pressure',
  'depth_gauge',
  'force_per_group',
  'zero_and_cross_check',
  'program_diff',
  'golden_parts',
  'current_photoeye',
  'resistance_tc',
  'inspection',
  'sub_meters',
  'status_timestamp',
  'local_reading',
  'dew_point_compare',
  'level_filter',
  'audit_log',
  'dataset_diff',
] as const;

const none = z.strictObject({});
const text = (max: number) => z.string().trim().max(max);

/**
 * Every gesture: its argument schema and labels. The engineer implementing the actions registers each
 * with exactly this name and argument schema (preconditions are theirs; the scorer re-checks safety on
 * its own, see docs/scoring.md "Gestures").
 */
export const GESTURES = {
  'act.notify': {
    args: z.strictObject({ to: z.array(text(64)).max(10).optional() }),
    fr: 'Prévenir',
    en: 'Notify',
  },
  'act.ppe': {
    args: z.strictObject({ items: z.array(z.enum(PPE_ITEMS)).min(1).max(PPE_ITEMS.length) }),
    fr: 'EPI',
    en: 'PPE',
  },
  'act.mode_semi': { args: none, fr: 'Passage en semi-automatique', en: 'Switch to semi-automatic' },
  'act.mode_manual': { args: none, fr: 'Passage en manuel', en: 'Switch to manual' },
  'act.quarantine': {
    args: z.strictObject({ from_shot: z.int().min(0), to_shot: z.int().min(0).optional() }),
    fr: 'Mise en quarantaine',
    en: 'Quarantine',
  },
  'act.guard_open': {
    args: z.strictObject({ guard: z.enum(['front', 'rear', 'purge']).optional() }),
    fr: 'Ouverture du protecteur',
    en: 'Guard opened',
  },
  'act.guard_close': {
    args: z.strictObject({ guard: z.enum(['front', 'rear', 'purge']).optional() }),
    fr: 'Fermeture du protecteur',
    en: 'Guard closed',
  },
  'act.loto_identify': {
    args: z.strictObject({ energies: z.array(z.enum(ENERGIES)).min(1).max(ENERGIES.length) }),
    fr: 'Consignation : identification des énergies',
    en: 'LOTO: energies identified',
  },
  'act.isolate_main': { args: none, fr: 'Séparation : sectionneur général', en: 'Isolate: main switch' },
  'act.isolate_air': { args: none, fr: 'Séparation : air comprimé', en: 'Isolate: compressed air' },
  'act.isolate_water': { args: none, fr: 'Séparation : eau (vannes fermées)', en: 'Isolate: water' },
  'act.isolate_hr': { args: none, fr: 'Séparation : canal chaud', en: 'Isolate: hot runner' },
  'act.lock': {
    args: z.strictObject({ padlock: text(64).optional() }),
    fr: 'Condamnation (cadenas)',
    en: 'Lock',
  },
  'act.tag': {
    args: z.strictObject({
      name: text(100).optional(),
      reason: text(300).optional(),
      date: text(40).optional(),
    }),
    fr: 'Étiquetage',
    en: 'Tag',
  },
  'act.dissipate': {
    args: z.strictObject({ what: z.array(z.enum(DISSIPATIONS)).min(1).max(DISSIPATIONS.length) }),
    fr: 'Dissipation des énergies',
    en: 'Dissipate stored energy',
  },
  'act.verify': {
    args: z.strictObject({ how: z.array(z.enum(VERIFICATIONS)).min(1).max(VERIFICATIONS.length) }),
    fr: "Vérification d'absence d'énergie",
    en: 'Verify absence of energy',
  },
  'act.tools_removed': { args: none, fr: 'Outils retirés', en: 'Tools removed' },
  'act.guards_refitted': { args: none, fr: 'Protecteurs remontés', en: 'Guards refitted' },
  'act.area_clear': { args: none, fr: 'Zone dégagée', en: 'Area clear' },
  'act.unlock': { args: none, fr: 'Déconsignation (retrait du cadenas)', en: 'Unlock' },
  'act.carriage_back': { args: none, fr: 'Recul du groupe d’injection', en: 'Carriage back' },
  'act.purge_guard_closed': { args: none, fr: 'Écran de purge fermé', en: 'Purge guard closed' },
  'act.check_nozzle_t': { args: none, fr: 'Buse à température vérifiée', en: 'Nozzle temperature checked' },
  'act.purge_container': { args: none, fr: 'Bac de purge en place', en: 'Purge container placed' },
  'act.purge': {
    args: z.strictObject({ n: z.int().min(1).max(50), speed: z.number().finite().min(1).max(200) }),
    fr: 'Purge',
    en: 'Purge',
  },
  'act.purge_dispose': { args: none, fr: 'Évacuation de la purge', en: 'Purge disposed of' },
  'act.robot_stop': {
    args: none,
    fr: 'Arrêt robot en position sûre',
    en: 'Robot stopped at a safe position',
  },
  'act.robot_t1': { args: none, fr: 'Robot en mode T1 (vitesse réduite)', en: 'Robot in T1 (reduced speed)' },
  'act.enable_device': { args: none, fr: 'Dispositif de validation', en: 'Enabling device' },
  'act.door_lock': { args: none, fr: 'Porte de cellule condamnée', en: 'Cell door locked' },
  'act.robot_auto': { args: none, fr: 'Robot en automatique', en: 'Robot back to automatic' },
  'act.restart_semi': { args: none, fr: 'Redémarrage en semi-automatique', en: 'Restart in semi-automatic' },
  'act.scrap': {
    args: z.strictObject({ n: z.int().min(0).max(500) }),
    fr: 'Rebut des pièces de démarrage',
    en: 'Scrap start-up shots',
  },
  'act.fai': {
    args: z.strictObject({
      weight: z.boolean().optional(),
      key_dims: z.boolean().optional(),
      visual: z.boolean().optional(),
    }),
    fr: 'Contrôle premier article',
    en: 'First-article inspection',
  },
  'act.release': { args: none, fr: 'Libération de la production', en: 'Production released' },
  'act.estop': { args: none, fr: 'Arrêt d’urgence', en: 'Emergency stop' },
  'act.estop_reset': { args: none, fr: 'Réarmement de l’arrêt d’urgence', en: 'Emergency stop reset' },
  'act.measure': {
    args: z.strictObject({ instrument: z.enum(INSTRUMENTS), n: z.int().min(1).max(500) }),
    fr: 'Mesure',
    en: 'Measurement',
  },
  'act.diag': {
    args: z.strictObject({ target: componentId, measurement: z.enum(DIAG_MEASUREMENTS) }),
    fr: 'Mesure de diagnostic',
    en: 'Diagnostic measurement',
  },
  'act.vacuum_test': { args: none, fr: 'Test de vide sur plaque', en: 'Vacuum test on the test plate' },
  'act.inspect_eoat': { args: none, fr: 'Inspection du préhenseur', en: 'End-of-arm tooling inspection' },
  'act.repair': {
    args: z.strictObject({ component_id: componentId, op: z.enum(REPAIR_OPS) }),
    fr: 'Intervention de maintenance',
    en: 'Maintenance action',
  },
  'act.swap_material': {
    args: z
      .strictObject({ lot: text(64).optional(), pre_dried: z.boolean().optional() })
      .refine((a) => (a.lot !== undefined) !== (a.pre_dried !== undefined), 'either lot or pre_dried'),
    fr: 'Changement de matière',
    en: 'Material swap',
  },
  'act.sec_incident_report': {
    args: z.strictObject({ text: text(2000).optional() }),
    fr: 'Déclaration d’incident de sécurité',
    en: 'Security incident report',
  },
  'act.isolate_client': {
    args: z.strictObject({ client: text(100).optional() }),
    fr: 'Isolement du client inconnu',
    en: 'Unknown client isolated',
  },
  'act.restore_dataset': {
    args: z.strictObject({ validated: z.boolean(), checksum: z.string().min(1).max(128) }),
    fr: 'Restauration du jeu de paramètres validé',
    en: 'Validated dataset restored',
  },
  'act.preserve_logs': { args: none, fr: 'Conservation des journaux', en: 'Logs preserved' },
} as const satisfies Record<string, { args: z.ZodType; fr: string; en: string }>;

export type GestureName = keyof typeof GESTURES;
export const GESTURE_NAMES = Object.keys(GESTURES) as GestureName[];
export const isGesture = (name: string): name is GestureName => Object.hasOwn(GESTURES, name);

/** Arguments of a gesture, or `{}` when they do not fit its schema (the scorer never throws on them). */
export function gestureArgs(name: string, args: unknown): Record<string, unknown> {
  if (!isGesture(name)) return {};
  const r = (GESTURES[name].args as z.ZodType).safeParse(args ?? {});
  return r.success ? (r.data as Record<string, unknown>) : {};
}

// ---- cycle entries ----------------------------------------------------------------------------------

/**
 * Top-level fields of a `cycle` entry (the ShotRecord of domain-model §7.3, written by the IMM model and
 * summarised by the lab: arrays longer than 32 and curves are dropped). Exercise files name fields by
 * dotted paths from these, e.g. `times.dose`, `zones.actual.1`, `weights.0`, `cavity_pressure.cav2_gate.pmax`
 * (an array of objects is indexed by its `sensor`, `id` or `cavity` value).
 */
export const KNOWN_SHOT_FIELDS: readonly string[] = [
  'shot_id',
  'job',
  'material',
  'material_lot',
  'mode',
  't_start',
  't_end',
  'cycle_time',
  'times',
  'transfer_position',
  'transfer_pressure',
  'transfer_reason',
  'peak_inj_pressure',
  'peak_inj_pressure_hyd',
  'hold_p_avg',
  'hold_p_max',
  'cushion_end',
  'cushion_min',
  'shot_size',
  'decompression',
  'pressure_limited',
  'bottomed_out',
  'gate_seal_time',
  'rpm_avg',
  'back_pressure_avg',
  'torque_avg',
  'melt_T',
  'zones',
  'oil_T',
  'mould',
  'cavity_pressure',
  'RV',
  'shear_rate_index',
  'euromap77',
  'weights',
  'dimensions',
  'parts',
  'defects',
  'quality',
  'quality_reason',
  'cycle_quality',
  'energy',
  'clamp_force_actual',
  'ejector_force_peak',
  'vacuum_min',
  'alarms',
  'regrind_ratio',
  'dryer_dp',
  'resin_moisture',
  'dataset_hash',
  'data_quality',
];

/**
 * A field of a cycle record by dotted path (see `KNOWN_SHOT_FIELDS`); undefined when absent. The journal
 * keeps the hidden truth of a record (true defects, resin moisture, true dimensions) in its `trainer` block
 * (simulator/cell/shot-record.ts): a path absent at the top level is looked up there.
 */
export function shotField(record: unknown, path: string): unknown {
  const top = fieldAt(record, path);
  if (top !== undefined || !record || typeof record !== 'object') return top;
  const trainer = (record as Record<string, unknown>).trainer;
  return trainer === undefined ? undefined : fieldAt(trainer, path);
}

function fieldAt(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(seg)) cur = cur[Number(seg)];
      else
        cur = cur.find(
          (x) =>
            x &&
            typeof x === 'object' &&
            ((x as Record<string, unknown>).sensor === seg ||
              (x as Record<string, unknown>).id === seg ||
              String((x as Record<string, unknown>).cavity) === seg),
        );
    } else if (typeof cur === 'object') {
      cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    } else return undefined;
  }
  return cur;
}
