/**
 * Quality routes of the MES: SPC (catalogue, charts with limits and rule violations, capability, online
 * violations, limits from a reference period), genealogy (part/shot → lot and certificate; lot → shots,
 * boxes, orders; boxes with parts of lot X after time T or after alarm A), boxes, quarantine decisions.
 * Genealogy reads are journaled as `view` entries with the identity.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chartView } from '../../mes/mes/spc-charts.ts';
import { spcVariable } from '../../mes/mes/spc-vars.ts';
import {
  boxesQuery,
  boxView,
  findShot,
  lotGenealogy,
  partGenealogy,
  shotView,
} from '../../mes/queries/genealogy.ts';
import { boxesList, quarantineView, spcCatalogue, violations } from '../../mes/queries/mes-queries.ts';
import { QuarantineArgs, ReleaseArgs, ScrapArgs, SpcClearArgs, SpcLimitsArgs } from '../../mes/schemas.ts';
import type { AppContext } from '../app.ts';
import {
  actionRoute,
  guarded,
  journalView,
  mesContext,
  notFound,
  StationParams,
  security,
  simTime,
  TimeParam,
} from './mes-common.ts';

const SPC = ['mes-spc'];
const GEN = ['mes-genealogy'];
const Q = ['mes-quality'];
const int = (max: number) => z.coerce.number().int().min(0).max(max);

export const mesQualityRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();

    // --------------------------------------------------------------------------------------- SPC
    app.get(
      '/api/stations/:id/mes/spc',
      {
        schema: {
          tags: SPC,
          summary:
            'SPC catalogue: chartable variables (per cavity or per shot), the Western Electric and Nelson rules, the charts with limits set',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return spcCatalogue(m.mes);
      },
    );

    app.get(
      '/api/stations/:id/mes/spc/chart',
      {
        schema: {
          tags: SPC,
          summary:
            'A control chart: X̄–R (n consecutive shots of one cavity) or I-MR, limits, rules fired per point, capability (Cp, Cpk, Pp, Ppk)',
          description:
            "Limits come from the reference period set with `spc.set_limits`; without one they are computed from the points shown and flagged `provisional`. Every rule is evaluated; `violations[].enabled` says whether the rule is among the chart's chosen ones. Start-up and test shots are left out unless `includeStartup=true`.",
          params: StationParams,
          querystring: z.strictObject({
            variable: z.string().min(1).max(40),
            cavity: int(16).default(0),
            type: z.enum(['xbar_r', 'imr']).default('xbar_r'),
            n: z.coerce.number().int().min(2).max(5).default(5),
            from: TimeParam,
            to: TimeParam,
            shotFrom: int(1e12).optional(),
            shotTo: int(1e12).optional(),
            last: int(10_000).optional().describe('only the last N values'),
            includeStartup: z.enum(['true', 'false']).default('false'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const q = req.query;
          const v = spcVariable(q.variable);
          if (!v) return notFound(reply, `SPC variable ${q.variable}`);
          const cavity = v.perCavity ? Math.max(1, q.cavity) : 0;
          let shotFrom = q.shotFrom;
          if (q.last !== undefined) {
            const rows = m.mes.s.shots.filter((r) => !r.startup && !r.test);
            shotFrom = Math.max(shotFrom ?? 0, rows[Math.max(0, rows.length - q.last)]?.id ?? 0);
          }
          return chartView(m.mes, {
            variable: q.variable,
            cavity,
            type: q.type,
            n: q.n,
            from: simTime(m, q.from, 'from'),
            to: simTime(m, q.to, 'to'),
            shotFrom,
            shotTo: q.shotTo,
            includeStartup: q.includeStartup === 'true',
          });
        });
      },
    );

    app.get(
      '/api/stations/:id/mes/spc/violations',
      {
        schema: {
          tags: SPC,
          summary:
            'Rule violations raised online on the charts with limits (each also raises an `mes/SPC_…` alarm)',
          params: StationParams,
          querystring: z.strictObject({
            from: TimeParam,
            to: TimeParam,
            chart: z.string().max(80).optional(),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () =>
          violations(
            m.mes,
            m.clock,
            simTime(m, req.query.from, 'from') ?? Number.NEGATIVE_INFINITY,
            (simTime(m, req.query.to, 'to') ?? m.now) + 1,
            req.query.chart,
          ),
        );
      },
    );

    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/mes/spc/limits',
      action: 'spc.set_limits',
      summary: 'Set control limits from a stable reference period (shots or time), and choose the run rules',
      tags: SPC,
      body: SpcLimitsArgs,
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/mes/spc/limits/clear',
      action: 'spc.clear_limits',
      summary: 'Clear the control limits of a chart',
      tags: SPC,
      body: SpcClearArgs,
    });

    // --------------------------------------------------------------------------------------- genealogy
    app.get(
      '/api/stations/:id/mes/genealogy/part/:part',
      {
        schema: {
          tags: GEN,
          summary:
            'A part back to its shot (process values), material lot with supplier, recycled-content certificate and CoA, box, order and customer',
          params: StationParams.extend({
            part: z.string().regex(/^\d{1,15}-\d{1,2}$/, 'a part id "<shot>-<cavity>"'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        journalView(ctx, req, m, { view: 'mes.genealogy.part', part: req.params.part });
        return partGenealogy(m.mes, m.clock, req.params.part) ?? notFound(reply, `part ${req.params.part}`);
      },
    );

    app.get(
      '/api/stations/:id/mes/genealogy/shot/:shot',
      {
        schema: {
          tags: GEN,
          summary:
            'A shot: time, job and order, lot (and the previous lot during a lot transition), regrind, recycled content, SPC values, parts and their boxes',
          params: StationParams.extend({ shot: int(1e12) }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        journalView(ctx, req, m, { view: 'mes.genealogy.shot', shot: req.params.shot });
        const row = findShot(m.mes, req.params.shot);
        return row ? shotView(m.mes, m.clock, row) : notFound(reply, `shot ${req.params.shot}`);
      },
    );

    app.get(
      '/api/stations/:id/mes/genealogy/lot/:lot',
      {
        schema: {
          tags: GEN,
          summary:
            'A material lot forward: certificate and CoA, shots moulded with it (ranges), boxes, orders, lot changes, stock movements',
          params: StationParams.extend({ lot: z.string().min(1).max(64) }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        journalView(ctx, req, m, { view: 'mes.genealogy.lot', lot: req.params.lot });
        return lotGenealogy(m.mes, m.clock, req.params.lot) ?? notFound(reply, `lot ${req.params.lot}`);
      },
    );

    app.get(
      '/api/stations/:id/mes/genealogy/box/:box',
      {
        schema: {
          tags: GEN,
          summary: 'A box: order, parts, quarantined, scrapped, shot range, lots',
          params: StationParams.extend({ box: z.string().min(1).max(64) }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        journalView(ctx, req, m, { view: 'mes.genealogy.box', box: req.params.box });
        const b = m.mes.box(req.params.box);
        return b ? boxView(m.mes, m.clock, b) : notFound(reply, `box ${req.params.box}`);
      },
    );

    app.get(
      '/api/stations/:id/mes/genealogy/boxes',
      {
        schema: {
          tags: GEN,
          summary:
            'Which boxes contain parts moulded with lot X after time T or after alarm A (e.g. afterAlarm=dryer/DEW_POINT_HIGH)',
          description:
            'All criteria combine. `afterAlarm` takes the last activation of the alarm (or the first after `after` with `occurrence=first`). A shot in the transition window after a lot change belongs to both lots. Journaled.',
          params: StationParams,
          querystring: z.strictObject({
            lot: z.string().min(1).max(64).optional(),
            after: TimeParam,
            before: TimeParam,
            afterAlarm: z
              .string()
              .max(130)
              .regex(/^[a-z0-9_]+\/[A-Za-z0-9_]+$/, 'equipment/CODE, e.g. dryer/DEW_POINT_HIGH')
              .optional(),
            occurrence: z.enum(['first', 'last']).default('last'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const q = req.query;
          const after = simTime(m, q.after, 'after');
          const before = simTime(m, q.before, 'before');
          journalView(ctx, req, m, {
            view: 'mes.genealogy.boxes',
            lot: q.lot ?? null,
            after: after ?? null,
            before: before ?? null,
            afterAlarm: q.afterAlarm ?? null,
            occurrence: q.occurrence,
          });
          const r = boxesQuery(
            m.mes,
            m.clock,
            { lot: q.lot, after, before, afterAlarm: q.afterAlarm, occurrence: q.occurrence },
            m.now,
          );
          if ('error' in r)
            return reply.code(404).send({ error: 'not_found', field: 'afterAlarm', message: r.error });
          return r;
        });
      },
    );

    // --------------------------------------------------------------------------------------- boxes, quarantine
    app.get(
      '/api/stations/:id/mes/boxes',
      {
        schema: {
          tags: Q,
          summary:
            'Boxes (NominalBoxParts each) with their order, contents, quarantined and scrapped parts, lots',
          params: StationParams,
          querystring: z.strictObject({
            order: z.string().max(64).optional(),
            status: z.enum(['open', 'closed', 'quarantined']).optional(),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return boxesList(m.mes, m.clock, req.query);
      },
    );

    app.get(
      '/api/stations/:id/mes/quarantine',
      {
        schema: {
          tags: Q,
          summary: 'Quality decisions (quarantine, release, scrap) and the boxes holding quarantined parts',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return quarantineView(m.mes, m.clock);
      },
    );

    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/mes/quarantine',
      action: 'mes.quarantine',
      summary:
        'Quarantine suspect parts (ACT_QUARANTINE) by shots, time, "after alarm A", boxes, parts or lot; optionally every new part until released',
      tags: Q,
      body: QuarantineArgs,
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/mes/release',
      action: 'mes.release',
      summary: 'Release quarantined parts (ACT_RELEASE), by decision or selection',
      tags: Q,
      body: ReleaseArgs,
    });
    actionRoute(app, ctx, {
      method: 'POST',
      url: '/api/stations/:id/mes/scrap',
      action: 'mes.scrap',
      summary: 'Scrap parts (ACT_SCRAP): a quarantine decision, a selection, or the last n start-up shots',
      tags: Q,
      body: ScrapArgs,
    });
  };
