/**
 * Reference data an exercise file is checked against (the loader's cross-reference pass):
 * the fault catalogue of domain-model §4 (ids, names, the parameters each fault accepts), the safety
 * precondition tokens of §5.3, and the signal catalogue of the reference cell.
 *
 * Component ids come from the diagnosis taxonomy (`simulator/session/taxonomy.ts`), gesture names from
 * `scoring/journal-model.ts`: one vocabulary for the exercise, the candidate's diagnosis, the fault
 * engine and the scorer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TAXONOMY } from '../simulator/session/taxonomy.ts';

export type ParamType = 'number' | 'string' | 'signal' | 'equipment' | 'boolean';

export interface FaultDef {
  readonly id: string;
  readonly fr: string;
  readonly en: string;
  /** 5M family tags of §4 (Ma, Mc, Mt, Mo, Mi) */
  readonly tags: readonly string[];
  /** parameters the fault engine accepts for this fault, with their type */
  readonly params: Readonly<Record<string, ParamType>>;
  /** variants named in §4 */
  readonly variants: readonly string[];
}

const f = (
  id: string,
  fr: string,
  en: string,
  tags: string[],
  params: Record<string, ParamType> = {},
  variants: string[] = [],
): FaultDef => ({ id, fr, en, tags, params, variants });

/** domain-model §4, F01–F25 */
export const FAULTS: readonly FaultDef[] = [
  f('F01', 'Collier chauffant défaillant', 'Barrel heater band failure', ['Mc'], { health: 'number' }, [
    'open_band',
    'partial',
  ]),
  f('F02', 'Dérive de thermocouple', 'Thermocouple drift', ['Mc'], { drift_k: 'number' }, [
    'drift',
    'tc_open',
  ]),
  f('F03', 'Clapet anti-retour usé', 'Worn check ring', ['Mc'], {
    delta_mm: 'number',
    v_close_cm3: 'number',
    sigma_cr: 'number',
    p_fly: 'number',
  }),
  f(
    'F04',
    'Obstruction partielle d’un circuit de refroidissement',
    'Mould cooling channel partial blockage',
    ['Mc', 'Mt'],
    {
      flow_lpm: 'number',
    },
  ),
  f('F05', 'Défaillance du thermorégulateur', 'TCU failure', ['Mc'], {}, [
    'pump_stop',
    'heater_stuck_on',
    'valve_stuck_closed',
    'valve_stuck_open',
  ]),
  f('F06', 'Matière humide / dessiccateur défaillant', 'Wet material / dryer failure', ['Ma', 'Mc'], {
    dew_point_c: 'number',
    moisture_pct: 'number',
  }),
  f('F07', 'Changement de lot matière (IF)', 'Material lot change (MFI shift)', ['Ma'], {
    mfi: 'number',
    lot: 'string',
    delay_min: 'number',
  }),
  f('F08', 'Variation du taux de broyé', 'Regrind ratio change', ['Ma', 'Mt'], { regrind_pct: 'number' }),
  f(
    'F09',
    'Surchauffe de l’huile hydraulique',
    'Hydraulic oil overheating',
    ['Mc', 'Mi'],
    { ua_factor: 'number' },
    ['fouled', 'valve_stuck_closed'],
  ),
  f('F10', 'Perte de force de fermeture', 'Clamp force loss', ['Mc'], { clamp_kn: 'number' }),
  f('F11', 'Buse obstruée / figée', 'Nozzle blockage / freeze-off', ['Mc', 'Ma'], { r_noz: 'number' }, [
    'blocked',
    'heater',
  ]),
  f('F12', 'Évents bouchés', 'Vent blockage', ['Mc', 'Mt'], { vent_clog: 'number' }),
  f('F13', 'Éjecteur cassé', 'Ejector pin breakage', ['Mc'], { pin_group: 'number' }),
  f(
    'F14',
    'Dérive d’un capteur de pression empreinte',
    'Cavity-pressure sensor drift',
    ['Mc'],
    {
      offset_mpa: 'number',
      gain: 'number',
    },
    ['offset', 'gain', 'flat_line', 'noisy'],
  ),
  f(
    'F15',
    'Perte de vide du préhenseur',
    'Robot gripper vacuum loss',
    ['Mc'],
    {
      p_eq_kpa: 'number',
      supply_bar: 'number',
    },
    ['leak', 'air_supply'],
  ),
  f('F16', 'Décalage de position robot', 'Robot position offset', ['Mc', 'Mo'], { offset_mm: 'number' }),
  f(
    'F17',
    'Dérive de la vision',
    'Vision calibration drift / lighting change',
    ['Mc', 'Mi'],
    {
      brightness_gain: 'number',
      scale_error: 'number',
      roi_offset_mm: 'number',
    },
    ['lighting', 'scale', 'roi'],
  ),
  f('F18', 'Bourrage convoyeur', 'Conveyor jam', ['Mc'], { trip_after_s: 'number' }),
  f('F19', 'Zone de canal chaud défaillante', 'Hot-runner zone failure', ['Mc'], {}, ['heater', 'tc_open']),
  f('F20', 'Usure du plan de joint', 'Mould wear at the parting line', ['Mc'], {
    gap_mm: 'number',
    length_fraction: 'number',
  }),
  f('F21', 'Anomalie énergétique', 'Power / energy anomaly', ['Mc', 'Mi', 'Mo'], { extra_k: 'number' }, [
    'idle',
    'setpoints_raised',
    'inrush',
    'voltage_sag',
  ]),
  f(
    'F22',
    'Perte de communication d’un capteur (donnée figée)',
    'Sensor communication loss (stale data)',
    ['Mt'],
    {
      equipment: 'equipment',
      status: 'string',
    },
  ),
  f('F23', 'Écriture non autorisée d’un paramètre', 'Unauthorised parameter write', ['Mt', 'Mo'], {
    signal: 'signal',
    value: 'number',
    client: 'string',
    user: 'string',
  }),
  f('F24', 'Condensation sur le moule', 'Mould condensation', ['Mi', 'Mt'], {
    dew_point_c: 'number',
    mould_c: 'number',
  }),
  f('F25', 'Manque matière', 'Material starvation', ['Ma', 'Mc'], {
    feed_factor: 'number',
    persistent_after_min: 'number',
  }),
];

export const FAULT_BY_ID: ReadonlyMap<string, FaultDef> = new Map(FAULTS.map((x) => [x.id, x]));

/**
 * Safety precondition tokens (domain-model §5.2–5.3) an exercise may require before a gesture, and how
 * serious it is when one is missing at that moment. The scorer's safety state machine evaluates them.
 */
export const SAFETY_TOKENS = {
  controlled_stop: 'major',
  machine_manual: 'critical',
  loto_electric: 'critical',
  loto_hydraulic: 'critical',
  loto_water: 'critical',
  loto_pneumatic: 'critical',
  loto_hot_runner: 'critical',
  accumulators_discharged: 'major',
  water_depressurised: 'major',
  carriage_back: 'critical',
  purge_guard: 'critical',
  nozzle_checked: 'minor',
  purge_container: 'minor',
  ppe_heat: 'minor',
  ppe_face_shield: 'major',
  ppe_glasses: 'minor',
  ppe_cut: 'minor',
  robot_stopped: 'critical',
  robot_cell_entry: 'major',
  no_lock_applied: 'critical',
  incident_reported: 'major',
} as const;
export type SafetyToken = keyof typeof SAFETY_TOKENS;
export const SAFETY_TOKEN_NAMES = Object.keys(SAFETY_TOKENS) as SafetyToken[];

export const CERTIFICATIONS = {
  pilotage: { fr: 'Pilotage avancé des process', en: 'Advanced process control' },
  outillage: { fr: 'Outillages complexes et connectés', en: 'Complex and connected tooling' },
  robotique: { fr: 'Robotique et périphériques connectés', en: 'Robotics and connected peripherals' },
  data_cyber: { fr: 'Données et cybersécurité', en: 'Data and cyber security' },
} as const;

/** `equipment.component` paths of the taxonomy, and the equipment ids. */
export const COMPONENT_IDS: ReadonlySet<string> = new Set(
  TAXONOMY.flatMap((e) => e.components.map((c) => `${e.id}.${c.id}`)),
);
export const EQUIPMENT_IDS: ReadonlySet<string> = new Set(TAXONOMY.map((e) => e.id));

/** `equipment.component.failure_mode` paths of the taxonomy. */
export const FAILURE_MODE_PATHS: ReadonlySet<string> = new Set(
  TAXONOMY.flatMap((e) => e.components.flatMap((c) => c.modes.map((m) => `${e.id}.${c.id}.${m.id}`))),
);

/** What the loader checks signal keys against. */
export interface SignalCatalogue {
  readonly source: string;
  has(key: string): boolean;
  /** an equipment id exists (prefix of a key) */
  hasEquipment(id: string): boolean;
}

export function catalogueOf(keys: Iterable<string>, source: string): SignalCatalogue {
  const set = new Set(keys);
  const eq = new Set([...set].map((k) => k.split('.')[0]!));
  return { source, has: (k) => set.has(k), hasEquipment: (id) => eq.has(id) };
}

/** Union of catalogues: a key is known if any knows it. */
export function unionCatalogue(...cats: readonly SignalCatalogue[]): SignalCatalogue {
  return {
    source: cats.map((c) => c.source).join(' + '),
    has: (k) => cats.some((c) => c.has(k)),
    hasEquipment: (id) => cats.some((c) => c.hasEquipment(id)),
  };
}

/**
 * The reference cell's signal keys (`exercises/cell-signals.json`, generated from the cell's signal
 * registry by `node exercises/tools/cell-signals.ts`), the default catalogue of the loader.
 */
let cellCache: SignalCatalogue | undefined;
export function cellSignalCatalogue(): SignalCatalogue {
  if (!cellCache) {
    const file = join(import.meta.dirname, 'cell-signals.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { signals: string[] };
    cellCache = catalogueOf(data.signals, 'exercises/cell-signals.json');
  }
  return cellCache;
}
