/**
 * REST reads and command-API writes of the MES, ERP, SPC and GMAO screens (issues 6 and 9; docs/mes.md).
 *
 * Reads go to `GET /api/stations/:id/{mes,erp,gmao}/…` with the session's token; the response types come
 * from the MES wire contract (`simulator/mes/wire.ts`, types only) or, where the contract does not name
 * one, from the interfaces below (same fields as the routes answer). The OEE and genealogy reads are
 * journaled by the server as `view` entries (evidence of the investigation), so the screens fetch them on
 * demand rather than on a timer.
 *
 * Writes are named actions of the command API sent over the HMI's socket (`command` `{ kind: 'action' }`):
 * validated, journaled with the candidate's identity and channel `hmi`, applied at the next tick boundary,
 * and refused with the station's own reason — the same path as the safety gestures, so the access level
 * chosen in the header applies.
 */
import type { z } from 'zod';
import type {
  BookPartsArgs,
  BookTimeArgs,
  DispatchJobArgs,
  LotChangeArgs,
  OpenWorkOrderArgs,
  QualitySelectorSchema,
  QuarantineArgs,
  RecordDowntimeArgs,
  ReleaseArgs,
  ScrapArgs,
  SpcClearArgs,
  SpcLimitsArgs,
  UpdateWorkOrderArgs,
} from '../../../simulator/mes/schemas.ts';
// not re-exported by the wire contract (types only)
import type { Supplier, WorkOrderStatus } from '../../../simulator/mes/types.ts';
import type {
  CustomerOrder,
  Equipment,
  GmaoIndicators,
  GmaoReliability,
  Lot,
  ManufacturingOrder,
  MesAlarmLog,
  MesBox,
  MesDowntime,
  MesJob,
  MesLot,
  MesLotGenealogy,
  MesOeeBucket,
  MesOeeWhy,
  MesOverview,
  MesPartGenealogy,
  MesQuarantine,
  MesScrap,
  MesShot,
  MesSpcCatalogue,
  MesSpcChart,
  MesSpcViolations,
  MesStandstillReasons,
  Plan,
  Product,
  SparePart,
  StockMovement,
  WorkOrder,
} from '../../../simulator/mes/wire.ts';
import type { Ack } from '../../../simulator/server/realtime/wire.ts';
import { api } from '../api.ts';
import { commandId, epochMs, send } from '../live.ts';
import { session } from '../session.ts';

export type {
  GmaoIndicators,
  GmaoReliability,
  MesAlarmLog,
  MesBox,
  MesDowntime,
  MesJob,
  MesLot,
  MesLotGenealogy,
  MesOeeBucket,
  MesOeeWhy,
  MesOverview,
  MesPartGenealogy,
  MesQuarantine,
  MesScrap,
  MesShot,
  MesSpcCatalogue,
  MesSpcChart,
  MesSpcViolations,
  MesStandstillReasons,
  Plan,
  Product,
  SparePart,
  Supplier,
  WorkOrder,
  WorkOrderStatus,
};

const base = (area: 'mes' | 'erp' | 'gmao') =>
  `/api/stations/${encodeURIComponent(session.value?.station ?? '')}/${area}`;
const qs = (q: Record<string, string | number | boolean | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
const seg = encodeURIComponent;

// ---- time --------------------------------------------------------------------------------------------

/** Simulation ms as the REST time parameter (`t:<ms>`: no clock or time-zone ambiguity). */
export const simParam = (t: number | undefined | null): string | undefined =>
  t === undefined || t === null || !Number.isFinite(t) ? undefined : `t:${Math.round(t)}`;
/** Simulation ms of an ISO time the API gave. */
export const simOfIso = (iso: string): number => Date.parse(iso) - epochMs.value;
/** Simulation ms of a `datetime-local` input (the browser's local time). */
export const simOfLocal = (local: string): number | undefined => {
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? ms - epochMs.value : undefined;
};
/** A `datetime-local` input value (to the second) of a simulation time. */
export function localOfSim(t: number): string {
  const d = new Date(epochMs.value + t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// ---- types the wire contract does not name -------------------------------------------------------------

/** `GET …/mes/counts` */
export interface MesCounts extends Omit<MesJob['counters'], never> {
  readonly job: string;
  readonly jobName: string;
  readonly order: string | null;
  readonly status: string;
  readonly nominalParts: number;
}

/** `GET …/mes/genealogy/boxes` (typed here: the contract's `MesBoxesAnswer` is a plain record) */
export interface BoxesAnswer {
  readonly lot: MesLot | null;
  readonly after: string | null;
  readonly afterT: number | null;
  readonly alarm: { alarm: string; activatedAt: string; t: number } | null;
  readonly before: string | null;
  readonly parts: number;
  readonly partsNotBoxed: number;
  readonly dispositions: Record<string, number>;
  readonly boxes: (MesBox & { matchingParts: number; matchingShots: [number, number] })[];
}

/** `GET …/erp/orders` (orderView of the ERP routes) */
export interface ErpOrder extends ManufacturingOrder {
  readonly customer: { id: string; name: string } | null;
  readonly dueAtIso: string;
  readonly releasedAtIso: string | null;
  readonly startedAtIso: string | null;
  readonly completedAtIso: string | null;
  readonly goodNet: number;
  readonly progressPct: number;
  readonly materialKg: number;
  readonly late: boolean;
}
export interface ErpOrders {
  readonly customerOrders: (CustomerOrder & { dueAtIso: string })[];
  readonly orders: ErpOrder[];
}
/** `GET …/erp/lots` */
export type ErpLot = Extract<MesLot, { known: true }> &
  Pick<Lot, 'onHand' | 'qtyReceived' | 'statusReason'> & { receivedAt: string };
/** `GET …/erp/movements` */
export interface ErpMovements {
  readonly dropped: number;
  readonly movements: (StockMovement & { at: string })[];
}
/** `GET …/gmao/equipment` */
export interface GmaoEquipment extends Pick<Equipment, 'id' | 'name' | 'parent'> {
  readonly shots: number;
  readonly hours: number;
}
/** `GET …/gmao/plans` */
export interface GmaoPlan extends Plan {
  readonly value: number;
  readonly used: number;
  readonly pct: number;
  readonly status: 'ok' | 'due_soon' | 'due' | 'overdue';
  readonly remaining: number;
}
/** `GET …/gmao/work-orders` (woView of the GMAO routes) */
export interface GmaoWorkOrder extends WorkOrder {
  readonly createdAtIso: string;
  readonly doneAtIso: string | null;
  readonly closedAtIso: string | null;
  readonly hours: number;
  readonly partsCost: number;
  readonly next: readonly WorkOrderStatus[];
}
/** `GET …/gmao/reliability` (the route adds ISO times to `reliability()`) */
export type GmaoReliabilityView = Omit<GmaoReliability, 'perEquipment'> & {
  readonly observedFromIso: string;
  readonly perEquipment: (GmaoReliability['perEquipment'][number] & { lastFailureIso: string | null })[];
};
/** `GET …/mes/actions` */
export interface MesAction {
  readonly name: string;
  readonly label?: { fr: string; en: string };
  readonly group?: string;
  readonly roles: readonly string[];
  readonly allowed: boolean;
}
/** `GET …/mes/lot-changes` */
export interface MesLotChanges {
  readonly current: MesLot;
  readonly changes: {
    id: number;
    t: number;
    at: string;
    from: string;
    to: string;
    shot: number | null;
    by: string;
    coaMfi: number | null;
    coaInSpec: boolean | null;
  }[];
}

// ---- reads ---------------------------------------------------------------------------------------------

export const mes = {
  overview: () => api<MesOverview>(base('mes')),
  jobs: () => api<(MesJob | null)[]>(`${base('mes')}/jobs`),
  counts: () => api<MesCounts>(`${base('mes')}/counts`),
  scrap: (from?: number, to?: number) =>
    api<MesScrap & { from: string; to: string }>(
      `${base('mes')}/scrap${qs({ from: simParam(from), to: simParam(to) })}`,
    ),
  oee: (by: 'hour' | 'shift' | 'order', align: 'clock' | 'session', from?: number, to?: number) =>
    api<{ by: string; align: string; buckets: MesOeeBucket[] }>(
      `${base('mes')}/oee${qs({ by, align, from: simParam(from), to: simParam(to) })}`,
    ),
  why: (at: number, align: 'clock' | 'session') =>
    api<MesOeeWhy>(`${base('mes')}/oee/why${qs({ at: simParam(at), align })}`),
  downtime: (micro: boolean, from?: number) =>
    api<MesDowntime>(`${base('mes')}/downtime${qs({ micro, from: simParam(from) })}`),
  reasons: () => api<MesStandstillReasons>(`${base('mes')}/standstill-reasons`),
  alarmLog: () => api<MesAlarmLog>(`${base('mes')}/alarm-log`),
  lotChanges: () => api<MesLotChanges>(`${base('mes')}/lot-changes`),
  actions: () => api<MesAction[]>(`${base('mes')}/actions`),
  spc: () => api<MesSpcCatalogue>(`${base('mes')}/spc`),
  chart: (q: { variable: string; cavity: number; type: 'xbar_r' | 'imr'; n: number; last?: number }) =>
    api<MesSpcChart>(`${base('mes')}/spc/chart${qs(q)}`),
  violations: () => api<MesSpcViolations>(`${base('mes')}/spc/violations`),
  boxes: () => api<MesBox[]>(`${base('mes')}/boxes`),
  quarantine: () => api<MesQuarantine>(`${base('mes')}/quarantine`),
  part: (id: string) => api<MesPartGenealogy>(`${base('mes')}/genealogy/part/${seg(id)}`),
  shot: (id: number) => api<MesShot>(`${base('mes')}/genealogy/shot/${id}`),
  lot: (id: string) => api<MesLotGenealogy>(`${base('mes')}/genealogy/lot/${seg(id)}`),
  box: (id: string) => api<MesBox>(`${base('mes')}/genealogy/box/${seg(id)}`),
  boxesWith: (q: {
    lot?: string;
    after?: number;
    before?: number;
    afterAlarm?: string;
    occurrence?: 'first' | 'last';
  }) =>
    api<BoxesAnswer>(
      `${base('mes')}/genealogy/boxes${qs({
        lot: q.lot,
        after: simParam(q.after),
        before: simParam(q.before),
        afterAlarm: q.afterAlarm,
        occurrence: q.occurrence,
      })}`,
    ),
};

export const erp = {
  orders: () => api<ErpOrders>(`${base('erp')}/orders`),
  lots: () => api<ErpLot[]>(`${base('erp')}/lots`),
  products: () => api<Product[]>(`${base('erp')}/products`),
  suppliers: () => api<Supplier[]>(`${base('erp')}/suppliers`),
  movements: (lot?: string) => api<ErpMovements>(`${base('erp')}/movements${qs({ lot })}`),
};

export const gmao = {
  equipment: () => api<GmaoEquipment[]>(`${base('gmao')}/equipment`),
  plans: () => api<GmaoPlan[]>(`${base('gmao')}/plans`),
  workOrders: () => api<GmaoWorkOrder[]>(`${base('gmao')}/work-orders`),
  reliability: () => api<GmaoReliabilityView>(`${base('gmao')}/reliability`),
  predictive: () => api<GmaoIndicators>(`${base('gmao')}/predictive`),
  spareParts: () => api<SparePart[]>(`${base('gmao')}/spare-parts`),
};

// ---- writes (command API) ------------------------------------------------------------------------------

/** Arguments of each action the screens send (the server's zod schemas, as their input types). */
export interface ActionArgs {
  'mes.dispatch_job': z.input<typeof DispatchJobArgs>;
  'mes.record_downtime': z.input<typeof RecordDowntimeArgs>;
  'mes.quarantine': z.input<typeof QuarantineArgs>;
  'mes.release': z.input<typeof ReleaseArgs>;
  'mes.scrap': z.input<typeof ScrapArgs>;
  'mes.lot_change': z.input<typeof LotChangeArgs>;
  'erp.release_order': { order: string };
  'job.start': Record<string, never>;
  'job.interrupt': Record<string, never>;
  'job.finish': Record<string, never>;
  'job.stop_at_cycle_end': Record<string, never>;
  'spc.set_limits': z.input<typeof SpcLimitsArgs>;
  'spc.clear_limits': z.input<typeof SpcClearArgs>;
  'gmao.open_work_order': z.input<typeof OpenWorkOrderArgs>;
  'gmao.update_work_order': z.input<typeof UpdateWorkOrderArgs>;
  'gmao.book_parts': z.input<typeof BookPartsArgs>;
  'gmao.book_time': z.input<typeof BookTimeArgs>;
}
export type QualitySelector = z.input<typeof QualitySelectorSchema>;

/**
 * Run an action through the command API and wait for the station's answer: `{ ok: true, result }` or
 * `{ ok: false, message }` with the reason as the station gave it.
 */
export function act<A extends keyof ActionArgs>(action: A, args: ActionArgs[A]): Promise<Ack> {
  return send('command', { kind: 'action', action, args, id: commandId() });
}
