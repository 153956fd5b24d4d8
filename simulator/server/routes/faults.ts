/**
 * Trainer-only REST for the fault engine (issue 4; DESIGN.md principle 5): the catalogue, and per station
 * inject, schedule, clear and list. Every change is a trainer action through the command API (journaled
 * with the trainer's identity; the engine writes the `fault` entries). A candidate or jury account gets 403
 * and learns nothing about faults; an unknown station is 404.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATALOGUE, FAULTS } from '../../faults/catalogue/index.ts';
import type { FaultEngine } from '../../faults/engine.ts';
import { describeProfile } from '../../faults/profile.ts';
import {
  ClearArgsSchema,
  FaultViewSchema,
  InjectArgsSchema,
  ScheduleArgsSchema,
} from '../../faults/schemas.ts';
import type { CommandInput, CommandRecord } from '../../kernel/command-types.ts';
import type { AppContext } from '../app.ts';
import { actorOf, requireSession } from '../auth.ts';
import { httpStatusOf } from './stations.ts';

const StationParams = z.strictObject({ id: z.string().min(1).max(32) });
const Err = z.object({ error: z.string(), message: z.string() });
const TRAINER = ['trainer'] as const;

const CatalogueEntry = z.object({
  id: z.string(),
  name: z.object({ fr: z.string(), en: z.string() }),
  tags: z.array(z.string()),
  equipment: z.array(z.string()),
  components: z.array(z.object({ id: z.string(), variants: z.array(z.string()).optional() })),
  default_component: z.string(),
  variants: z.array(z.string()),
  default_variant: z.string(),
  params: z.record(
    z.string(),
    z.object({
      type: z.string(),
      default: z.unknown().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      unit: z.string().optional(),
      doc: z.string(),
    }),
  ),
  severity: z.object({ default: z.number(), min: z.number(), max: z.number() }),
  profile: z.unknown(),
  profile_text: z.string(),
  time: z.object({ real: z.string(), exam: z.string(), signature_s: z.number() }),
  inject: z.string(),
  leading: z.string(),
});

function catalogueEntry(id: string): z.infer<typeof CatalogueEntry> {
  const f = FAULTS.get(id)!;
  return {
    id: f.id,
    name: f.name,
    tags: [...f.tags],
    equipment: [...f.equipment],
    components: f.components.map((c) => ({ id: c.id, ...(c.variants ? { variants: [...c.variants] } : {}) })),
    default_component: f.defaultComponent,
    variants: [...f.variants],
    default_variant: f.defaultVariant,
    params: Object.fromEntries(Object.entries(f.params).map(([k, p]) => [k, { ...p }])),
    severity: { ...f.severity },
    profile: f.profile,
    profile_text: describeProfile(f.profile),
    time: { real: f.time.real, exam: f.time.exam, signature_s: f.time.signatureS },
    inject: f.inject,
    leading: f.leading,
  };
}

export const faultsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const { lab } = ctx;

    /** the command's answer in HTTP's idiom */
    const answer = (reply: FastifyReply, rec: CommandRecord, ok = 200) =>
      rec.rejection
        ? reply
            .code(httpStatusOf(rec.rejection.code))
            .send({ error: rec.rejection.code, message: rec.rejection.message })
        : reply.code(ok).send(rec.result as never);

    const run = async (
      station: string,
      identity: Parameters<typeof actorOf>[0],
      ip: string,
      input: CommandInput,
    ) => lab.submit({ station, actor: actorOf(identity, 'rest', ip), input });

    app.get(
      '/api/faults/catalogue',
      {
        schema: {
          tags: ['faults'],
          summary: 'The 25 faults of the catalogue (trainers only)',
          security: [{ bearer: [] }],
          response: { 200: z.array(CatalogueEntry), 401: Err, 403: Err },
        },
      },
      async (req, reply) => {
        if (!requireSession(ctx.sessions, req, reply, TRAINER)) return reply;
        return CATALOGUE.map((f) => catalogueEntry(f.id));
      },
    );

    app.get(
      '/api/stations/:id/faults',
      {
        schema: {
          tags: ['faults'],
          summary: 'Faults of a station: active, scheduled and ended (trainers only)',
          params: StationParams,
          querystring: z.strictObject({ all: z.enum(['true', 'false']).optional() }),
          security: [{ bearer: [] }],
          response: { 200: z.array(FaultViewSchema), 401: Err, 403: Err, 404: Err },
        },
      },
      async (req, reply) => {
        if (!requireSession(ctx.sessions, req, reply, TRAINER)) return reply;
        const engine = lab.station(req.params.id)?.model<FaultEngine>('faults');
        if (!engine)
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        return engine.list(req.query.all !== 'false');
      },
    );

    app.post(
      '/api/stations/:id/faults',
      {
        schema: {
          tags: ['faults'],
          summary: 'Inject a fault now (trainers only)',
          description:
            'Through the command API (`fault.inject`): validated, journaled, applied at the next tick.',
          params: StationParams,
          body: InjectArgsSchema,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, TRAINER);
        if (!s) return reply;
        if (!lab.station(req.params.id))
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const rec = await run(req.params.id, s.identity, req.ip, {
          kind: 'action',
          action: 'fault.inject',
          args: req.body,
        });
        return answer(reply, rec, 201);
      },
    );

    app.post(
      '/api/stations/:id/faults/schedule',
      {
        schema: {
          tags: ['faults'],
          summary: 'Schedule a fault at a station time or after a delay (trainers only)',
          params: StationParams,
          body: ScheduleArgsSchema,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, TRAINER);
        if (!s) return reply;
        if (!lab.station(req.params.id))
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const rec = await run(req.params.id, s.identity, req.ip, {
          kind: 'action',
          action: 'fault.schedule',
          args: req.body,
        });
        return answer(reply, rec, 201);
      },
    );

    app.post(
      '/api/stations/:id/faults/clear',
      {
        schema: {
          tags: ['faults'],
          summary: 'Clear faults by instance id, by fault id, or all (trainers only)',
          params: StationParams,
          body: ClearArgsSchema,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, TRAINER);
        if (!s) return reply;
        if (!lab.station(req.params.id))
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const rec = await run(req.params.id, s.identity, req.ip, {
          kind: 'action',
          action: 'fault.clear',
          args: req.body,
        });
        return answer(reply, rec);
      },
    );

    app.delete(
      '/api/stations/:id/faults/:faultId',
      {
        schema: {
          tags: ['faults'],
          summary: 'Clear one fault instance (trainers only)',
          params: z.strictObject({
            id: z.string().min(1).max(32),
            faultId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
          }),
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply, TRAINER);
        if (!s) return reply;
        if (!lab.station(req.params.id))
          return reply.code(404).send({ error: 'not_found', message: `station ${req.params.id}: not found` });
        const rec = await run(req.params.id, s.identity, req.ip, {
          kind: 'action',
          action: 'fault.clear',
          args: { id: req.params.faultId },
        });
        return answer(reply, rec);
      },
    );
  };
