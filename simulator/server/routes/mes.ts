/**
 * HTTP routes of the MES (issue 9; docs/mes.md): job interface, counts, scrap, OEE (by hour, shift, order,
 * and "why did it drop"), downtime, lot changes. The quality (SPC, genealogy, quarantine), ERP and GMAO
 * routes are registered from here too (mes-quality.ts, mes-erp.ts, mes-gmao.ts), and the MQTT bridge that
 * publishes the MES on the Unified Namespace is started with them.
 *
 * Access like routes/stations.ts: a candidate reaches their own station only (another answers 404), the
 * jury reads everything and writes nothing (403), trainers reach all. Every write is a named action through
 * the command API. OEE and genealogy reads are journaled as `view` entries with the identity.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isPrivileged } from '../../kernel/validate-write.ts';
import { iso, lotInfo } from '../../mes/queries/genealogy.ts';
import {
  alarmLog,
  downtime,
  jobsList,
  jobView,
  oeeBuckets,
  oeeWhy,
  overview,
  reasonsCatalogue,
  scrapPareto,
} from '../../mes/queries/mes-queries.ts';
import {
  DispatchJobArgs,
  LotChangeArgs,
  MessageArgs,
  RecordDowntimeArgs,
  SetCyclicJobDataArgs,
  TestSampleArgs,
} from '../../mes/schemas.ts';
import { type MesBridge, startMesBridge, type UnsPublisher } from '../../mes/uns-bridge.ts';
import type { Lab } from '../../session/lab.ts';
import type { AppContext } from '../app.ts';
import { actorOf } from '../auth.ts';
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
import { mesErpRoutes } from './mes-erp.ts';
import { mesGmaoRoutes } from './mes-gmao.ts';
import { mesQualityRoutes } from './mes-quality.ts';

const TAG = ['mes'];
const ACTION_PREFIXES = ['job.', 'production.', 'mes.', 'spc.', 'erp.', 'gmao.'];

const bridges = new WeakMap<Lab, MesBridge>();

/** The MQTT bridge of a lab's MES (started once, with the routes; it publishes once the MQTT adapter runs). */
export function mesBridge(ctx: AppContext): MesBridge {
  let b = bridges.get(ctx.lab);
  if (!b) {
    b = startMesBridge({
      stations: ctx.lab.stations,
      epochMs: ctx.lab.startedAt,
      publisher: () => ctx.services.get('mqtt') as UnsPublisher | undefined,
    });
    bridges.set(ctx.lab, b);
    const bridge = b;
    ctx.lab.addHealth('mes_uns', () => bridge.health());
  }
  return b;
}

export const mesRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    mesBridge(ctx);

    app.get(
      '/api/stations/:id/mes',
      {
        schema: {
          tags: TAG,
          summary:
            'MES overview: active job and counters, live state (running/stopped with the reason), lot, OEE of the last hour',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return overview(m.mes, m.clock, m.now);
      },
    );

    app.get(
      '/api/stations/:id/mes/job',
      {
        schema: {
          tags: TAG,
          summary:
            'Active job: EUROMAP 77 CyclicJobInformation, JobStatus, counters per cavity, open box, machine ↔ MES reconciliation',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return jobView(m.mes, m.clock, m.mes.s.job) ?? notFound(reply, 'active job');
      },
    );

    app.get(
      '/api/stations/:id/mes/jobs',
      {
        schema: {
          tags: TAG,
          summary: 'Jobs of the session, oldest first (the active one last)',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return jobsList(m.mes, m.clock);
      },
    );

    app.get(
      '/api/stations/:id/mes/counts',
      {
        schema: {
          tags: TAG,
          summary:
            'Counts of a job: cycles, parts, good/bad (machine verdict), test, start-up, boxed, scrapped, per cavity, scrap by defect class',
          params: StationParams,
          querystring: z.strictObject({
            job: z.string().max(16).optional().describe('job id (default: the active job)'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        const all = [...m.mes.s.jobs, ...(m.mes.s.job ? [m.mes.s.job] : [])];
        const j = req.query.job ? all.find((x) => x.id === req.query.job) : m.mes.s.job;
        if (!j) return notFound(reply, `job ${req.query.job ?? '(active)'}`);
        return {
          job: j.id,
          jobName: j.data.JobName,
          order: j.mo,
          status: j.status,
          nominalParts: j.data.NominalParts,
          ...j.counters,
        };
      },
    );

    app.get(
      '/api/stations/:id/mes/scrap',
      {
        schema: {
          tags: TAG,
          summary:
            'Scrap by defect class (Pareto), per cavity, over a time window (default: the last 8 hours)',
          params: StationParams,
          querystring: z.strictObject({ from: TimeParam, to: TimeParam }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const to = simTime(m, req.query.to, 'to') ?? m.now;
          const from = simTime(m, req.query.from, 'from') ?? Math.max(0, to - 8 * 3_600_000);
          return { from: iso(m.clock, from), to: iso(m.clock, to), ...scrapPareto(m.mes, from, to) };
        });
      },
    );

    app.get(
      '/api/stations/:id/mes/oee',
      {
        schema: {
          tags: TAG,
          summary:
            'OEE/TRS per NF E60-182 by hour, shift or order: Tt, To, Tr, Tf, Tn, Tu, A × P × Q, TRG, TRE, losses by cause',
          description:
            'Performance above 100 % is capped and flagged (`performanceFlag: "above_100"`, raw value in `performanceRaw`). `align=clock` uses the plant clock (shifts 06-14-22), `align=session` counts from the session start. Journaled.',
          params: StationParams,
          querystring: z.strictObject({
            by: z.enum(['hour', 'shift', 'order']).default('hour'),
            from: TimeParam,
            to: TimeParam,
            align: z.enum(['clock', 'session']).default('clock'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const q = req.query;
          const from = simTime(m, q.from, 'from');
          const to = simTime(m, q.to, 'to');
          journalView(ctx, req, m, {
            view: 'mes.oee',
            by: q.by,
            from: from ?? null,
            to: to ?? null,
            align: q.align,
          });
          return {
            by: q.by,
            align: q.align,
            buckets: oeeBuckets(
              m.mes,
              m.clock,
              {
                by: q.by,
                align: q.align,
                ...(from !== undefined ? { from } : {}),
                ...(to !== undefined ? { to } : {}),
              },
              m.now,
            ),
          };
        });
      },
    );

    app.get(
      '/api/stations/:id/mes/oee/why',
      {
        schema: {
          tags: TAG,
          summary:
            'Why the OEE of an hour is what it is: factor most degraded against the previous hour, losses ranked by cause, and what happened in that hour',
          description:
            'Events of the hour: stops with their standstill reasons, micro-stops, lot changes with CoA, parameter changes, mode changes, alarms, quality decisions, SPC violations. Journaled.',
          params: StationParams,
          querystring: z.strictObject({
            at: TimeParam,
            align: z.enum(['clock', 'session']).default('clock'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const at = simTime(m, req.query.at, 'at') ?? m.now;
          journalView(ctx, req, m, { view: 'mes.oee_why', at, align: req.query.align });
          return oeeWhy(m.mes, m.clock, at, req.query.align, m.now);
        });
      },
    );

    app.get(
      '/api/stations/:id/mes/downtime',
      {
        schema: {
          tags: TAG,
          summary:
            'Stops with standstill reason, category (closure, planned, breakdown, unplanned), evidence, duration; totals by reason; micro-stops',
          params: StationParams,
          querystring: z.strictObject({
            from: TimeParam,
            to: TimeParam,
            micro: z.enum(['true', 'false']).default('false'),
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () => {
          const to = simTime(m, req.query.to, 'to') ?? m.now;
          const from = simTime(m, req.query.from, 'from') ?? Math.max(0, to - 8 * 3_600_000);
          return downtime(m.mes, m.clock, from, to + 1, m.now, req.query.micro === 'true');
        });
      },
    );

    app.get(
      '/api/stations/:id/mes/standstill-reasons',
      {
        schema: {
          tags: TAG,
          summary:
            'Standstill reasons (EUROMAP 83 StandstillReasonType: Id, Text) with their NF E60-182 category',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return reasonsCatalogue();
      },
    );

    app.get(
      '/api/stations/:id/mes/alarm-log',
      {
        schema: {
          tags: TAG,
          summary:
            'Alarm activations and clearances the MES recorded (for "since alarm A" questions), oldest first',
          params: StationParams,
          querystring: z.strictObject({
            equipment: z.string().max(64).optional(),
            code: z.string().max(64).optional(),
            from: TimeParam,
            to: TimeParam,
          }),
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return guarded(reply, () =>
          alarmLog(m.mes, m.clock, {
            equipment: req.query.equipment,
            code: req.query.code,
            from: simTime(m, req.query.from, 'from') ?? Number.NEGATIVE_INFINITY,
            to: (simTime(m, req.query.to, 'to') ?? m.now) + 1,
          }),
        );
      },
    );

    app.get(
      '/api/stations/:id/mes/lot-changes',
      {
        schema: {
          tags: TAG,
          summary: 'Material lot changes with the first shot moulded, the CoA MFI and whether it is in spec',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        return {
          current: lotInfo(m.erp, m.mes.s.currentLot),
          changes: m.mes.s.lotChanges.map((l) => ({ ...l, at: iso(m.clock, l.t) })),
        };
      },
    );

    app.get(
      '/api/stations/:id/mes/actions',
      {
        schema: {
          tags: TAG,
          summary:
            'The MES, ERP, GMAO, SPC and EUROMAP 77 actions this identity may run, with the JSON schema of their arguments',
          params: StationParams,
          security,
        },
      },
      async (req, reply) => {
        const m = mesContext(ctx, req, reply, req.params.id);
        if (!m) return reply;
        const actor = actorOf(m.identity, 'rest');
        return m.station
          .actionNames(actor)
          .filter((n) => ACTION_PREFIXES.some((p) => n.startsWith(p)))
          .map((name) => {
            const def = m.station.action(name)!;
            return {
              name,
              label: def.label,
              group: def.group,
              roles: def.roles,
              allowed:
                m.identity.kind !== 'jury' &&
                (def.roles.some((r) => m.identity.roles.includes(r)) || isPrivileged(m.identity.roles)),
              args: z.toJSONSchema(def.args, { unrepresentable: 'any', io: 'input' }),
            };
          });
      },
    );

    // --------------------------------------------------------------------------- writes (command API)
    const act = (o: Parameters<typeof actionRoute>[2]) => actionRoute(app, ctx, o);
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/job',
      action: 'job.set_cyclic_job_data',
      summary: 'Send a job to the machine (EUROMAP 77 SetCyclicJobData)',
      tags: TAG,
      body: SetCyclicJobDataArgs,
    });
    for (const [path, action, summary] of [
      ['start', 'job.start', 'StartJob'],
      ['interrupt', 'job.interrupt', 'InterruptJob'],
      ['finish', 'job.finish', 'FinishJob'],
      ['reset-counters', 'job.reset_counters', 'ResetJobCounters'],
      ['stop-at-cycle-end', 'job.stop_at_cycle_end', 'StopAtCycleEnd'],
    ] as const) {
      act({
        method: 'POST',
        url: `/api/stations/:id/mes/job/${path}`,
        action,
        summary: `${summary} (EUROMAP 77)`,
        tags: TAG,
        args: () => ({}),
      });
    }
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/production/automatic-run/enable',
      action: 'production.enable_automatic_run',
      summary: 'EnableAutomaticRun (EUROMAP 83 ProductionControl)',
      tags: TAG,
      args: () => ({}),
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/production/automatic-run/disable',
      action: 'production.disable_automatic_run',
      summary: 'DisableAutomaticRun (EUROMAP 83 ProductionControl)',
      tags: TAG,
      args: () => ({}),
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/message',
      action: 'mes.set_message',
      summary: 'SetMESMessage',
      tags: TAG,
      body: MessageArgs,
    });
    act({
      method: 'DELETE',
      url: '/api/stations/:id/mes/message',
      action: 'mes.clear_message',
      summary: 'ClearMESMessage',
      tags: TAG,
      args: () => ({}),
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/dispatch',
      action: 'mes.dispatch_job',
      summary: 'Dispatch a released manufacturing order to the machine as its job',
      tags: TAG,
      body: DispatchJobArgs,
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/downtime',
      action: 'mes.record_downtime',
      summary: 'Qualify a stop with a standstill reason, or declare an interval (a break…)',
      tags: TAG,
      body: RecordDowntimeArgs,
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/lot-change',
      action: 'mes.lot_change',
      summary: 'A new material lot is loaded (lot, supplier, CoA MFI, recycled content)',
      tags: TAG,
      body: LotChangeArgs,
    });
    act({
      method: 'POST',
      url: '/api/stations/:id/mes/test-samples',
      action: 'mes.request_test_sample',
      summary: 'Divert the next shots as test samples',
      tags: TAG,
      body: TestSampleArgs,
    });

    await app.register(mesQualityRoutes(ctx));
    await app.register(mesErpRoutes(ctx));
    await app.register(mesGmaoRoutes(ctx));
  };
