/** HTTP routes: hmi (placeholder until the capability lands). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';

export const hmiRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
