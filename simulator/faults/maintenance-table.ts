/**
 * The maintenance table of domain-model §5.2 K as data: which repair operations and diagnostic
 * measurements exist on which components (taxonomy ids), their preconditions (safety tokens, checked by
 * the safety model) and their real and exam durations. It depends only on *what* a component is, never on
 * whether it is faulty: the same rules apply whatever was injected.
 */

/** Preconditions a gesture needs (the vocabulary of exercises/catalogue.ts SAFETY_TOKENS, plus a few). */
export type Requirement =
  | 'controlled_stop'
  | 'machine_stopped'
  | 'loto_electric'
  | 'loto_hydraulic'
  | 'loto_water'
  | 'loto_pneumatic'
  | 'loto_hot_runner'
  | 'accumulators_discharged'
  | 'water_depressurised'
  | 'water_cool'
  | 'carriage_back'
  | 'purge_guard'
  | 'purge_done'
  | 'screw_decompressed'
  | 'nozzle_checked'
  | 'ppe_heat'
  | 'ppe_face_shield'
  | 'robot_stopped'
  | 'robot_cell_entry'
  | 'conveyor_stopped'
  | 'machine_running';

export interface RepairRule {
  /** taxonomy components (regular expression over `equipment.component` or `equipment`) */
  readonly match: RegExp;
  readonly ops: readonly string[];
  readonly requires: readonly Requirement[];
  /** exam duration, s (the machine stays down meanwhile) */
  readonly examS: number;
  readonly real: string;
  /** the fault(s) of §4 it belongs to (documentation) */
  readonly faults: readonly string[];
}

const HOT_WORK: Requirement[] = ['ppe_heat'];

/** First matching rule wins. */
export const REPAIR_RULES: readonly RepairRule[] = [
  {
    match: /^barrel\.(z[1-4]|nozzle)_heater$/,
    ops: ['replace'],
    requires: ['controlled_stop', 'loto_electric', ...HOT_WORK],
    examS: 300,
    real: '30–60 min + reheat',
    faults: ['F01', 'F11'],
  },
  {
    match: /^barrel\.(z[1-4]|nozzle)_tc$/,
    ops: ['reseat', 'replace'],
    requires: ['loto_electric', ...HOT_WORK],
    examS: 180,
    real: '20–40 min',
    faults: ['F02'],
  },
  {
    match: /^injection_unit\.(check_ring|screw)$/,
    ops: ['replace'],
    requires: [
      'purge_done',
      'carriage_back',
      'screw_decompressed',
      'loto_electric',
      'loto_hydraulic',
      ...HOT_WORK,
      'ppe_face_shield',
    ],
    examS: 600,
    real: '4–8 h',
    faults: ['F03'],
  },
  {
    match: /^injection_unit\.nozzle_tip$/,
    ops: ['clean', 'replace'],
    requires: [
      'carriage_back',
      'purge_guard',
      'screw_decompressed',
      'nozzle_checked',
      'ppe_face_shield',
      ...HOT_WORK,
      'loto_electric',
    ],
    examS: 300,
    real: '1–2 h',
    faults: ['F11'],
  },
  {
    match: /^mould\.circuit_(a1|a2|b1|b2)$/,
    ops: ['clean', 'replace'],
    requires: ['loto_water', 'water_depressurised', 'water_cool'],
    examS: 300,
    real: '1–2 h',
    faults: ['F04'],
  },
  {
    match: /^tcu_(fixed|moving)(\.(pump|heater|cooling_valve|supply_sensor|water))?$/,
    ops: ['replace'],
    requires: ['loto_electric', 'loto_water', 'water_depressurised'],
    examS: 300,
    real: '30–60 min',
    faults: ['F05'],
  },
  {
    match: /^dryer\.(regen_heater|desiccant|regen_valve|process_heater|dryer_filter|hopper_seal)$/,
    ops: ['replace', 'clean'],
    requires: ['loto_electric'],
    examS: 300,
    real: '1–2 h',
    faults: ['F06'],
  },
  {
    match: /^material\.resin_moisture$/,
    ops: ['restore'],
    requires: ['machine_stopped'],
    examS: 600,
    real: '2–4 h re-dry (compressed to 10 min)',
    faults: ['F06'],
  },
  {
    match: /^feeding\.blender_ratio$|^material\.regrind$/,
    ops: ['restore', 'adjust'],
    requires: [],
    examS: 120,
    real: '10–30 min',
    faults: ['F08'],
  },
  {
    match: /^feeding\.granulator_screen$/,
    ops: ['replace'],
    requires: ['machine_stopped'],
    examS: 120,
    real: '10–30 min',
    faults: ['F08'],
  },
  {
    match: /^hydraulics\.oil_cooler$/,
    ops: ['clean', 'replace'],
    requires: ['loto_hydraulic', 'loto_water', 'water_depressurised'],
    examS: 300,
    real: '1–3 h',
    faults: ['F09'],
  },
  {
    match: /^clamp\.(mould_height|clamp_hydraulics)$/,
    ops: ['adjust', 'replace'],
    requires: ['loto_hydraulic', 'accumulators_discharged'],
    examS: 300,
    real: '30 min–4 h',
    faults: ['F10'],
  },
  {
    match: /^mould\.vents$/,
    ops: ['clean'],
    requires: ['loto_electric', 'loto_hydraulic'],
    examS: 300,
    real: '30–60 min',
    faults: ['F12'],
  },
  {
    match: /^mould\.ejector_pins$/,
    ops: ['replace'],
    requires: ['loto_hydraulic', 'accumulators_discharged'],
    examS: 600,
    real: '2–8 h (toolroom)',
    faults: ['F13'],
  },
  {
    match: /^mould\.charge_amplifier$/,
    ops: ['recalibrate'],
    requires: [],
    examS: 180,
    real: '15–60 min',
    faults: ['F14'],
  },
  {
    match: /^mould\.cavity_sensor_(a|b)_(gate|eof)$/,
    ops: ['reseat', 'recalibrate'],
    requires: [],
    examS: 180,
    real: '15–60 min',
    faults: ['F14'],
  },
  {
    match: /^mould\.cavity_sensor_(a|b)_(gate|eof)$/,
    ops: ['replace'],
    requires: ['machine_stopped', 'loto_electric', 'loto_hydraulic'],
    examS: 180,
    real: '15–60 min (mould accessed)',
    faults: ['F14'],
  },
  {
    match: /^robot\.(suction_cup|vacuum_hose|venturi|vacuum_switch)$/,
    ops: ['replace', 'clean'],
    requires: ['robot_cell_entry', 'loto_pneumatic'],
    examS: 180,
    real: '15–30 min',
    faults: ['F15'],
  },
  {
    match: /^robot\.air_supply$/,
    ops: ['restore', 'adjust'],
    requires: [],
    examS: 180,
    real: '15–30 min',
    faults: ['F15'],
  },
  {
    match: /^robot\.(eoat|robot_program)$/,
    ops: ['reseat', 'replace', 'recalibrate', 'restore'],
    requires: ['robot_cell_entry'],
    examS: 300,
    real: '30–60 min',
    faults: ['F16'],
  },
  {
    match: /^vision(\.(lighting|optics|calibration|thresholds))?$/,
    ops: ['clean', 'replace', 'recalibrate', 'adjust'],
    requires: [],
    examS: 180,
    real: '20–40 min',
    faults: ['F17'],
  },
  {
    match: /^conveyor(\.(belt|drive|photo_eye))?$/,
    ops: ['clean', 'replace'],
    requires: ['conveyor_stopped', 'loto_electric'],
    examS: 120,
    real: '5–15 min',
    faults: ['F18'],
  },
  {
    match: /^hot_runner\.(drop_a|drop_b|manifold)_(heater|tc)$/,
    ops: ['replace'],
    requires: ['loto_hot_runner'],
    examS: 300,
    real: '1–3 h',
    faults: ['F19'],
  },
  {
    match: /^mould\.parting_line$/,
    ops: ['restore'],
    requires: ['machine_stopped', 'loto_hydraulic'],
    examS: 60,
    real: '1–3 days (toolroom ticket only)',
    faults: ['F20'],
  },
  {
    match: /^energy\.(consumption|supply)$/,
    ops: ['restore', 'adjust'],
    requires: [],
    examS: 60,
    real: 'minutes',
    faults: ['F21'],
  },
  {
    match: /^data\.(modbus_link|opcua_link|mqtt_link|historian)$/,
    ops: ['reseat', 'restore', 'replace'],
    requires: [],
    examS: 120,
    real: '10–30 min',
    faults: ['F22'],
  },
  {
    match: /^mould\.mould_temperature$|^environment\.ambient$/,
    ops: ['adjust', 'restore'],
    requires: [],
    examS: 120,
    real: '10–20 min',
    faults: ['F24'],
  },
  {
    match: /^mould\.mould_surface$/,
    ops: ['clean'],
    requires: ['machine_stopped', 'loto_electric', 'loto_hydraulic'],
    examS: 120,
    real: '10–20 min',
    faults: ['F24'],
  },
  {
    match: /^feeding\.(loader|hopper)$|^barrel\.feed_throat$/,
    ops: ['clean', 'replace'],
    requires: ['machine_stopped'],
    examS: 120,
    real: '10–30 min',
    faults: ['F25'],
  },
];

/** Any other taxonomy component: a generic intervention with the machine stopped, no physical effect. */
export const GENERIC_REPAIR: RepairRule = {
  match: /.*/,
  ops: ['replace', 'clean', 'reseat', 'recalibrate', 'adjust', 'restore'],
  requires: ['machine_stopped'],
  examS: 120,
  real: 'varies',
  faults: [],
};

export function repairRule(component: string, op: string): RepairRule | undefined {
  return REPAIR_RULES.find((r) => r.match.test(component) && r.ops.includes(op));
}

export interface DiagRule {
  readonly match: RegExp;
  readonly measurement: string;
  readonly requires: readonly Requirement[];
  readonly examS: number;
  readonly faults: readonly string[];
}

export const DIAG_RULES: readonly DiagRule[] = [
  {
    match: /^barrel\.(z[1-4]|nozzle)_heater$/,
    measurement: 'resistance',
    requires: ['loto_electric'],
    examS: 60,
    faults: ['F01'],
  },
  {
    match: /^barrel\.(z[1-4]|nozzle)_tc$/,
    measurement: 'reference_probe',
    requires: ['ppe_heat'],
    examS: 60,
    faults: ['F02'],
  },
  {
    match: /^injection_unit\.check_ring$/,
    measurement: 'repeatability_test',
    requires: ['machine_running'],
    examS: 180,
    faults: ['F03'],
  },
  {
    match: /^mould\.circuit_(a1|a2|b1|b2)$|^mould$/,
    measurement: 'flow_dt',
    requires: [],
    examS: 60,
    faults: ['F04'],
  },
  {
    match: /^tcu_(fixed|moving)(\..+)?$/,
    measurement: 'supply_flow_duty',
    requires: [],
    examS: 60,
    faults: ['F05'],
  },
  {
    match: /^tcu_(fixed|moving)(\..+)?$|^data\.(modbus_link|opcua_link|mqtt_link)$/,
    measurement: 'local_reading',
    requires: [],
    examS: 60,
    faults: ['F22'],
  },
  {
    match: /^material(\.resin_moisture)?$|^dryer$/,
    measurement: 'moisture',
    requires: [],
    examS: 120,
    faults: ['F06'],
  },
  { match: /^dryer(\..+)?$/, measurement: 'dew_point_regen', requires: [], examS: 60, faults: ['F06'] },
  { match: /^material(\.lot)?$/, measurement: 'coa_mfi', requires: [], examS: 60, faults: ['F07'] },
  {
    match: /^feeding(\.blender_ratio)?$|^material\.regrind$/,
    measurement: 'ratio_log',
    requires: [],
    examS: 60,
    faults: ['F08'],
  },
  {
    match: /^hydraulics(\.oil_cooler)?$/,
    measurement: 'water_flow_dt',
    requires: [],
    examS: 60,
    faults: ['F09'],
  },
  { match: /^clamp(\..+)?$/, measurement: 'tonnage_tiebars', requires: [], examS: 60, faults: ['F10'] },
  {
    match: /^injection_unit\.nozzle_tip$|^barrel\.nozzle_(heater|tc)$/,
    measurement: 'zone_and_pressure',
    requires: [],
    examS: 60,
    faults: ['F11'],
  },
  {
    match: /^mould\.vents$/,
    measurement: 'depth_gauge',
    requires: ['machine_stopped', 'loto_electric', 'loto_hydraulic'],
    examS: 120,
    faults: ['F12'],
  },
  {
    match: /^mould\.ejector_pins$/,
    measurement: 'force_per_group',
    requires: [],
    examS: 60,
    faults: ['F13'],
  },
  {
    match: /^mould\.(cavity_sensor_(a|b)_(gate|eof)|charge_amplifier)$/,
    measurement: 'zero_and_cross_check',
    requires: [],
    examS: 60,
    faults: ['F14'],
  },
  {
    match: /^robot(\.robot_program)?$/,
    measurement: 'program_diff',
    requires: [],
    examS: 60,
    faults: ['F16'],
  },
  { match: /^vision(\..+)?$/, measurement: 'golden_parts', requires: [], examS: 120, faults: ['F17'] },
  { match: /^conveyor(\..+)?$/, measurement: 'current_photoeye', requires: [], examS: 30, faults: ['F18'] },
  {
    match: /^hot_runner\.(drop_a|drop_b|manifold)_(heater|tc)$/,
    measurement: 'resistance_tc',
    requires: ['loto_hot_runner'],
    examS: 60,
    faults: ['F19'],
  },
  {
    match: /^mould\.parting_line$/,
    measurement: 'inspection',
    requires: ['machine_stopped', 'loto_hydraulic'],
    examS: 120,
    faults: ['F20'],
  },
  { match: /^energy(\..+)?$/, measurement: 'sub_meters', requires: [], examS: 60, faults: ['F21'] },
  { match: /^data(\..+)?$/, measurement: 'status_timestamp', requires: [], examS: 30, faults: ['F22'] },
  { match: /^cyber(\.access)?$/, measurement: 'audit_log', requires: [], examS: 30, faults: ['F23'] },
  { match: /^cyber(\.dataset)?$/, measurement: 'dataset_diff', requires: [], examS: 30, faults: ['F23'] },
  {
    match: /^mould(\.mould_surface)?$|^environment(\.ambient)?$/,
    measurement: 'dew_point_compare',
    requires: [],
    examS: 60,
    faults: ['F24'],
  },
  {
    match: /^feeding(\.(hopper|loader))?$|^barrel\.feed_throat$/,
    measurement: 'level_filter',
    requires: ['machine_stopped'],
    examS: 60,
    faults: ['F25'],
  },
];

export function diagRule(target: string, measurement: string): DiagRule | undefined {
  return DIAG_RULES.find((r) => r.measurement === measurement && r.match.test(target));
}

/** durations of the other timed gestures, s */
export const GESTURE_S = {
  vacuum_test: 30,
  inspect_eoat: 60,
  swap_lot: 60,
  swap_pre_dried: 120,
  restore_dataset: 120,
} as const;
