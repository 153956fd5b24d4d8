/**
 * HTTP routes of the historian (issue 10; docs/historian.md): trends, per-shot records and curves of a
 * station, as JSON (aligned for uPlot) or CSV. Same access rules as routes/stations.ts: a candidate sees
 * their own station only (another one answers 404) and candidate-visible signals only (a trainer-only
 * key answers 404 like an unknown one). Every query is journaled with the identity: trend queries
 * feed the scorer's "investigation" criterion (DESIGN.md exam criterion 5).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { curvesCsv, seriesCsv, shotsCsv } from '../../adapters/historian/csv.ts';
import type { HistorianService } from '../../adapters/historian/index.ts';
import { HistorianError, LIMITS } from '../../adapters/historian/index.ts';
import type { Identity } from '../../session/credentials.ts';
import type { AppContext } from '../app.ts';
import { canSeeStation, requireSession } from '../auth.ts';
import { parseDuration } from '../duration.ts';

const StationParams = z.strictObject({ id: z.string().min(1).max(32) });
const Format = z.enum(['json', 'csv']).default('json');
const TimeParam = z
  .string()
  .max(40)
  .optional()
  .describe('epoch ms, ISO 8601, "now", or relative to the station\'s clock such as -15m or -1h30m');

const HistoryQuery = z.strictObject({
  signals: z.string().min(1).max(4000).describe(`signal keys separated by ",", at most ${LIMITS.maxSignals}`),
  from: TimeParam,
  to: TimeParam,
  agg: z.enum(['raw', '1s', '10s', '1m', 'auto']).default('auto'),
  maxPoints: z.coerce.number().int().min(10).max(LIMITS.maxPointsMax).optional(),
  format: Format,
});

const ShotsQuery = z.strictObject({
  from: TimeParam,
  to: TimeParam,
  limit: z.coerce.number().int().min(1).max(LIMITS.maxShots).default(100),
  format: Format,
});

const CurvesQuery = z.strictObject({
  last: z.coerce.number().int().min(1).max(LIMITS.maxCurveShots).optional(),
  ids: z
    .string()
    .max(1000)
    .regex(/^\d{1,15}(,\d{1,15})*$/, 'shot ids separated by ","')
    .optional(),
  format: Format,
});

const DEFAULT_WINDOW_MS = 3_600_000;

/** Parse a time parameter against the station's "now" (epoch ms). */
export function parseTime(text: string | undefined, field: string, now: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const s = text.trim();
  if (s === 'now') return now;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s.startsWith('-')) {
    try {
      return now - parseDuration(s.slice(1), field);
    } catch (e) {
      throw new HistorianError(field, e instanceof Error ? e.message.replace(`${field}: `, '') : String(e));
    }
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms;
  }
  throw new HistorianError(
    field,
    `"${s}" is not a time (epoch ms, ISO 8601, "now", or relative such as -15m)`,
  );
}

const csvName = (station: string, what: string) => `attachment; filename="${station}-${what}.csv"`;

export const historyRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const { lab } = ctx;

    /** Session, station and service, or the reply already sent. */
    const prepare = (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const s = requireSession(ctx.sessions, req, reply);
      if (!s) return undefined;
      const id = req.params.id;
      const st = canSeeStation(s.identity, id) ? lab.station(id) : undefined;
      if (!st) {
        void reply.code(404).send({ error: 'not_found', message: `station ${id.slice(0, 32)}: not found` });
        return undefined;
      }
      const svc = ctx.services.get('historian') as HistorianService | undefined;
      if (!svc) {
        void reply
          .code(503)
          .send({ error: 'unavailable', message: 'the historian is not running (historian.enabled)' });
        return undefined;
      }
      return { identity: s.identity, st, svc };
    };

    const fail = (reply: FastifyReply, e: unknown) => {
      if (e instanceof HistorianError) {
        return reply.code(e.status).send({
          error: e.status === 404 ? 'not_found' : 'bad_request',
          field: e.field,
          message: e.message,
        });
      }
      throw e;
    };

    const journal = (identity: Identity, req: FastifyRequest, station: string, t: number, payload: unknown) =>
      lab.record({
        type: 'view',
        station,
        t,
        actor: { user: identity.user, roles: identity.roles, channel: 'rest', client: req.ip },
        payload,
      });

    app.get(
      '/api/stations/:id/history',
      {
        schema: {
          tags: ['history'],
          summary: 'Trend of signals over a time range (raw or 1 s / 10 s / 1 min aggregates)',
          description: `JSON: one time axis \`t\` (epoch ms) and one array per signal, aligned for uPlot (\`null\` = no sample, e.g. a frozen sensor); aggregates add min/max/last/count. \`agg=auto\` picks the finest aggregation giving at most \`maxPoints\` (default ${LIMITS.maxPointsDefault}) points. \`format=csv\` gives the same as CSV. Defaults: to=now, from=to−1h. Every query is journaled.`,
          params: StationParams,
          querystring: HistoryQuery,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const p = prepare(req, reply);
        if (!p) return reply;
        const q = req.query;
        try {
          const now = p.svc.now(p.st.id) ?? Date.now();
          const to = parseTime(q.to, 'to', now) ?? now;
          const from = parseTime(q.from, 'from', now) ?? to - DEFAULT_WINDOW_MS;
          const signals = q.signals.split(',').map((x) => x.trim());
          if (signals.some((x) => x === '')) throw new HistorianError('signals', 'an empty signal key');
          const request = {
            station: p.st.id,
            signals,
            from,
            to,
            aggregation: q.agg,
            roles: p.identity.roles,
            ...(q.maxPoints !== undefined ? { maxPoints: q.maxPoints } : {}),
          };
          const result = p.svc.query(request);
          const epoch = now - p.st.clock.now;
          journal(p.identity, req, p.st.id, p.st.clock.now, {
            view: 'trend',
            signals,
            from,
            to,
            agg: q.agg,
            served: result.aggregation,
            from_t: from - epoch,
            to_t: to - epoch,
            format: q.format,
          });
          if (q.format === 'csv') {
            return reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', csvName(p.st.id, 'history'))
              .send(seriesCsv(result));
          }
          return result;
        } catch (e) {
          return fail(reply, e);
        }
      },
    );

    app.get(
      '/api/stations/:id/shots',
      {
        schema: {
          tags: ['history'],
          summary: 'Per-shot records (ShotRecord summaries, without curves)',
          description:
            'The most recent `limit` shots of the range, oldest first; each has an `id` for `/shots/curves?ids=`. `format=csv` gives one row per shot.',
          params: StationParams,
          querystring: ShotsQuery,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const p = prepare(req, reply);
        if (!p) return reply;
        const q = req.query;
        try {
          const now = p.svc.now(p.st.id) ?? Date.now();
          const from = parseTime(q.from, 'from', now);
          const to = parseTime(q.to, 'to', now);
          const request = {
            station: p.st.id,
            limit: q.limit,
            roles: p.identity.roles,
            ...(from !== undefined ? { from } : {}),
            ...(to !== undefined ? { to } : {}),
          };
          const shots = p.svc.shots(request);
          journal(p.identity, req, p.st.id, p.st.clock.now, {
            view: 'shots',
            from: from ?? null,
            to: to ?? null,
            limit: q.limit,
            count: shots.length,
            format: q.format,
          });
          if (q.format === 'csv') {
            return reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', csvName(p.st.id, 'shots'))
              .send(shotsCsv(shots));
          }
          return { station: p.st.id, shots };
        } catch (e) {
          return fail(reply, e);
        }
      },
    );

    app.get(
      '/api/stations/:id/shots/curves',
      {
        schema: {
          tags: ['history'],
          summary: 'Curves of shots (cavity pressure, screw position…): the last N shots or given ids',
          description: `\`last=N\` (1–${LIMITS.maxCurveShots}, default 1) or \`ids=a,b,c\` from \`/shots\`. Curves are named by their path in the ShotRecord. \`format=csv\` gives one row per sample.`,
          params: StationParams,
          querystring: CurvesQuery,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const p = prepare(req, reply);
        if (!p) return reply;
        const q = req.query;
        try {
          if (q.ids !== undefined && q.last !== undefined) {
            throw new HistorianError('last', 'give either last=N or ids=a,b,c, not both');
          }
          const ids = q.ids?.split(',').map(Number);
          const request = {
            station: p.st.id,
            roles: p.identity.roles,
            ...(ids ? { shotIds: ids } : { lastN: q.last ?? 1 }),
          };
          const shots = p.svc.curves(request);
          journal(p.identity, req, p.st.id, p.st.clock.now, {
            view: 'curves',
            shots: shots.map((s) => s.id),
            format: q.format,
          });
          if (q.format === 'csv') {
            return reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', csvName(p.st.id, 'curves'))
              .send(curvesCsv(shots));
          }
          return { station: p.st.id, shots };
        } catch (e) {
          return fail(reply, e);
        }
      },
    );
  };
