/**
 * GMAO routes: equipment with counters, preventive plans (due/overdue), work orders (workflow, parts, time),
 * MTBF/MTTR, predictive indicators, spare parts; writes through the command API.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { round } from '../../mes/common.ts';
import { NEXT_STATUS } from '../../mes/gmao/gmao-model.ts';
import { predictive, reliability } from '../../mes/gmao/predictive.ts';
import { iso } from '../../mes/queries/genealogy.ts';
import {
  BookPartsArgs,
  BookTimeArgs,
  OpenWorkOrderArgs,
  UpdateWorkOrderArgs,
  WorkOrderStatusSchema,
} from '../../mes/schemas.ts';
import type { WorkOrder } from '../../mes/types.ts';
import type { AppContext } from '../app.ts';
import { actionRoute, type MesContext, mesContext, notFound, StationParams, security } from './mes-common.ts';

const TAG = ['gmao'];
const WoParams = StationParams.extend({ wo: z.string().min(1).max(32) });

function woView(m: MesContext, w: WorkOrder) {
  const t = (x: number | null) => (x === null ? null : iso(m.clock, x));
  return {
    ...w,
    createdAtIso: t(w.createdAt),
    failureAtIso: t(w.failureAt),
    doneAtIso: t(w.doneAt),
    closedAtIso: t(w.closedAt),
    hours: round(
      w.time.reduce((a, x) => a + x.hours, 0),
      2,
    ),
    partsCost: round(
      w.parts.reduce(
        (a, p) => a + p.qty * (m.gmao.s.spareParts.find((s) => s.id === p.part)?.unitCost ?? 0),
        0,
      ),
      2,
    ),
    next: NEXT_STATUS[w.status],
  };
}

export const mesGmaoRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/stations/:id/gmao/equipment',
      {
        schema: {
          tags: TAG,
          summary: 'Equipment with their shot and operating-hour counters',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return m.gmao.s.equipment.map((e) => ({
          id: e.id,
          name: e.name,
          parent: e.parent,
          shots: m.gmao.counter(e.id, 'shots'),
          hours: m.gmao.counter(e.id, 'hours'),
        }));
      },
    );

    app.get(
      '/api/stations/:id/gmao/plans',
      {
        schema: {
          tags: TAG,
          summary:
            'Preventive plans: counter, interval, used, remaining, status (ok, due_soon, due, overdue), work order generated',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return m.gmao.s.plans.map((p) => ({ ...p, ...m.gmao.planState(p) }));
      },
    );

    app.get(
      '/api/stations/:id/gmao/work-orders',
      {
        schema: {
          tags: TAG,
          summary:
            'Work orders (corrective and preventive), newest first, with their history, parts and time booked and the allowed next statuses',
          params: StationParams,
          querystring: z.strictObject({
            status: WorkOrderStatusSchema.optional(),
            equipment: z.string().max(64).optional(),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return m.gmao.s.workOrders
          .filter(
            (w) =>
              (!req.query.status || w.status === req.query.status) &&
              (!req.query.equipment || w.equipment === req.query.equipment),
          )
          .map((w) => woView(m, w))
          .reverse();
      },
    );

    app.get(
      '/api/stations/:id/gmao/work-orders/:wo',
      { schema: { tags: TAG, summary: 'A work order', params: WoParams, security } },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        const w = m.gmao.workOrder(req.params.wo);
        return w ? woView(m, w) : notFound(reply, `work order ${req.params.wo}`);
      },
    );

    app.get(
      '/api/stations/:id/gmao/reliability',
      {
        schema: {
          tags: TAG,
          summary:
            'MTBF and MTTR per equipment (corrective breakdown work orders) and per stop reason (MES stops of the session)',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        const r = reliability(m.gmao, m.mes, m.now);
        return {
          ...r,
          observedFromIso: iso(m.clock, r.observedFrom),
          perEquipment: r.perEquipment.map((e) => ({
            ...e,
            lastFailureIso: e.lastFailure === null ? null : iso(m.clock, e.lastFailure),
          })),
        };
      },
    );

    app.get(
      '/api/stations/:id/gmao/predictive',
      {
        schema: {
          tags: TAG,
          summary:
            'Predictive indicators: check-ring wear from the cushion scatter, heater output drift, cooling flow, gripper vacuum, ejector force, energy, sampled signals',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return predictive(m.gmao, m.mes);
      },
    );

    app.get(
      '/api/stations/:id/gmao/spare-parts',
      { schema: { tags: TAG, summary: 'Spare parts in stock', params: StationParams, security } },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return m.gmao.s.spareParts;
      },
    );

    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/gmao/work-orders',
      action: 'gmao.open_work_order',
      summary: 'Open a corrective work order (maintenance request)',
      tags: TAG,
      body: OpenWorkOrderArgs,
    });
    actionRoute(app, ctx, {
      method: 'PATCH',
      url: '/api/stations/:id/gmao/work-orders/:wo',
      action: 'gmao.update_work_order',
      summary:
        'Move a work order through its workflow (open → assigned → in_progress → done → closed), assign it, record cause and remedy',
      tags: TAG,
      params: WoParams,
      body: UpdateWorkOrderArgs.omit({ id: true }),
      args: (r) => ({ ...(r.body as object), id: r.params.wo }),
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/gmao/work-orders/:wo/parts',
      action: 'gmao.book_parts',
      summary: 'Book spare parts on a work order',
      tags: TAG,
      params: WoParams,
      body: BookPartsArgs.omit({ id: true }),
      args: (r) => ({ ...(r.body as object), id: r.params.wo }),
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/gmao/work-orders/:wo/time',
      action: 'gmao.book_time',
      summary: 'Book labour time on a work order',
      tags: TAG,
      params: WoParams,
      body: BookTimeArgs.omit({ id: true }),
      args: (r) => ({ ...(r.body as object), id: r.params.wo }),
    });
  };
