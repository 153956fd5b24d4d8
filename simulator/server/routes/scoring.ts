/** HTTP routes: scoring (placeholder until the capability lands). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';

export const scoringRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
