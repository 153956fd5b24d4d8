/**
 * Argument schemas and labels of the gestures (domain-model §5.2), exactly as the scorer reads them
 * (scoring/journal-model.ts `GESTURES`; tests/unit/safety/contract.test.ts checks they agree). One
 * vocabulary for the HMI (it renders a form from the JSON schema), the journal and the scorer.
 */
import { z } from 'zod';

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

export const componentId = z
  .string()
  .min(1)
  .max(80)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/,
    '`<equipment>` or `<equipment>.<component>` (taxonomy ids)',
  );

const none = z.strictObject({});
const text = (max: number) => z.string().trim().max(max);

export const GESTURE_ARGS = {
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

export type GestureName = keyof typeof GESTURE_ARGS;
export type GestureArgs<N extends GestureName> = z.infer<(typeof GESTURE_ARGS)[N]['args']>;

/** HMI groups (hmi/src/model/procedures.ts and hmi i18n `group.*`). */
export const GESTURE_GROUP: Record<GestureName, string> = {
  'act.notify': 'safety.stop',
  'act.ppe': 'safety.ppe',
  'act.mode_semi': 'safety.stop',
  'act.mode_manual': 'safety.stop',
  'act.quarantine': 'quality',
  'act.guard_open': 'safety.stop',
  'act.guard_close': 'safety.stop',
  'act.loto_identify': 'safety.loto',
  'act.isolate_main': 'safety.loto',
  'act.isolate_air': 'safety.loto',
  'act.isolate_water': 'safety.loto',
  'act.isolate_hr': 'safety.loto',
  'act.lock': 'safety.loto',
  'act.tag': 'safety.loto',
  'act.dissipate': 'safety.loto',
  'act.verify': 'safety.loto',
  'act.tools_removed': 'safety.loto',
  'act.guards_refitted': 'safety.loto',
  'act.area_clear': 'safety.loto',
  'act.unlock': 'safety.loto',
  'act.carriage_back': 'safety.purge',
  'act.purge_guard_closed': 'safety.purge',
  'act.check_nozzle_t': 'safety.purge',
  'act.purge_container': 'safety.purge',
  'act.purge': 'safety.purge',
  'act.purge_dispose': 'safety.purge',
  'act.robot_stop': 'safety.robot',
  'act.robot_t1': 'safety.robot',
  'act.enable_device': 'safety.robot',
  'act.door_lock': 'safety.robot',
  'act.robot_auto': 'safety.robot',
  'act.restart_semi': 'safety.restart',
  'act.scrap': 'safety.restart',
  'act.fai': 'quality',
  'act.release': 'safety.restart',
  'act.estop': 'safety.stop',
  'act.estop_reset': 'safety.stop',
  'act.measure': 'quality',
  'act.diag': 'maintenance',
  'act.vacuum_test': 'maintenance',
  'act.inspect_eoat': 'maintenance',
  'act.repair': 'maintenance',
  'act.swap_material': 'maintenance',
  'act.sec_incident_report': 'cyber',
  'act.isolate_client': 'cyber',
  'act.restore_dataset': 'cyber',
  'act.preserve_logs': 'cyber',
};
