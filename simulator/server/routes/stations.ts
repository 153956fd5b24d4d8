import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommandInputSchema, type RejectionCode } from '../../kernel/command-types.ts';
import type { AppContext } from '../app.ts';
import { actorOf, canSeeStation, requireSession } from '../auth.ts';
import { signalInfo, signalValue, visibleTo } from '../signal-view.ts';

/** A rejection in HTTP's idiom (DESIGN.md principle 3): the status says the class, the body the reason. */
export const httpStatusOf = (code: RejectionCode): number =>
  ({
    unknown_signal: 404,
    unknown_action: 404,
    type_mismatch: 422,
    not_finite: 422,
    out_of_range: 422,
    invalid_args: 422,
    not_writable: 403,
    forbidden: 403,
    other_station: 403,
    interlock: 409,
    precondition: 409,
    unavailable: 503,
  })[code];

const StationParams = z.strictObject({ id: z.string().min(1).max(32) });

export const stationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const { lab } = ctx;

    app.get(
      '/api/stations',
      {
        schema: { tags: ['stations'], summary: 'Stations this identity may see', security: [{ bearer: [] }] },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply);
        if (!s) return reply;
        return [...lab.stations.values()]
          .filter((st) => canSeeStation(s.identity, st.id))
          .map((st) => ({ id: st.id, tick: st.clock.tick, sim_s: st.clock.seconds }));
      },
    );

    /** Resolve a station the identity may see, or answer 404 (a foreign station looks absent). */
    const station = (id: string, identity: Parameters<typeof canSeeStation>[0]) =>
      canSeeStation(identity, id) ? lab.station(id) : undefined;

    app.get(
      '/api/stations/:id/signals',
      {
        schema: {
          tags: ['stations'],
          summary: 'Signal model of the station (units, ranges, channels)',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply);
        if (!s) return reply;
        const st = station(req.params.id, s.identity);
        if (!st)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        return st.registry.signals
          .filter((g) => visibleTo(g, s.identity.roles))
          .map((g) => signalInfo(g, s.identity.roles));
      },
    );

    app.get(
      '/api/stations/:id/values',
      {
        schema: {
          tags: ['stations'],
          summary: 'Current values with quality and source timestamp',
          params: StationParams,
          querystring: z.strictObject({ keys: z.string().max(20_000).optional() }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply);
        if (!s) return reply;
        const st = station(req.params.id, s.identity);
        if (!st)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const keys = req.query.keys?.split(',').filter(Boolean);
        const out: Record<string, unknown> = {};
        // without keys: every signal this identity may see; with keys, an invisible one looks unknown
        const sigs = keys
          ? keys.map((k) => st.registry.get(k))
          : st.registry.signals.filter((g) => visibleTo(g, s.identity.roles));
        for (let i = 0; i < sigs.length; i++) {
          const g = sigs[i];
          if (!g || !visibleTo(g, s.identity.roles)) {
            return reply
              .code(404)
              .send({ error: 'unknown_signal', message: `${keys?.[i] ?? '?'}: unknown signal` });
          }
          out[g.key] = signalValue(st, g, lab.startedAt);
        }
        return out;
      },
    );

    app.get(
      '/api/stations/:id/actions',
      {
        schema: {
          tags: ['stations'],
          summary: 'Actions this identity may run on the station, with the JSON schema of their arguments',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply);
        if (!s) return reply;
        const st = station(req.params.id, s.identity);
        if (!st)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const actor = actorOf(s.identity, 'rest');
        return st.actionNames(actor).map((name) => {
          const def = st.action(name)!;
          return {
            name,
            label: def.label,
            group: def.group,
            allowed: def.roles.some((r) => s.identity.roles.includes(r)),
            args: z.toJSONSchema(def.args, { unrepresentable: 'any' }),
          };
        });
      },
    );

    app.post(
      '/api/stations/:id/commands',
      {
        schema: {
          tags: ['stations'],
          summary: 'Write a signal or run an action through the command API',
          description:
            'Validated (type, finite, range, role, interlocks), journaled durably, applied at the next tick boundary, then answered. A rejection answers 4xx with the reason.',
          params: StationParams,
          body: z.intersection(CommandInputSchema, z.object({ corr: z.string().max(64).optional() })),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, ['candidate', 'trainer']);
        if (!s) return reply;
        if (!station(req.params.id, s.identity)) {
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        }
        const { corr, ...input } = req.body;
        const rec = await lab.submit({
          station: req.params.id,
          actor: actorOf(s.identity, 'rest', req.ip),
          input,
          ...(corr ? { corr } : {}),
        });
        const body = {
          status: rec.status,
          seq: rec.seq,
          tick: rec.tick,
          ...(rec.rejection
            ? { error: rec.rejection.code, message: rec.rejection.message, rejection: rec.rejection }
            : {}),
          ...(rec.previous !== undefined ? { previous: rec.previous } : {}),
          ...(rec.applied !== undefined ? { applied: rec.applied } : {}),
          ...(rec.result !== undefined ? { result: rec.result } : {}),
          ...(corr ? { corr } : {}),
        };
        return reply.code(rec.rejection ? httpStatusOf(rec.rejection.code) : 200).send(body);
      },
    );
  };
