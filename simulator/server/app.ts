/**
 * The HTTP application (Fastify): zod schemas give both validation and types (Fastify's schema → types
 * principle), and the same schemas produce the OpenAPI document at `/api/openapi.json`.
 */
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { IdentityKind } from '../session/credentials.ts';
import type { Lab } from '../session/lab.ts';
import { SessionStore } from './auth.ts';
import { faultsRoutes } from './routes/faults.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { hmiRoutes } from './routes/hmi.ts';
import { mesRoutes } from './routes/mes.ts';
import { replayRoutes } from './routes/replay.ts';
import { scoringRoutes } from './routes/scoring.ts';
import { sessionRoutes } from './routes/session.ts';
import { sessionsRoutes } from './routes/sessions.ts';
import { stationRoutes } from './routes/stations.ts';
import { VERSION } from './version.ts';

/**
 * Which listener an app serves (reliability-security §1.2, conduits C1/C2, T11): `all` (one port, the
 * default), `candidate` (no trainer route, no trainer console, candidate accounts only) or `trainer`
 * (everything, trainer and jury accounts only) when `http.trainerPort` separates the trainer side.
 */
export type Realm = 'all' | 'candidate' | 'trainer';

export interface AppContext {
  readonly lab: Lab;
  readonly realm: Realm;
  readonly sessions: SessionStore;
  /** services published by running adapters, by adapter name (e.g. `historian`) */
  readonly services: Map<string, unknown>;
}

const KINDS: Record<Realm, readonly IdentityKind[]> = {
  all: ['candidate', 'trainer', 'jury'],
  candidate: ['candidate'],
  trainer: ['trainer', 'jury'],
};

/** Routes of the trainer side only: never registered on a candidate listener. */
const TRAINER_ONLY = new Set([replayRoutes, faultsRoutes, scoringRoutes, sessionsRoutes]);

export async function buildApp(
  lab: Lab,
  opts: { logger?: boolean; realm?: Realm; services?: Map<string, unknown> } = {},
): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const realm = opts.realm ?? 'all';
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1_000_000,
    // identity comes from the token; trust no forwarded headers
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, _req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return `${err.validationContext ?? 'body'}${path ? `.${path}` : ''}: ${v.message}`;
      });
      return reply.code(400).send({ error: 'bad_request', message: issues.join('; '), issues });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    const message = status >= 500 ? 'internal error' : err instanceof Error ? err.message : String(err);
    return reply.code(status).send({ error: status >= 500 ? 'internal' : 'bad_request', message });
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'plastlab API',
        description: 'Stations, commands, MES/ERP/GMAO and historian of the plastlab simulated cell',
        version: VERSION,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  const ctx: AppContext = {
    lab,
    realm,
    sessions: new SessionStore(lab.credentials, undefined, KINDS[realm]),
    services: opts.services ?? new Map(),
  };
  for (const routes of [
    healthRoutes,
    sessionRoutes,
    stationRoutes,
    historyRoutes,
    replayRoutes,
    mesRoutes,
    faultsRoutes,
    scoringRoutes,
    sessionsRoutes,
    hmiRoutes,
  ]) {
    if (realm === 'candidate' && TRAINER_ONLY.has(routes)) continue;
    await app.register(routes(ctx));
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return { app, ctx };
}
