/** HTTP routes: mes (placeholder until the capability lands). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';

export const mesRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
