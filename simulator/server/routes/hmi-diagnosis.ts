/**
 * The diagnosis form's REST side: `GET /api/taxonomy` (equipment → component → failure mode, 6M family;
 * a static list of possibilities), `GET /api/stations/:id/diagnosis` (the versions submitted) and
 * `POST /api/stations/:id/diagnosis` (the same submission as the socket event `diagnosis.submit`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isPrivileged } from '../../kernel/validate-write.ts';
import { FAMILIES, FAMILY_LABELS, TAXONOMY } from '../../session/taxonomy.ts';
import type { AppContext } from '../app.ts';
import { actorOf, requireSession } from '../auth.ts';
import { hmiServices } from '../realtime/services.ts';
import { StationParams, sessionStation } from './hmi-common.ts';

export const hmiDiagnosisRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const services = hmiServices(ctx.lab);

    app.get(
      '/api/taxonomy',
      {
        schema: {
          tags: ['hmi'],
          summary: 'Root-cause taxonomy of the diagnosis form (equipment → component → failure mode, 6M)',
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        if (!requireSession(ctx.sessions, req, reply)) return reply;
        return { families: FAMILIES.map((id) => ({ id, label: FAMILY_LABELS[id] })), equipment: TAXONOMY };
      },
    );

    app.get(
      '/api/stations/:id/diagnosis',
      {
        schema: {
          tags: ['hmi'],
          summary: 'The diagnosis versions submitted for the station, oldest first (the last one is current)',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = sessionStation(ctx, req, reply, req.params.id);
        if (!s) return reply;
        return { versions: services.diagnosis.list(s.station.id) };
      },
    );

    app.post(
      '/api/stations/:id/diagnosis',
      {
        schema: {
          tags: ['hmi'],
          summary:
            'Submit the diagnosis: { expectedVersion, diagnosis }; locks it; a resubmission is a new version',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = sessionStation(ctx, req, reply, req.params.id);
        if (!s) return reply;
        const st = s.station;
        const roles = s.session.identity.roles;
        const res = services.diagnosis.submit({
          station: st.id,
          actor: actorOf(s.session.identity, 'rest', req.ip),
          t: st.clock.now,
          input: req.body,
          signalVisible: (key) => {
            const sig = st.registry.get(key);
            return !!sig && (sig.visibility === 'candidate' || isPrivileged(roles));
          },
        });
        if (!res.ok) {
          const code = res.error === 'version_conflict' ? 409 : res.error === 'invalid' ? 422 : 403;
          return reply.code(code).send({ error: res.error, message: res.message });
        }
        return { version: res.version.version, seq: res.version.seq };
      },
    );
  };
