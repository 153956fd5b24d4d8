/**
 * `GET /api/stations/:id/logbook`: the accepted parameter changes of a station (who, when, old, new,
 * channel, reason), from the journal's command entries (EUROMAP 77 logbook; domain-model F23).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CommandInput } from '../../kernel/command-types.ts';
import { isPrivileged } from '../../kernel/validate-write.ts';
import type { AppContext } from '../app.ts';
import { logbookEntry } from '../realtime/logbook.ts';
import type { WireLogbookEntry, WireValue } from '../realtime/wire.ts';
import { StationParams, sessionStation } from './hmi-common.ts';

interface CommandPayload {
  seq: number;
  input: CommandInput;
  status: 'accepted' | 'rejected';
  previous?: WireValue;
  applied?: WireValue;
}

export const hmiLogbookRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/stations/:id/logbook',
      {
        schema: {
          tags: ['hmi'],
          summary: 'Logbook of parameter changes: who, when (simulation ms), old, new, channel, reason',
          params: StationParams,
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(500) }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = sessionStation(ctx, req, reply, req.params.id);
        if (!s) return reply;
        const privileged = isPrivileged(s.session.identity.roles);
        const out: WireLogbookEntry[] = [];
        for (const e of ctx.lab.journal.read({ station: s.station.id, types: ['command'] })) {
          const p = e.payload as CommandPayload;
          const entry = logbookEntry({ ...p, t: e.t, actor: e.actor }, s.station.registry, privileged);
          if (entry) out.push(entry);
        }
        return out.slice(-req.query.limit);
      },
    );
  };
