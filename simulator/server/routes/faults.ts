/** HTTP routes: faults (placeholder until the capability lands). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app.ts';

export const faultsRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
