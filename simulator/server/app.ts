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

export interface AppContext {
  readonly lab: Lab;
  readonly sessions: SessionStore;
  /** services published by running adapters, by adapter name (e.g. `historian`) */
  readonly services: Map<string, unknown>;
}

export async function buildApp(
  lab: Lab,
  opts: { logger?: boolean } = {},
): Promise<{ app: FastifyInstance; ctx: AppContext }> {
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
  const ctx: AppContext = { lab, sessions: new SessionStore(lab.credentials), services: new Map() };
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
    await app.register(routes(ctx));
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return { app, ctx };
}
