/**
 * Plain-data state of the MES, ERP and GMAO station models (everything here goes into the snapshot, so a
 * resumed station answers every query exactly as before). Times are simulation ms of the station's clock.
 */
import type { ChartLimits, RuleId } from './spc.ts';

export type Localized = { readonly fr: string; readonly en: string };

// ------------------------------------------------------------------------------------------------ ERP

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly country: string;
}

export interface Supplier {
  readonly id: string;
  readonly name: string;
  readonly kind: 'recycler' | 'producer' | 'masterbatch' | 'packaging' | 'internal';
  /** recycling certification held by the supplier (EuCertPlast, RecyClass, ISCC PLUS…) */
  readonly certification: string | null;
}

export interface MaterialItem {
  readonly id: string;
  readonly kind: 'resin' | 'masterbatch' | 'regrind' | 'packaging';
  readonly name: Localized;
  readonly material: string | null;
  readonly unit: 'kg' | 'pc';
  /** melt flow index specification of the grade, g/10 min */
  readonly mfiSpec: { readonly min: number; readonly nominal: number; readonly max: number } | null;
  /** moisture limit before moulding, % */
  readonly moistureMaxPct: number | null;
}

export interface RecycledCertificate {
  readonly id: string;
  readonly scheme: string;
  /** recycled content (ISO 14021), % of the lot mass */
  readonly recycledPct: number;
  readonly postConsumerPct: number;
  readonly preConsumerPct: number;
  /** ISO date */
  readonly validUntil: string;
}

export interface CertificateOfAnalysis {
  readonly mfi: number | null;
  readonly moisturePct: number | null;
  readonly density: number | null;
}

export type LotStatus = 'available' | 'in_use' | 'blocked' | 'consumed';

export interface Lot {
  readonly id: string;
  readonly item: string;
  readonly supplier: string;
  readonly receivedAt: number;
  readonly qtyReceived: number;
  onHand: number;
  status: LotStatus;
  statusReason: string;
  readonly certificate: RecycledCertificate | null;
  readonly coa: CertificateOfAnalysis | null;
  /** CoA against the grade's specification: null when unknown */
  readonly coaInSpec: boolean | null;
}

export interface Product {
  readonly id: string;
  readonly name: Localized;
  readonly material: string;
  readonly cavities: number;
  readonly partWeightG: number;
  readonly runnerG: number;
  readonly refCycleS: number;
  readonly weight: { readonly nominal: number; readonly tol: number };
  readonly keyDim: { readonly nominal: number; readonly tol: number };
  readonly boxParts: number;
  readonly mouldId: string;
  readonly dataset: { readonly name: string; readonly description: string };
  readonly bom: {
    readonly resinItem: string;
    readonly masterbatchItem: string | null;
    readonly masterbatchPct: number;
    readonly regrindPct: number;
    readonly regrindMaxPct: number;
    readonly packagingItem: string | null;
  };
}

export type CustomerOrderStatus = 'open' | 'in_production' | 'completed' | 'cancelled';

export interface CustomerOrder {
  readonly id: string;
  readonly customer: string;
  readonly product: string;
  readonly qty: number;
  readonly dueAt: number;
  status: CustomerOrderStatus;
  readonly orders: string[];
}

export type OrderStatus = 'planned' | 'released' | 'in_progress' | 'completed' | 'closed' | 'cancelled';

export interface ManufacturingOrder {
  readonly id: string;
  readonly customerOrder: string;
  readonly product: string;
  readonly qty: number;
  readonly dueAt: number;
  status: OrderStatus;
  readonly bom: {
    resinLot: string | null;
    masterbatchLot: string | null;
    regrindPct: number;
    packagingLot: string | null;
  };
  readonly createdAt: number;
  releasedAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  closedAt: number | null;
  produced: {
    shots: number;
    good: number;
    bad: number;
    startup: number;
    test: number;
    scrapped: number;
    boxes: number;
  };
  /** kg (or pieces for packaging) consumed, by lot */
  consumption: Record<string, number>;
  comment: string;
}

export interface StockMovement {
  readonly seq: number;
  readonly t: number;
  readonly lot: string;
  /** + receipt / return, − consumption */
  qty: number;
  readonly kind: 'receipt' | 'consumption' | 'regrind_return' | 'adjustment';
  readonly order: string;
  readonly shotFrom: number | null;
  shotTo: number | null;
  /** last time the movement was extended (consecutive shots are coalesced) */
  tLast: number;
}

export interface ErpState {
  seq: { co: number; mo: number; mv: number };
  customers: Customer[];
  suppliers: Supplier[];
  items: MaterialItem[];
  products: Product[];
  lots: Lot[];
  customerOrders: CustomerOrder[];
  orders: ManufacturingOrder[];
  movements: StockMovement[];
  movementsDropped: number;
}

// ------------------------------------------------------------------------------------------------ MES

/** EUROMAP 83 JobStatusEnumeration */
export const JOB_STATUS = [
  'OTHER',
  'TRANSFERRED_ASSIGNED',
  'SET_UP_ACTIVE',
  'SET_UP_INTERRUPTED',
  'SET_UP_FINISHED',
  'START_UP_ACTIVE',
  'JOB_IN_PRODUCTION',
  'JOB_INTERRUPTED',
  'JOB_FINISHED',
  'TEAR_DOWN_ACTIVE',
  'TEAR_DOWN_INTERRUPTED',
  'TEAR_DOWN_FINISHED',
] as const;
export type JobStatusName = (typeof JOB_STATUS)[number];

/** EUROMAP 77 CyclicJobInformationType data (SetCyclicJobData). */
export interface CyclicJobData {
  JobName: string;
  JobDescription: string;
  CustomerName: string;
  Material: string;
  ProductName: string;
  ProductDescription: string;
  ProductionDatasetName: string;
  ProductionDatasetDescription: string;
  ContinueAtJobEnd: boolean;
  NominalParts: number;
  NominalBoxParts: number;
  /** ms (OPC UA Duration) */
  ExpectedCycleTime: number;
  MouldId: string;
  NumCavities: number;
}

export interface CavityCounts {
  good: number;
  bad: number;
  test: number;
  startup: number;
}

export interface JobCounters {
  cycles: number;
  parts: number;
  /** the machine's verdict (vision and quality monitoring), as its own counters count them */
  good: number;
  bad: number;
  /** parts diverted as test samples / as start-up scrap (§3.16), whatever their verdict */
  test: number;
  startup: number;
  /** good parts put in boxes */
  boxed: number;
  /** parts scrapped afterwards by a quality decision */
  scrapped: number;
  byCavity: CavityCounts[];
  /** rejected parts by defect class (first defect, else the reject reason) */
  scrapByClass: Record<string, number>;
}

export interface MachineCounters {
  cycle: number;
  parts: number;
  good: number;
  bad: number;
  test: number;
}

export interface JobState {
  readonly id: string;
  data: CyclicJobData;
  mo: string | null;
  status: JobStatusName;
  readonly createdAt: number;
  startedAt: number | null;
  interruptedAt: number | null;
  finishedAt: number | null;
  counters: JobCounters;
  /** the machine's counters when the job started (reconciliation machine ↔ MES) */
  baseline: MachineCounters | null;
  /** the machine's counters when the job finished */
  endCounters: MachineCounters | null;
  boxNo: number;
  openBox: string | null;
  firstShot: number | null;
  lastShot: number | null;
}

export type PartDisposition = 'boxed' | 'reject' | 'startup' | 'test' | 'unassigned' | 'scrapped';

export interface PartRow {
  /** cavity, 1-based */
  k: number;
  q: 'good' | 'bad';
  /** defect types */
  d: string[];
  /** reject reason */
  r: string;
  box: string | null;
  disp: PartDisposition;
  /** quality decision holding the part (quarantine), or null */
  hold: number | null;
}

export interface ShotRow {
  id: number;
  ts: number;
  te: number;
  /** cycle time, s */
  ct: number;
  job: string;
  mo: string;
  /** reference cycle time of the job, s */
  tref: number;
  lot: string;
  /** the previous lot, while a lot change may still be in the screw (transition window) */
  lotPrev: string | null;
  rg: number | null;
  startup: boolean;
  test: boolean;
  /** SPC variables of this shot: `cushion`, `weight.1`… */
  v: Record<string, number>;
  cav: PartRow[];
  alarms: string[];
  dq: string;
  /** predictive maintenance inputs */
  zo: number[];
  cf: number[];
  ej: number | null;
  vac: number | null;
  /** kg of the shot (parts + runner) */
  kg: number;
}

export interface Box {
  readonly id: string;
  readonly job: string;
  readonly mo: string;
  readonly product: string;
  readonly capacity: number;
  count: number;
  held: number;
  scrapped: number;
  firstShot: number;
  lastShot: number;
  readonly openedAt: number;
  closedAt: number | null;
  lots: string[];
}

export type StopCategory = 'closure' | 'planned' | 'breakdown' | 'unplanned';

export interface StandstillReason {
  readonly id: number;
  readonly code: string;
  readonly category: StopCategory;
  readonly text: Localized;
}

export interface Stop {
  readonly id: number;
  readonly start: number;
  end: number | null;
  /** `stop` (availability loss), `micro` (shorter than the micro-stop limit: performance loss), `declared` */
  kind: 'stop' | 'micro' | 'declared';
  reasonId: number;
  reasonSource: 'auto' | 'operator';
  /** the alarm or event the automatic reason rests on */
  evidence: string;
  comment: string;
  job: string;
  by: string;
}

export interface AlarmLogEntry {
  readonly t: number;
  readonly equipment: string;
  readonly code: string;
  readonly state: 'active' | 'cleared';
  readonly severity: string;
  readonly text: Localized;
}

export interface LotChange {
  readonly id: number;
  readonly t: number;
  readonly from: string;
  readonly to: string;
  /** the first shot moulded after the change */
  readonly shot: number | null;
  readonly source: 'mes' | 'machine';
  readonly by: string;
  readonly coaMfi: number | null;
  readonly coaInSpec: boolean | null;
}

export interface QualitySelector {
  shotFrom?: number | undefined;
  shotTo?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  boxes?: string[] | undefined;
  parts?: string[] | undefined;
  lot?: string | undefined;
}

export interface QualityDecision {
  readonly id: number;
  readonly t: number;
  readonly kind: 'quarantine' | 'release' | 'scrap';
  readonly selector: QualitySelector;
  /** a quarantine without an end holds every new part until released */
  open: boolean;
  closedAt: number | null;
  readonly reason: string;
  readonly defectClass: string;
  readonly by: string;
  parts: number;
  boxes: string[];
  /** for release/scrap of a quarantine decision */
  readonly of: number | null;
}

export interface SpcChartState {
  readonly key: string;
  readonly variable: string;
  readonly cavity: number;
  readonly type: 'xbar_r' | 'imr';
  readonly n: number;
  readonly limits: ChartLimits;
  readonly rules: RuleId[];
  readonly spec: { readonly lsl: number | null; readonly usl: number | null } | null;
  readonly ref: { readonly fromShot: number; readonly toShot: number; readonly points: number };
  readonly setAt: number;
  readonly by: string;
  /** online evaluation: the last plotted points, the partial subgroup, the alarm state */
  recent: number[];
  sub: number[];
  alarm: boolean;
  points: number;
}

export interface SpcViolation {
  readonly seq: number;
  readonly t: number;
  readonly shot: number;
  readonly chart: string;
  readonly rule: string;
  readonly value: number;
}

export interface MesState {
  seq: { job: number; stop: number; decision: number; lotChange: number; viol: number };
  job: JobState | null;
  jobs: JobState[];
  shots: ShotRow[];
  shotsDropped: number;
  boxes: Box[];
  stops: Stop[];
  openStop: number | null;
  lastCycleEnd: number;
  lastShotId: number | null;
  startupLeft: number;
  testPending: number;
  alarmLog: AlarmLogEntry[];
  activeAlarms: string[];
  lotChanges: LotChange[];
  currentLot: string;
  decisions: QualityDecision[];
  spc: Record<string, SpcChartState>;
  violations: SpcViolation[];
  modeLog: { t: number; mode: string }[];
  lastMode: number;
  paramChanges: { t: number; signal: string; from: string; to: string }[];
  automaticRun: boolean;
  releasedByMes: boolean;
  mesMessage: string;
  started: boolean;
  pendingAlarms: {
    code: string;
    state: 'active' | 'cleared';
    severity: 'info' | 'warning' | 'alarm' | 'critical';
    text: Localized;
  }[];
  kpiAt: number;
}

// ------------------------------------------------------------------------------------------------ GMAO

export type WorkOrderStatus = 'open' | 'assigned' | 'in_progress' | 'done' | 'closed' | 'cancelled';

export interface Equipment {
  readonly id: string;
  readonly name: Localized;
  readonly parent: string | null;
  /** counters at session start; the current value adds the shots/hours seen since */
  readonly shotsOffset: number;
  readonly hoursOffset: number;
}

export interface Plan {
  readonly id: string;
  readonly equipment: string;
  readonly title: Localized;
  readonly counter: 'shots' | 'hours';
  readonly interval: number;
  lastDone: number;
  /** share of the interval at which the plan is "due soon" and a work order is generated */
  readonly warnPct: number;
  /** overdue beyond interval × (1 + tolerancePct) */
  readonly tolerancePct: number;
  readonly spareParts: string[];
  openWo: string | null;
  notified: 'ok' | 'due_soon' | 'due' | 'overdue';
}

export interface WorkOrder {
  readonly id: string;
  readonly kind: 'corrective' | 'preventive';
  readonly equipment: string;
  title: string;
  description: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: WorkOrderStatus;
  readonly createdAt: number;
  readonly createdBy: string;
  assignee: string;
  /** the equipment was down (counts for MTBF/MTTR) */
  readonly breakdown: boolean;
  readonly failureAt: number;
  doneAt: number | null;
  closedAt: number | null;
  readonly plan: string | null;
  readonly downtime: number | null;
  cause: string;
  remedy: string;
  history: { t: number; from: WorkOrderStatus | null; to: WorkOrderStatus; by: string; comment: string }[];
  parts: { part: string; qty: number; t: number; by: string }[];
  time: { hours: number; by: string; t: number; comment: string }[];
}

export interface SparePart {
  readonly id: string;
  readonly name: Localized;
  stock: number;
  readonly unitCost: number;
}

export interface GmaoState {
  seq: { wo: number };
  equipment: Equipment[];
  plans: Plan[];
  workOrders: WorkOrder[];
  spareParts: SparePart[];
  /** machine shots and operating seconds seen since session start */
  shots: number;
  seconds: number;
  /** per-equipment counter adjustments (trainer) */
  adjust: Record<string, { shots: number; hours: number }>;
  /** sampled watch signals for predictive indicators: key → [t, value][] */
  samples: Record<string, [number, number][]>;
  sampleAt: number;
  pendingAlarms: {
    code: string;
    state: 'active' | 'cleared';
    severity: 'info' | 'warning';
    text: Localized;
  }[];
  /** start of the maintenance history (MTBF observation period) */
  historyFrom: number;
}
