/**
 * Reference data an exercise file is checked against (the loader's cross-reference pass): the fault
 * catalogue of domain-model §4 as the fault engine implements it (components, variants, parameters,
 * severity range), the safety precondition tokens of §5.3, and the signal catalogue of the reference cell.
 *
 * Component ids come from the diagnosis taxonomy (`simulator/session/taxonomy.ts`), gesture names from
 * `scoring/journal-model.ts`: one vocabulary for the exercise, the candidate's diagnosis, the fault
 * engine and the scorer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE as ENGINE_CATALOGUE } from '../simulator/faults/catalogue/index.ts';
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
  /** taxonomy components the engine can put this fault on */
  readonly components: readonly string[];
  readonly severity: { readonly min: number; readonly max: number };
  /** the engine's limits of numeric parameters */
  readonly limits: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
}

/** String parameters that name a signal or an equipment (checked against the signal catalogue). */
const SEMANTIC: Readonly<Record<string, Readonly<Record<string, ParamType>>>> = {
  F22: { equipment: 'equipment', signal: 'signal' },
  F23: { signal: 'signal', signal2: 'signal', signal3: 'signal' },
};

/**
 * domain-model §4, F01–F25, as the fault engine implements them (`simulator/faults/catalogue`): an exercise
 * may only ask for what the engine can inject — its components, variants, parameters and severity range.
 */
export const FAULTS: readonly FaultDef[] = ENGINE_CATALOGUE.map((f) => ({
  id: f.id,
  fr: f.name.fr,
  en: f.name.en,
  tags: f.tags,
  params: Object.fromEntries(Object.entries(f.params).map(([k, p]) => [k, SEMANTIC[f.id]?.[k] ?? p.type])),
  variants: f.variants,
  components: f.components.map((c) => c.id),
  severity: { min: f.severity.min, max: f.severity.max },
  limits: Object.fromEntries(
    Object.entries(f.params).map(([k, p]) => [
      k,
      { ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) },
    ]),
  ),
}));

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
