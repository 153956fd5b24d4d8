/**
 * Shared helpers of the MES/ERP/GMAO routes: the session, the station (a foreign one looks absent, 404),
 * its MES models, time parameters, journaling of investigation reads, and writes through the command API
 * answered like `routes/stations.ts` (status code from the rejection).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Station } from '../../kernel/station.ts';
import type { ErpModel } from '../../mes/erp/erp-model.ts';
import type { GmaoModel } from '../../mes/gmao/gmao-model.ts';
import type { MesModel } from '../../mes/mes/mes-model.ts';
import type { Clock } from '../../mes/queries/genealogy.ts';
import type { Identity } from '../../session/credentials.ts';
import type { AppContext } from '../app.ts';
import { actorOf, canSeeStation, type HttpSession, requireSession } from '../auth.ts';
import { parseDuration } from '../duration.ts';
import { httpStatusOf } from './stations.ts';

export const StationParams = z.strictObject({ id: z.string().min(1).max(32) });

export const TimeParam = z
  .string()
  .max(40)
  .optional()
  .describe(
    'epoch ms, ISO 8601, "now", relative to the station clock (-15m, -1h30m), or simulation ms as "t:<ms>"',
  );

export interface MesContext {
  readonly session: HttpSession;
  readonly identity: Identity;
  readonly station: Station;
  readonly mes: MesModel;
  readonly erp: ErpModel;
  readonly gmao: GmaoModel;
  readonly clock: Clock;
  /** simulation ms now */
  readonly now: number;
}

/** Session, station and its MES models; otherwise the answer is already sent (401, 403, 404). */
export function mesContext(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  kinds?: readonly Identity['kind'][],
): MesContext | undefined {
  const session = requireSession(ctx.sessions, req, reply, kinds);
  if (!session) return undefined;
  const station = canSeeStation(session.identity, id) ? ctx.lab.station(id) : undefined;
  const mes = station?.model<MesModel>('mes');
  if (!station || !mes) {
    void reply.code(404).send({
      error: 'not_found',
      message: `station ${id.slice(0, 32)}: ${station ? 'no MES on this station' : 'not found'}`,
    });
    return undefined;
  }
  const epoch = ctx.lab.startedAt;
  return {
    session,
    identity: session.identity,
    station,
    mes,
    erp: mes.erp,
    gmao: mes.gmao,
    clock: { abs: (t) => epoch + t },
    now: station.clock.now,
  };
}

export class BadParam extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A time parameter as simulation ms (undefined when absent). */
export function simTime(m: MesContext, text: string | undefined, field: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const s = text.trim();
  const epoch = m.clock.abs(0);
  if (s === 'now') return m.now;
  if (/^t:-?\d{1,15}$/.test(s)) return Number(s.slice(2));
  if (/^-?\d{1,15}(\.\d+)?$/.test(s)) return Math.round(Number(s) - epoch);
  if (s.startsWith('-')) {
    try {
      return m.now - parseDuration(s.slice(1), field);
    } catch (e) {
      throw new BadParam(field, e instanceof Error ? e.message.replace(`${field}: `, '') : String(e));
    }
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms - epoch;
  }
  throw new BadParam(
    field,
    `"${s.slice(0, 40)}" is not a time (epoch ms, ISO 8601, "now", -15m or t:<simulation ms>)`,
  );
}

/** Run a handler; a bad parameter answers 400 naming the field. */
export async function guarded<T>(reply: FastifyReply, fn: () => T | Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BadParam)
      return reply.code(400).send({ error: 'bad_request', field: e.field, message: e.message });
    throw e;
  }
}

export const notFound = (reply: FastifyReply, what: string) =>
  reply.code(404).send({ error: 'not_found', message: `${what.slice(0, 80)}: not found` });

const recentViews = new WeakMap<object, Map<string, number>>();
/** the same read by the same identity within this many wall-clock ms is journaled once (an HMI polling) */
const VIEW_DEDUP_MS = 10_000;

/** Journal a read that matters for the investigation (genealogy, OEE), with the identity (a `view` entry). */
export function journalView(
  ctx: AppContext,
  req: FastifyRequest,
  m: MesContext,
  payload: Record<string, unknown>,
): void {
  let seen = recentViews.get(ctx.lab);
  if (!seen) recentViews.set(ctx.lab, (seen = new Map()));
  const key = `${m.identity.user}\u0000${m.station.id}\u0000${JSON.stringify(payload)}`;
  const now = Date.now();
  const last = seen.get(key);
  if (last !== undefined && now - last < VIEW_DEDUP_MS) return;
  seen.set(key, now);
  if (seen.size > 1000) for (const k of [...seen.keys()].slice(0, 500)) seen.delete(k);
  ctx.lab.record({
    type: 'view',
    station: m.station.id,
    t: m.now,
    actor: { user: m.identity.user, roles: m.identity.roles, channel: 'rest', client: req.ip },
    payload,
  });
}

/** A write: the named action through the command API, answered like `POST /api/stations/:id/commands`. */
export async function submitAction(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  stationId: string,
  action: string,
  args: unknown,
): Promise<FastifyReply> {
  const m = mesContext(ctx, req, reply, stationId, ['candidate', 'trainer']);
  if (!m) return reply;
  const rec = await ctx.lab.submit({
    station: m.station.id,
    actor: actorOf(m.identity, 'rest', req.ip),
    input: { kind: 'action', action, args },
  });
  const body = {
    status: rec.status,
    seq: rec.seq,
    tick: rec.tick,
    action,
    ...(rec.rejection
      ? { error: rec.rejection.code, message: rec.rejection.message, rejection: rec.rejection }
      : {}),
    ...(rec.result !== undefined ? { result: rec.result } : {}),
  };
  return reply.code(rec.rejection ? httpStatusOf(rec.rejection.code) : 200).send(body);
}

export const security = [{ bearer: [] }];

/**
 * Register a write route: `action` through the command API with the body (and path parameters) as args.
 * Exported for the other MES route files.
 */
export function actionRoute(
  app: FastifyInstance,
  ctx: AppContext,
  o: {
    method: 'POST' | 'PATCH' | 'DELETE';
    url: string;
    action: string;
    summary: string;
    tags: string[];
    body?: z.ZodType;
    params?: z.ZodObject;
    args?: (req: { params: Record<string, string>; body: unknown }) => unknown;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: o.method,
    url: o.url,
    schema: {
      tags: o.tags,
      summary: o.summary,
      description: `Runs the command API action \`${o.action}\`: validated, journaled, applied at the next tick boundary, then answered (200 with \`result\`, or 4xx with the reason: 403 role, 404 unknown, 409 precondition, 422 arguments). Candidates and trainers only (the jury gets 403).`,
      params: o.params ?? StationParams,
      ...(o.body ? { body: o.body } : {}),
      security,
    },
    handler: (req: FastifyRequest, reply: FastifyReply) => {
      const r = req as unknown as { params: Record<string, string>; body: unknown };
      const args = o.args ? o.args(r) : (r.body ?? {});
      return submitAction(ctx, req, reply, r.params.id!, o.action, args);
    },
  });
}
