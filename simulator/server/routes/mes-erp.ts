/**
 * ERP routes: customers, products with their bill of materials, suppliers, customer and manufacturing
 * orders (with production and consumption booked), material lots with certificate and CoA, stock movements;
 * writes (create, release, close, cancel an order; receive, block a lot) through the command API.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { round } from '../../mes/common.ts';
import { iso, lotGenealogy, lotInfo } from '../../mes/queries/genealogy.ts';
import { CreateOrderArgs, LotStatusArgs, ReceiveLotArgs } from '../../mes/schemas.ts';
import type { ManufacturingOrder } from '../../mes/types.ts';
import type { AppContext } from '../app.ts';
import { actionRoute, type MesContext, mesContext, notFound, StationParams, security } from './mes-common.ts';

const TAG = ['erp'];
const OrderParams = StationParams.extend({ order: z.string().min(1).max(64) });
const LotParams = StationParams.extend({ lot: z.string().min(1).max(64) });

function orderView(m: MesContext, o: ManufacturingOrder) {
  const co = m.erp.s.customerOrders.find((c) => c.id === o.customerOrder);
  const customer = m.erp.s.customers.find((c) => c.id === co?.customer);
  const t = (x: number | null) => (x === null ? null : iso(m.clock, x));
  const kg = Object.entries(o.consumption)
    .filter(([lot]) => m.erp.item(m.erp.lot(lot)?.item ?? '')?.unit !== 'pc')
    .reduce((a, [, v]) => a + v, 0);
  return {
    ...o,
    consumption: Object.fromEntries(Object.entries(o.consumption).map(([k, v]) => [k, round(v, 4)])),
    customer: customer ? { id: customer.id, name: customer.name } : null,
    dueAtIso: iso(m.clock, o.dueAt),
    createdAtIso: t(o.createdAt),
    releasedAtIso: t(o.releasedAt),
    startedAtIso: t(o.startedAt),
    completedAtIso: t(o.completedAt),
    goodNet: o.produced.good - o.produced.scrapped,
    progressPct: round((100 * (o.produced.good - o.produced.scrapped)) / o.qty, 1),
    materialKg: round(kg, 3),
    late: o.status !== 'completed' && o.status !== 'closed' && m.now > o.dueAt,
  };
}

export const mesErpRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const get = <P extends z.ZodObject>(
      url: string,
      summary: string,
      params: P,
      fn: (m: MesContext, p: z.infer<P>) => unknown,
    ) =>
      app.get(url, { schema: { tags: TAG, summary, params, security } }, async (req, reply) => {
        const m = mesContext(ctx, req, reply, (req.params as { id: string }).id);
        if (!m) return reply;
        const out = fn(m, req.params as z.infer<P>);
        return out === undefined ? notFound(reply, url.split('/').pop() ?? 'item') : out;
      });

    get('/api/stations/:id/erp/customers', 'Customers', StationParams, (m) => m.erp.s.customers);
    get(
      '/api/stations/:id/erp/suppliers',
      'Suppliers with their recycling certification',
      StationParams,
      (m) => m.erp.s.suppliers,
    );
    get(
      '/api/stations/:id/erp/items',
      'Material items (resins with MFI specification, masterbatch, regrind, packaging)',
      StationParams,
      (m) => m.erp.s.items,
    );
    get(
      '/api/stations/:id/erp/products',
      'Products with part weight, cavities, reference cycle, tolerances, box size and bill of materials',
      StationParams,
      (m) => m.erp.s.products,
    );
    get(
      '/api/stations/:id/erp/orders',
      'Customer orders and manufacturing orders (BOM, status, production, consumption by lot)',
      StationParams,
      (m) => ({
        customerOrders: m.erp.s.customerOrders.map((c) => ({ ...c, dueAtIso: iso(m.clock, c.dueAt) })),
        orders: m.erp.s.orders.map((o) => orderView(m, o)),
      }),
    );
    get('/api/stations/:id/erp/orders/:order', 'A manufacturing order', OrderParams, (m, p) => {
      const o = m.erp.order(p.order);
      return o ? orderView(m, o) : undefined;
    });
    get(
      '/api/stations/:id/erp/lots',
      'Material lots: item, supplier, stock on hand, status, recycled-content certificate, CoA and whether it is in spec',
      StationParams,
      (m) =>
        m.erp.s.lots.map((l) => ({
          ...lotInfo(m.erp, l.id),
          onHand: l.onHand,
          qtyReceived: l.qtyReceived,
          receivedAt: iso(m.clock, l.receivedAt),
          statusReason: l.statusReason,
        })),
    );
    get(
      '/api/stations/:id/erp/lots/:lot',
      'A lot with its genealogy (shots, boxes, orders) and stock movements',
      LotParams,
      (m, p) => lotGenealogy(m.mes, m.clock, p.lot) ?? undefined,
    );

    app.get(
      '/api/stations/:id/erp/movements',
      {
        schema: {
          tags: TAG,
          summary:
            'Stock movements: receipts, consumption booked from production (coalesced over consecutive shots), regrind returns',
          params: StationParams,
          querystring: z.strictObject({
            lot: z.string().max(64).optional(),
            order: z.string().max(64).optional(),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return {
          dropped: m.erp.s.movementsDropped,
          movements: m.erp.s.movements
            .filter(
              (x) =>
                (!req.query.lot || x.lot === req.query.lot) &&
                (!req.query.order || x.order === req.query.order),
            )
            .map((x) => ({ ...x, qty: round(x.qty, 4), at: iso(m.clock, x.t) })),
        };
      },
    );

    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/erp/orders',
      action: 'erp.create_order',
      summary: 'Create a customer order and its manufacturing order',
      tags: TAG,
      body: CreateOrderArgs,
    });
    for (const [path, action, summary] of [
      ['release', 'erp.release_order', 'Release a planned manufacturing order'],
      ['close', 'erp.close_order', 'Close a completed manufacturing order'],
      ['cancel', 'erp.cancel_order', 'Cancel a planned or released manufacturing order'],
    ] as const) {
      actionRoute(app, ctx, {
        method: 'POST',
        url: `/api/stations/:id/erp/orders/:order/${path}`,
        action,
        summary,
        tags: TAG,
        params: OrderParams,
        args: (r) => ({ order: r.params.order }),
      });
    }
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/erp/lots',
      action: 'erp.receive_lot',
      summary: 'Receive a material lot with its certificate and CoA',
      tags: TAG,
      body: ReceiveLotArgs,
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/erp/lots/:lot/status',
      action: 'erp.set_lot_status',
      summary: 'Block or unblock a material lot',
      tags: TAG,
      params: LotParams,
      body: LotStatusArgs.omit({ lot: true }),
      args: (r) => ({ ...(r.body as object), lot: r.params.lot }),
    });
  };
