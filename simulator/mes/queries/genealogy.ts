/**
 * Genealogy (traceability) queries: material lot → shot → part → box → order → customer, both ways.
 * A shot moulded within the transition window after a lot change may hold either lot (the hopper and the
 * screw still hold the previous one), so it belongs to both until the window has passed.
 */
import { lowerBound, partId, round } from '../common.ts';
import type { ErpModel } from '../erp/erp-model.ts';
import type { MesModel } from '../mes/mes-model.ts';
import { firstAlarmActivation, lastAlarmActivation, lotMatches } from '../mes/quality.ts';
import type { Box, Lot, ShotRow } from '../types.ts';

export interface Clock {
  /** absolute ms (Unix epoch) of a simulation ms */
  readonly abs: (t: number) => number;
}

export const iso = (c: Clock, t: number): string => new Date(c.abs(t)).toISOString();

export function lotInfo(erp: ErpModel, id: string) {
  const l = erp.lot(id);
  if (!l) return { id, known: false as const };
  const item = erp.item(l.item);
  const supplier = erp.s.suppliers.find((s) => s.id === l.supplier);
  return {
    id: l.id,
    known: true as const,
    item: l.item,
    itemName: item?.name ?? null,
    kind: item?.kind ?? null,
    supplier: supplier
      ? { id: supplier.id, name: supplier.name, certification: supplier.certification }
      : { id: l.supplier },
    certificate: l.certificate,
    coa: l.coa,
    mfiSpec: item?.mfiSpec ?? null,
    moistureMaxPct: item?.moistureMaxPct ?? null,
    coaInSpec: l.coaInSpec,
    status: l.status,
  };
}

/** Recycled content of the shot's parts (ISO 14021: in-house regrind is not recycled content). */
function recycled(erp: ErpModel, mes: MesModel, row: ShotRow, lot: Lot | undefined): number | null {
  if (!lot?.certificate) return lot ? 0 : null;
  const p = mes.productOf(null);
  const mb = p.bom.masterbatchItem ? p.bom.masterbatchPct / 100 : 0;
  const rg = row.rg ?? p.bom.regrindPct / 100;
  void erp;
  return round(lot.certificate.recycledPct * (1 - rg - mb), 2);
}

function orderInfo(erp: ErpModel, mo: string) {
  const o = mo ? erp.order(mo) : undefined;
  if (!o) return null;
  const co = erp.s.customerOrders.find((c) => c.id === o.customerOrder);
  const customer = erp.s.customers.find((c) => c.id === co?.customer);
  return {
    order: o.id,
    status: o.status,
    product: o.product,
    customerOrder: co?.id ?? null,
    customer: customer ? { id: customer.id, name: customer.name } : null,
  };
}

export function shotView(mes: MesModel, c: Clock, row: ShotRow) {
  const erp = mes.erp;
  const lot = erp.lot(row.lot);
  return {
    shot: row.id,
    t: row.te,
    at: iso(c, row.te),
    cycleTimeS: row.ct,
    job: row.job || null,
    order: orderInfo(erp, row.mo),
    lot: lotInfo(erp, row.lot),
    lotPrevious: row.lotPrev ? lotInfo(erp, row.lotPrev) : null,
    regrindPct: row.rg === null ? null : round(100 * row.rg, 2),
    recycledContentPct: recycled(erp, mes, row, lot),
    startup: row.startup,
    test: row.test,
    values: row.v,
    alarms: row.alarms,
    dataQuality: row.dq,
    parts: row.cav.map((p) => ({
      part: partId(row.id, p.k),
      cavity: p.k,
      quality: p.q,
      defects: p.d,
      reason: p.r,
      disposition: p.disp,
      box: p.box,
      quarantine: p.hold,
    })),
  };
}

export function findShot(mes: MesModel, id: number): ShotRow | undefined {
  const i = lowerBound(mes.s.shots, id, (r) => r.id);
  const r = mes.s.shots[i];
  return r && r.id === id ? r : undefined;
}

export function boxView(mes: MesModel, c: Clock, b: Box) {
  return {
    box: b.id,
    order: orderInfo(mes.erp, b.mo),
    product: b.product,
    capacity: b.capacity,
    parts: b.count,
    good: b.count - b.held - b.scrapped,
    quarantined: b.held,
    scrapped: b.scrapped,
    status: b.closedAt === null ? 'open' : 'closed',
    quality: b.held > 0 ? 'quarantined' : b.scrapped > 0 ? 'partially_scrapped' : 'ok',
    firstShot: b.firstShot,
    lastShot: b.lastShot,
    lots: b.lots,
    openedAt: iso(c, b.openedAt),
    closedAt: b.closedAt === null ? null : iso(c, b.closedAt),
  };
}

/** A part back to its shot, material lot and certificate, box, order and customer. */
export function partGenealogy(mes: MesModel, c: Clock, id: string) {
  const m = /^(\d{1,15})-(\d{1,2})$/.exec(id);
  if (!m) return null;
  const row = findShot(mes, Number(m[1]));
  const part = row?.cav.find((p) => p.k === Number(m[2]));
  if (!row || !part) return null;
  const box = part.box ? mes.box(part.box) : undefined;
  const shot = shotView(mes, c, row);
  return {
    part: id,
    cavity: part.k,
    quality: part.q,
    defects: part.d,
    reason: part.r,
    disposition: part.disp,
    quarantine: part.hold === null ? null : (mes.s.decisions.find((d) => d.id === part.hold) ?? null),
    weight: row.v[`weight.${part.k}`] ?? null,
    dimension: row.v[`dimension.${part.k}`] ?? null,
    shot: {
      shot: shot.shot,
      t: shot.t,
      at: shot.at,
      startup: shot.startup,
      values: shot.values,
      alarms: shot.alarms,
    },
    lot: shot.lot,
    lotPrevious: shot.lotPrevious,
    regrindPct: shot.regrindPct,
    recycledContentPct: shot.recycledContentPct,
    box: box ? boxView(mes, c, box) : null,
    order: shot.order,
  };
}

/** Contiguous shot ranges of a sorted id list: [[12, 40], [52, 52]]. */
function ranges(ids: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const id of ids) {
    const last = out[out.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

/** A lot forward: the shots moulded with it, their boxes and orders, its consumption. */
export function lotGenealogy(mes: MesModel, c: Clock, id: string) {
  const erp = mes.erp;
  const ids: number[] = [];
  const boxes = new Map<string, number>();
  const orders = new Set<string>();
  let parts = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const row of mes.s.shots) {
    if (!lotMatches(row, id)) continue;
    ids.push(row.id);
    first ??= row.te;
    last = row.te;
    if (row.mo) orders.add(row.mo);
    for (const p of row.cav) {
      parts++;
      if (p.box) boxes.set(p.box, (boxes.get(p.box) ?? 0) + 1);
    }
  }
  const known = erp.lot(id);
  if (!known && ids.length === 0) return null;
  return {
    lot: lotInfo(erp, id),
    onHand: known ? round(known.onHand, 3) : null,
    shots: ids.length,
    shotRanges: ranges(ids),
    parts,
    firstMoulded: first === null ? null : iso(c, first),
    lastMoulded: last === null ? null : iso(c, last),
    boxes: [...boxes.entries()].map(([b, n]) => {
      const box = mes.box(b);
      return { ...(box ? boxView(mes, c, box) : { box: b }), partsFromLot: n };
    }),
    orders: [...orders].map((o) => orderInfo(erp, o)),
    changes: mes.s.lotChanges
      .filter((lc) => lc.to === id || lc.from === id)
      .map((lc) => ({ ...lc, at: iso(c, lc.t) })),
    movements: erp.s.movements
      .filter((m) => m.lot === id)
      .slice(-100)
      .map((m) => ({ ...m, qty: round(m.qty, 4) })),
  };
}

/**
 * "Which boxes contain parts moulded with lot X after time T / after alarm A?" The alarm's last activation
 * (or its first with `occurrence: first`) gives T.
 */
export function boxesQuery(
  mes: MesModel,
  c: Clock,
  q: {
    lot?: string | undefined;
    after?: number | undefined;
    before?: number | undefined;
    afterAlarm?: string | undefined;
    occurrence?: 'first' | 'last' | undefined;
  },
  now: number,
): { error: string } | Record<string, unknown> {
  let after = q.after;
  let alarmAt: number | null = null;
  if (q.afterAlarm) {
    alarmAt =
      q.occurrence === 'first'
        ? firstAlarmActivation(mes, q.afterAlarm, q.after ?? Number.NEGATIVE_INFINITY)
        : lastAlarmActivation(mes, q.afterAlarm, q.before ?? now);
    if (alarmAt === null) return { error: `alarm ${q.afterAlarm} never became active` };
    after = after === undefined ? alarmAt : Math.max(after, alarmAt);
  }
  const shots = mes.s.shots;
  const i = after === undefined ? 0 : lowerBound(shots, after, (r) => r.te);
  const j = q.before === undefined ? shots.length : lowerBound(shots, q.before, (r) => r.te);
  const boxes = new Map<string, { parts: number; first: number; last: number }>();
  let matched = 0;
  let unboxed = 0;
  const dispositions: Record<string, number> = {};
  for (let k = i; k < j; k++) {
    const row = shots[k]!;
    if (!lotMatches(row, q.lot)) continue;
    for (const p of row.cav) {
      matched++;
      dispositions[p.disp] = (dispositions[p.disp] ?? 0) + 1;
      if (!p.box) {
        unboxed++;
        continue;
      }
      const e = boxes.get(p.box) ?? { parts: 0, first: row.id, last: row.id };
      e.parts++;
      e.last = row.id;
      boxes.set(p.box, e);
    }
  }
  return {
    lot: q.lot ? lotInfo(mes.erp, q.lot) : null,
    after: after === undefined ? null : iso(c, after),
    afterT: after ?? null,
    alarm: q.afterAlarm ? { alarm: q.afterAlarm, activatedAt: iso(c, alarmAt!), t: alarmAt } : null,
    before: q.before === undefined ? null : iso(c, q.before),
    parts: matched,
    partsNotBoxed: unboxed,
    dispositions,
    boxes: [...boxes.entries()].map(([b, e]) => {
      const box = mes.box(b);
      return {
        ...(box ? boxView(mes, c, box) : { box: b }),
        matchingParts: e.parts,
        matchingShots: [e.first, e.last],
      };
    }),
  };
}
