/**
 * Response types of the MES/ERP/GMAO REST API, for the HMI (a typed wire contract: `import type` only).
 * Each is the return type of the query the route answers with (docs/mes.md "REST API").
 */
import type { predictive, reliability } from './gmao/predictive.ts';
import type { ChartView } from './mes/spc-charts.ts';
import type {
  boxesQuery,
  boxView,
  lotGenealogy,
  lotInfo,
  partGenealogy,
  shotView,
} from './queries/genealogy.ts';
import type {
  alarmLog,
  downtime,
  jobView,
  OeeBucket,
  oeeWhy,
  overview,
  quarantineView,
  reasonsCatalogue,
  scrapPareto,
  spcCatalogue,
  violations,
} from './queries/mes-queries.ts';

/** `GET …/mes` */
export type MesOverview = ReturnType<typeof overview>;
/** `GET …/mes/job`, items of `…/mes/jobs` */
export type MesJob = NonNullable<ReturnType<typeof jobView>>;
/** `GET …/mes/scrap` (plus `from`, `to`) */
export type MesScrap = ReturnType<typeof scrapPareto>;
/** `GET …/mes/oee` → `{ by, align, buckets: MesOeeBucket[] }` */
export type MesOeeBucket = OeeBucket;
/** `GET …/mes/oee/why` */
export type MesOeeWhy = ReturnType<typeof oeeWhy>;
/** `GET …/mes/downtime` */
export type MesDowntime = ReturnType<typeof downtime>;
export type MesStandstillReasons = ReturnType<typeof reasonsCatalogue>;
export type MesAlarmLog = ReturnType<typeof alarmLog>;
/** `GET …/mes/spc`, `…/mes/spc/chart`, `…/mes/spc/violations` */
export type MesSpcCatalogue = ReturnType<typeof spcCatalogue>;
export type MesSpcChart = ChartView;
export type MesSpcViolations = ReturnType<typeof violations>;
/** `GET …/mes/genealogy/part/:part`, `shot/:shot`, `lot/:lot`, `box/:box`, `boxes` */
export type MesPartGenealogy = NonNullable<ReturnType<typeof partGenealogy>>;
export type MesShot = ReturnType<typeof shotView>;
export type MesLotGenealogy = NonNullable<ReturnType<typeof lotGenealogy>>;
export type MesBox = ReturnType<typeof boxView>;
export type MesBoxesAnswer = Exclude<ReturnType<typeof boxesQuery>, { error: string }>;
export type MesLot = ReturnType<typeof lotInfo>;
/** `GET …/mes/quarantine` */
export type MesQuarantine = ReturnType<typeof quarantineView>;
/** `GET …/gmao/predictive`, `…/gmao/reliability` */
export type GmaoIndicators = ReturnType<typeof predictive>;
export type GmaoReliability = ReturnType<typeof reliability>;
/** the answer of every write route */
export interface MesWriteAnswer {
  status: 'accepted' | 'rejected';
  seq: number;
  tick: number;
  action: string;
  result?: unknown;
  error?: string;
  message?: string;
}
export type {
  Box,
  CustomerOrder,
  Equipment,
  Lot,
  ManufacturingOrder,
  Plan,
  Product,
  QualityDecision,
  SparePart,
  StockMovement,
  Stop,
  WorkOrder,
} from './types.ts';
