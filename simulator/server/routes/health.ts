import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';
import { VERSION } from '../version.ts';

/** `GET /api/health`: status, version, stations, tick statistics and queue counters (issue 2 §7). */
export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['system'], summary: 'Liveness, tick statistics and queue counters' } },
      () => ctx.lab.healthReport(VERSION),
    );
  };
