/**
 * The EUROMAP 77 job interface as signals (standards.md §1.1–1.2): `Jobs/ActiveJob` (CyclicJobInformationType),
 * `Jobs/ActiveJobValues` (ActiveCyclicJobValuesType) and `MachineMESStatus` under the IMM's OPC UA root, with
 * MQTT topics `mes/...`.
 *
 * The machine model may already declare some of them (JobName, JobStatus, the counters…): the registry
 * rejects a browse path declared twice, so the MES declares only the elements no peer model declares, and
 * at bind time resolves every element by browse path, whoever declared it. Elements the machine owns
 * (JobStatus, CurrentLotName, the counters) are never written by the MES when the machine declares them.
 */
import type { SignalRegistry } from '../../kernel/registry.ts';
import type { RegisteredSignal, SignalDefInput } from '../../kernel/signal-schema.ts';
import { READ_ALL } from '../common.ts';
import { JOB_STATUS, type Localized } from '../types.ts';

export interface JobElement {
  /** local id below the `mes` equipment */
  readonly id: string;
  /** browse path below the machine root, e.g. `Jobs/ActiveJob/JobName` */
  readonly path: string;
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'enum';
  readonly label: Localized;
  readonly unit?: string;
  /** the machine's own value: the MES reads it but never writes it when a peer declares it */
  readonly machineOwned?: boolean;
}

const AJ = 'Jobs/ActiveJob';
const AV = 'Jobs/ActiveJobValues';
const MS = 'MachineMESStatus';

export const JOB_ELEMENTS: readonly JobElement[] = [
  {
    id: 'job.name',
    path: `${AJ}/JobName`,
    type: 'string',
    label: { fr: 'Ordre (nom du job)', en: 'Job name' },
  },
  {
    id: 'job.description',
    path: `${AJ}/JobDescription`,
    type: 'string',
    label: { fr: 'Description du job', en: 'Job description' },
  },
  { id: 'job.customer', path: `${AJ}/CustomerName`, type: 'string', label: { fr: 'Client', en: 'Customer' } },
  { id: 'job.material', path: `${AJ}/Material`, type: 'string', label: { fr: 'Matière', en: 'Material' } },
  { id: 'job.product', path: `${AJ}/ProductName`, type: 'string', label: { fr: 'Produit', en: 'Product' } },
  {
    id: 'job.product_description',
    path: `${AJ}/ProductDescription`,
    type: 'string',
    label: { fr: 'Description produit', en: 'Product description' },
  },
  {
    id: 'job.dataset',
    path: `${AJ}/ProductionDatasetName`,
    type: 'string',
    label: { fr: 'Jeu de paramètres', en: 'Production dataset' },
  },
  {
    id: 'job.dataset_description',
    path: `${AJ}/ProductionDatasetDescription`,
    type: 'string',
    label: { fr: 'Description du jeu de paramètres', en: 'Production dataset description' },
  },
  {
    id: 'job.continue_at_end',
    path: `${AJ}/ContinueAtJobEnd`,
    type: 'bool',
    label: { fr: 'Continuer en fin de job', en: 'Continue at job end' },
  },
  {
    id: 'job.nominal_parts',
    path: `${AJ}/NominalParts`,
    type: 'int',
    label: { fr: 'Pièces à produire', en: 'Nominal parts' },
  },
  {
    id: 'job.nominal_box_parts',
    path: `${AJ}/NominalBoxParts`,
    type: 'int',
    label: { fr: 'Pièces par carton', en: 'Nominal box parts' },
  },
  {
    id: 'job.expected_cycle_time',
    path: `${AJ}/ExpectedCycleTime`,
    type: 'float',
    unit: 'ms',
    label: { fr: 'Temps de cycle attendu', en: 'Expected cycle time' },
  },
  { id: 'job.mould_id', path: `${AJ}/MouldId`, type: 'string', label: { fr: 'Moule', en: 'Mould id' } },
  {
    id: 'job.num_cavities',
    path: `${AJ}/NumCavities`,
    type: 'int',
    label: { fr: "Nombre d'empreintes", en: 'Number of cavities' },
  },
  {
    id: 'job.status',
    path: `${AV}/JobStatus`,
    type: 'enum',
    machineOwned: true,
    label: { fr: "État de l'ordre", en: 'Job status' },
  },
  {
    id: 'job.lot',
    path: `${AV}/CurrentLotName`,
    type: 'string',
    machineOwned: true,
    label: { fr: 'Lot en cours', en: 'Current lot' },
  },
  {
    id: 'job.cycle_counter',
    path: `${AV}/JobCycleCounter`,
    type: 'int',
    machineOwned: true,
    label: { fr: 'Cycles (ordre)', en: 'Job cycle counter' },
  },
  {
    id: 'job.parts_counter',
    path: `${AV}/JobPartsCounter`,
    type: 'int',
    machineOwned: true,
    label: { fr: 'Pièces (ordre)', en: 'Job parts counter' },
  },
  {
    id: 'job.good_parts',
    path: `${AV}/JobGoodPartsCounter`,
    type: 'int',
    machineOwned: true,
    label: { fr: 'Pièces bonnes (ordre)', en: 'Job good parts' },
  },
  {
    id: 'job.bad_parts',
    path: `${AV}/JobBadPartsCounter`,
    type: 'int',
    machineOwned: true,
    label: { fr: 'Pièces mauvaises (ordre)', en: 'Job bad parts' },
  },
  {
    id: 'job.test_samples',
    path: `${AV}/JobTestSamplesCounter`,
    type: 'int',
    machineOwned: true,
    label: { fr: 'Échantillons (ordre)', en: 'Job test samples' },
  },
  { id: 'box.id', path: `${AV}/BoxId`, type: 'string', label: { fr: 'Carton en cours', en: 'Current box' } },
  {
    id: 'box.parts',
    path: `${AV}/BoxPartsCounter`,
    type: 'int',
    label: { fr: 'Pièces dans le carton', en: 'Box parts counter' },
  },
  {
    id: 'box.good_parts',
    path: `${AV}/BoxGoodPartsCounter`,
    type: 'int',
    label: { fr: 'Pièces bonnes dans le carton', en: 'Box good parts' },
  },
  {
    id: 'job.last_part_id',
    path: `${AV}/LastPartId`,
    type: 'string',
    label: { fr: 'Dernière pièce', en: 'Last part id' },
  },
  {
    id: 'status.message',
    path: `${MS}/MESMessage`,
    type: 'string',
    label: { fr: 'Message MES', en: 'MES message' },
  },
  {
    id: 'status.standstill_message',
    path: `${MS}/StandstillMessage`,
    type: 'string',
    label: { fr: "Motif d'arrêt (texte)", en: 'Standstill message' },
  },
  {
    id: 'status.standstill_reason',
    path: `${MS}/StandstillReasonId`,
    type: 'int',
    label: { fr: "Motif d'arrêt", en: 'Standstill reason id' },
  },
  {
    id: 'status.automatic_run_enabled',
    path: `${MS}/ProductionControl/AutomaticRunEnabled`,
    type: 'bool',
    label: { fr: 'Marche automatique autorisée', en: 'Automatic run enabled' },
  },
  {
    id: 'status.released_by_mes',
    path: `${MS}/ProductionControl/ProductionReleasedByMES`,
    type: 'bool',
    label: { fr: 'Production libérée par le MES', en: 'Production released by MES' },
  },
];

/** MES KPIs (project namespace, MQTT and HMI only: no EUROMAP node holds them). */
export const KPI_ELEMENTS: readonly { id: string; label: Localized; unit: string; max: number }[] = [
  { id: 'kpi.oee', label: { fr: 'TRS (heure glissante)', en: 'OEE (last hour)' }, unit: '%', max: 100 },
  {
    id: 'kpi.availability',
    label: { fr: 'Disponibilité (heure glissante)', en: 'Availability (last hour)' },
    unit: '%',
    max: 100,
  },
  {
    id: 'kpi.performance',
    label: { fr: 'Performance (heure glissante)', en: 'Performance (last hour)' },
    unit: '%',
    max: 200,
  },
  {
    id: 'kpi.quality',
    label: { fr: 'Qualité (heure glissante)', en: 'Quality (last hour)' },
    unit: '%',
    max: 100,
  },
  { id: 'kpi.oee_session', label: { fr: 'TRS depuis le début', en: 'OEE since start' }, unit: '%', max: 100 },
  {
    id: 'kpi.scrap_rate',
    label: { fr: 'Taux de rebut (heure glissante)', en: 'Scrap rate (last hour)' },
    unit: '%',
    max: 100,
  },
  {
    id: 'kpi.order_progress',
    label: { fr: "Avancement de l'ordre", en: 'Order progress' },
    unit: '%',
    max: 1000,
  },
  {
    id: 'kpi.quarantined_parts',
    label: { fr: 'Pièces en quarantaine', en: 'Quarantined parts' },
    unit: '',
    max: 1e9,
  },
];

export const MACHINE_ROOT = 'DeviceSet/IMM_1';

const topicOf = (id: string) => `mes/${id.replace(/\./g, '/')}`;

/** Declarations of the elements no peer declares, plus the KPIs. */
export function declareJobInterface(root: string, taken: ReadonlySet<string>): SignalDefInput[] {
  const out: SignalDefInput[] = [];
  for (const e of JOB_ELEMENTS) {
    const browsePath = `${root}/${e.path}`;
    if (taken.has(browsePath)) continue;
    const base = {
      id: e.id,
      label: e.label,
      access: { read: READ_ALL, write: [] },
      visibility: 'candidate' as const,
      channels: { opcua: { browsePath }, mqtt: { topic: topicOf(e.id) } },
    };
    switch (e.type) {
      case 'string':
        out.push({ ...base, type: 'string', kind: 'state', initial: '' });
        break;
      case 'bool':
        out.push({ ...base, type: 'bool', kind: 'state', initial: false });
        break;
      case 'enum':
        out.push({ ...base, type: 'enum', kind: 'state', enumValues: [...JOB_STATUS], initial: 0 });
        break;
      case 'int':
        out.push({ ...base, type: 'int', kind: e.machineOwned ? 'counter' : 'parameter', initial: 0 });
        break;
      case 'float':
        out.push({ ...base, type: 'float', kind: 'parameter', unit: e.unit ?? '', initial: 0 });
        break;
    }
  }
  for (const k of KPI_ELEMENTS) {
    out.push({
      id: k.id,
      label: k.label,
      type: 'float',
      unit: k.unit,
      range: { min: 0, max: k.max },
      kind: 'measurement',
      access: { read: READ_ALL, write: [] },
      visibility: 'candidate',
      channels: { mqtt: { topic: topicOf(k.id) } },
    });
  }
  return out;
}

export interface ResolvedElement {
  readonly element: JobElement;
  readonly signal: RegisteredSignal;
  /** the MES may write it (it declared it, or the machine declared a value that is not its own) */
  readonly writable: boolean;
}

/** Every job-interface element by id, whoever declared it (absent: not in the registry). */
export function resolveJobInterface(
  registry: SignalRegistry,
  root: string,
  self: string,
): Map<string, ResolvedElement> {
  const byPath = new Map<string, RegisteredSignal>();
  for (const s of registry.signals) {
    const p = s.channels.opcua?.browsePath;
    if (p) byPath.set(p, s);
  }
  const out = new Map<string, ResolvedElement>();
  for (const e of JOB_ELEMENTS) {
    const sig = byPath.get(`${root}/${e.path}`);
    if (!sig) continue;
    out.set(e.id, { element: e, signal: sig, writable: sig.equipment === self || !e.machineOwned });
  }
  return out;
}

/** A signal by the end of its browse path (e.g. `MachineStatus/MachineMode`) under the machine root. */
export function signalByPath(registry: SignalRegistry, path: string): RegisteredSignal | undefined {
  return registry.signals.find((s) => s.channels.opcua?.browsePath === path);
}

/** The writable material-lot signal of the cell (a blender's or hopper's `…/MaterialLot`), if any. */
export function materialLotSignal(registry: SignalRegistry, self: string): RegisteredSignal | undefined {
  return registry.signals.find(
    (s) =>
      s.equipment !== self &&
      s.type === 'string' &&
      s.access.write.includes('mes') &&
      /\/MaterialLot$/.test(s.channels.opcua?.browsePath ?? ''),
  );
}
