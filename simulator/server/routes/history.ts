/** HTTP routes: history (placeholder until the capability lands). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';

export const historyRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
