/** Shared helpers of the HMI's REST routes: the session and a station the identity may see. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Station } from '../../kernel/station.ts';
import type { AppContext } from '../app.ts';
import { canSeeStation, type HttpSession, requireSession } from '../auth.ts';

export const StationParams = z.strictObject({ id: z.string().min(1).max(32) });

/** The session and its station, or an answer already sent (401, or 404: a foreign station looks absent). */
export function sessionStation(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
): { session: HttpSession; station: Station } | undefined {
  const session = requireSession(ctx.sessions, req, reply);
  if (!session) return undefined;
  const station = canSeeStation(session.identity, id) ? ctx.lab.station(id) : undefined;
  if (!station) {
    void reply.code(404).send({ error: 'not_found', message: `station ${id.slice(0, 32)}: not found` });
    return undefined;
  }
  return { session, station };
}
