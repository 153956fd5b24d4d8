/**
 * ERP of a station (ISA-95 level 4, standards.md §1.10): customer orders → manufacturing orders with a bill
 * of materials (resin lot, masterbatch, regrind share, packaging), material stock per lot with supplier,
 * recycled-content certificate and certificate of analysis, and the consumption booked from production
 * (shot weight × shots, split by the regrind and masterbatch shares; runners and rejects return as regrind).
 *
 * A deterministic station model: every change is a named action (group `erp`) or a booking the MES makes on
 * a shot, so the same seed and journal give the same ERP.
 */
import type { z } from 'zod';
import type { ActionContext } from '../../kernel/actions.ts';
import type { BindContext, Model, StepContext } from '../../kernel/model.ts';
import type { SignalDefInput } from '../../kernel/signal-schema.ts';
import { bound, msOf } from '../common.ts';
import { CreateOrderArgs, LotStatusArgs, OrderArgs, ReceiveLotArgs } from '../schemas.ts';
import type {
  CertificateOfAnalysis,
  ErpState,
  Lot,
  ManufacturingOrder,
  MaterialItem,
  Product,
  RecycledCertificate,
} from '../types.ts';
import { coaInSpec, type MaterialId, seedErp } from './seed.ts';

const MAX_MOVEMENTS = 5000;
const H = 3_600_000;

export interface ShotBooking {
  readonly t: number;
  readonly shot: number;
  readonly order: string;
  readonly product: Product | undefined;
  readonly lot: string;
  /** kg of the shot: parts + runner */
  readonly kg: number;
  /** regrind fraction in the blend */
  readonly regrind: number;
  /** kg returned to the regrind silo (runner, rejects, start-up scrap) */
  readonly returnKg: number;
}

export class ErpModel implements Model {
  readonly id = 'erp';
  s: ErpState;
  private readonly material: MaterialId;

  constructor(opts: { material: MaterialId; currentLot: string; seed?: boolean }) {
    this.material = opts.material;
    this.s = seedErp(opts.material, opts.currentLot);
    if (opts.seed === false) {
      this.s.orders = [];
      this.s.customerOrders = [];
    }
  }

  declare(): SignalDefInput[] {
    return [];
  }

  // ------------------------------------------------------------------------------------------ lookups
  product(id: string): Product | undefined {
    return this.s.products.find((p) => p.id === id);
  }
  order(id: string): ManufacturingOrder | undefined {
    return this.s.orders.find((o) => o.id === id);
  }
  lot(id: string): Lot | undefined {
    return this.s.lots.find((l) => l.id === id);
  }
  item(id: string): MaterialItem | undefined {
    return this.s.items.find((i) => i.id === id);
  }
  get defaultProduct(): Product {
    return this.s.products[0]!;
  }
  regrindLot(): string {
    return `RG-${this.material}-INT`;
  }

  /** Receive a lot (also used by the MES when a lot change names a lot the ERP does not know). */
  receive(
    t: number,
    a: {
      lot: string;
      item: string;
      supplier: string;
      qty: number;
      certificate: RecycledCertificate | null;
      coa: CertificateOfAnalysis | null;
      status?: Lot['status'];
    },
  ): Lot {
    const l: Lot = {
      id: a.lot,
      item: a.item,
      supplier: a.supplier,
      receivedAt: t,
      qtyReceived: a.qty,
      onHand: a.qty,
      status: a.status ?? 'available',
      statusReason: '',
      certificate: a.certificate,
      coa: a.coa,
      coaInSpec: coaInSpec(this.item(a.item), a.coa),
    };
    this.s.lots.push(l);
    this.move(t, l.id, a.qty, 'receipt', '', null);
    return l;
  }

  /** A lot goes into the hopper: it is in use, the lot it replaces goes back to stock (or is consumed). */
  loadLot(lotId: string, previous: string): void {
    const prev = this.lot(previous);
    if (prev && prev.id !== lotId && prev.status === 'in_use')
      prev.status = prev.onHand > 0.5 ? 'available' : 'consumed';
    const l = this.lot(lotId);
    if (l && l.status !== 'blocked') l.status = 'in_use';
  }

  private move(
    t: number,
    lot: string,
    qty: number,
    kind: 'receipt' | 'consumption' | 'regrind_return' | 'adjustment',
    order: string,
    shot: number | null,
  ): void {
    // consecutive shots of the same lot, order and kind are one movement (a production posting)
    if (kind !== 'receipt' && shot !== null) {
      for (let i = this.s.movements.length - 1; i >= Math.max(0, this.s.movements.length - 6); i--) {
        const m = this.s.movements[i]!;
        if (m.lot === lot && m.kind === kind && m.order === order && m.shotTo !== null && m.shotTo < shot) {
          m.qty += qty;
          m.shotTo = shot;
          m.tLast = t;
          return;
        }
      }
    }
    this.s.movements.push({
      seq: ++this.s.seq.mv,
      t,
      lot,
      qty,
      kind,
      order,
      shotFrom: shot,
      shotTo: shot,
      tLast: t,
    });
    this.s.movementsDropped += bound(this.s.movements, MAX_MOVEMENTS);
  }

  private consume(t: number, lotId: string, kg: number, order: string, shot: number): void {
    if (kg <= 0) return;
    const l = this.lot(lotId);
    if (l) l.onHand -= kg;
    this.move(t, lotId, -kg, 'consumption', order, shot);
    const o = order ? this.order(order) : undefined;
    if (o) o.consumption[lotId] = (o.consumption[lotId] ?? 0) + kg;
  }

  /** Book the material of one shot: resin, regrind and masterbatch shares; runners and rejects to regrind. */
  bookShot(b: ShotBooking): void {
    const o = b.order ? this.order(b.order) : undefined;
    const p = b.product ?? this.defaultProduct;
    const mbFrac = p.bom.masterbatchItem ? p.bom.masterbatchPct / 100 : 0;
    const rg = Math.min(1 - mbFrac, Math.max(0, b.regrind));
    const mbLot =
      o?.bom.masterbatchLot ??
      this.s.lots.find((l) => l.item === p.bom.masterbatchItem && l.status === 'in_use')?.id ??
      null;
    this.consume(b.t, b.lot || '(unknown)', b.kg * (1 - rg - mbFrac), b.order, b.shot);
    this.consume(b.t, this.regrindLot(), b.kg * rg, b.order, b.shot);
    if (mbLot) this.consume(b.t, mbLot, b.kg * mbFrac, b.order, b.shot);
    if (b.returnKg > 0) {
      const r = this.lot(this.regrindLot());
      if (r) r.onHand += b.returnKg;
      this.move(b.t, this.regrindLot(), b.returnKg, 'regrind_return', b.order, b.shot);
    }
  }

  /** A box is opened for an order: one carton from the packaging lot. */
  bookBox(t: number, order: string, shot: number): void {
    const o = this.order(order);
    const lot =
      o?.bom.packagingLot ?? this.s.lots.find((l) => l.item === 'BOX-600' && l.status === 'in_use')?.id;
    if (!lot) return;
    const l = this.lot(lot);
    if (l) l.onHand -= 1;
    this.move(t, lot, -1, 'consumption', order, shot);
    if (o) {
      o.consumption[lot] = (o.consumption[lot] ?? 0) + 1;
      o.produced.boxes++;
    }
  }

  orderStarted(id: string, t: number): void {
    const o = this.order(id);
    if (!o) return;
    if (o.status === 'released' || o.status === 'planned') o.status = 'in_progress';
    o.startedAt ??= t;
    const co = this.s.customerOrders.find((c) => c.id === o.customerOrder);
    if (co && co.status === 'open') co.status = 'in_production';
  }

  orderFinished(id: string, t: number): void {
    const o = this.order(id);
    if (o?.status !== 'in_progress') return;
    o.status = 'completed';
    o.completedAt = t;
    const co = this.s.customerOrders.find((c) => c.id === o.customerOrder);
    if (co?.orders.every((m) => this.order(m)?.status === 'completed' || this.order(m)?.status === 'closed'))
      co.status = 'completed';
  }

  bind(ctx: BindContext): void {
    const reg = <A>(
      name: string,
      fr: string,
      en: string,
      roles: ActionRoles,
      args: z.ZodType<A>,
      check: (a: A, c: ActionContext) => string | null,
      apply: (a: A, c: ActionContext) => unknown,
    ) => ctx.registerAction({ name, label: { fr, en }, group: 'erp', roles, args, check, apply });

    reg(
      'erp.create_order',
      'Créer une commande client et son ordre de fabrication',
      'Create a customer order and its manufacturing order',
      ['technician', 'trainer'],
      CreateOrderArgs,
      (a) => {
        if (!this.s.customers.some((c) => c.id === a.customer)) return `unknown customer ${a.customer}`;
        const p = this.product(a.product);
        if (!p) return `unknown product ${a.product}`;
        if (a.resinLot && !this.lot(a.resinLot)) return `unknown lot ${a.resinLot}`;
        if (a.masterbatchLot && !this.lot(a.masterbatchLot)) return `unknown lot ${a.masterbatchLot}`;
        if (a.regrindPct !== undefined && a.regrindPct > p.bom.regrindMaxPct)
          return `regrind ${a.regrindPct} % above the product's limit of ${p.bom.regrindMaxPct} %`;
        return null;
      },
      (a, c) => {
        const t = msOf(c);
        const p = this.product(a.product)!;
        const co = `CO-${++this.s.seq.co}`;
        const mo = `MO-${++this.s.seq.mo}`;
        const dueAt = t + Math.round(a.dueInHours * H);
        this.s.customerOrders.push({
          id: co,
          customer: a.customer,
          product: p.id,
          qty: a.qty,
          dueAt,
          status: 'open',
          orders: [mo],
        });
        this.s.orders.push({
          id: mo,
          customerOrder: co,
          product: p.id,
          qty: a.qty,
          dueAt,
          status: 'planned',
          bom: {
            resinLot: a.resinLot ?? null,
            masterbatchLot:
              a.masterbatchLot ?? this.s.lots.find((l) => l.item === p.bom.masterbatchItem)?.id ?? null,
            regrindPct: a.regrindPct ?? p.bom.regrindPct,
            packagingLot: this.s.lots.find((l) => l.item === p.bom.packagingItem && l.onHand > 0)?.id ?? null,
          },
          createdAt: t,
          releasedAt: null,
          startedAt: null,
          completedAt: null,
          closedAt: null,
          produced: { shots: 0, good: 0, bad: 0, startup: 0, test: 0, scrapped: 0, boxes: 0 },
          consumption: {},
          comment: a.comment,
        });
        return { customerOrder: co, order: mo };
      },
    );

    reg(
      'erp.release_order',
      'Lancer un ordre de fabrication',
      'Release a manufacturing order',
      ['operator', 'technician', 'trainer'],
      OrderArgs,
      (a) => {
        const o = this.order(a.order);
        if (!o) return `unknown order ${a.order}`;
        if (o.status !== 'planned') return `order ${o.id} is ${o.status}, not planned`;
        const resin = o.bom.resinLot ? this.lot(o.bom.resinLot) : undefined;
        if (resin && resin.status === 'blocked') return `resin lot ${resin.id} is blocked`;
        return null;
      },
      (a, c) => {
        const o = this.order(a.order)!;
        o.status = 'released';
        o.releasedAt = msOf(c);
        return { order: o.id, status: o.status };
      },
    );

    reg(
      'erp.close_order',
      'Solder un ordre de fabrication terminé',
      'Close a completed manufacturing order',
      ['technician', 'trainer'],
      OrderArgs,
      (a) => {
        const o = this.order(a.order);
        if (!o) return `unknown order ${a.order}`;
        return o.status === 'completed' ? null : `order ${o.id} is ${o.status}, not completed`;
      },
      (a, c) => {
        const o = this.order(a.order)!;
        o.status = 'closed';
        o.closedAt = msOf(c);
        return { order: o.id, status: o.status };
      },
    );

    reg(
      'erp.cancel_order',
      'Annuler un ordre de fabrication',
      'Cancel a manufacturing order',
      ['technician', 'trainer'],
      OrderArgs,
      (a) => {
        const o = this.order(a.order);
        if (!o) return `unknown order ${a.order}`;
        return o.status === 'planned' || o.status === 'released' ? null : `order ${o.id} is ${o.status}`;
      },
      (a) => {
        const o = this.order(a.order)!;
        o.status = 'cancelled';
        return { order: o.id, status: o.status };
      },
    );

    reg(
      'erp.receive_lot',
      'Réceptionner un lot matière (certificat, CoA)',
      'Receive a material lot (certificate, CoA)',
      ['technician', 'trainer'],
      ReceiveLotArgs,
      (a) => {
        if (this.lot(a.lot)) return `lot ${a.lot} already exists`;
        if (!this.item(a.item)) return `unknown item ${a.item}`;
        if (!this.s.suppliers.some((s) => s.id === a.supplier)) return `unknown supplier ${a.supplier}`;
        if (a.certificate && a.certificate.postConsumerPct + a.certificate.preConsumerPct > 100)
          return 'certificate: recycled content above 100 %';
        return null;
      },
      (a, c) => {
        const cert = a.certificate
          ? {
              id: a.certificate.id,
              scheme: a.certificate.scheme,
              postConsumerPct: a.certificate.postConsumerPct,
              preConsumerPct: a.certificate.preConsumerPct,
              recycledPct: a.certificate.postConsumerPct + a.certificate.preConsumerPct,
              validUntil: a.certificate.validUntil,
            }
          : null;
        const coa = a.coa
          ? { mfi: a.coa.mfi ?? null, moisturePct: a.coa.moisturePct ?? null, density: a.coa.density ?? null }
          : null;
        const l = this.receive(msOf(c), {
          lot: a.lot,
          item: a.item,
          supplier: a.supplier,
          qty: a.qty,
          certificate: cert,
          coa,
        });
        return { lot: l.id, coaInSpec: l.coaInSpec };
      },
    );

    reg(
      'erp.set_lot_status',
      'Bloquer ou débloquer un lot matière',
      'Block or unblock a material lot',
      ['technician', 'trainer'],
      LotStatusArgs,
      (a) => {
        const l = this.lot(a.lot);
        if (!l) return `unknown lot ${a.lot}`;
        if (a.status === 'available' && l.status !== 'blocked') return `lot ${l.id} is not blocked`;
        if (a.status === 'blocked' && l.status === 'blocked') return `lot ${l.id} is already blocked`;
        return null;
      },
      (a) => {
        const l = this.lot(a.lot)!;
        l.status = a.status;
        l.statusReason = a.reason;
        return { lot: l.id, status: l.status };
      },
    );
  }

  step(_ctx: StepContext): void {}

  snapshot(): unknown {
    return structuredClone(this.s);
  }

  restore(state: unknown): void {
    this.s = structuredClone(state) as ErpState;
  }
}

type ActionRoles = Parameters<BindContext['registerAction']>[0]['roles'];
