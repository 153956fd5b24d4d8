/** `GET /api/stations/:id/alarms` and `/events`: the HMI's alarm list and history, and discrete events. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import { wireAlarm } from '../realtime/index.ts';
import { hmiServices } from '../realtime/services.ts';
import { StationParams, sessionStation } from './hmi-common.ts';

export const hmiAlarmRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    const services = hmiServices(ctx.lab);
    app.get(
      '/api/stations/:id/alarms',
      {
        schema: {
          tags: ['hmi'],
          summary: 'Current alarms (not both cleared and acknowledged) and the recent history',
          description: 'Acknowledge with the command API action `alarm.ack` { equipment, code }.',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = sessionStation(ctx, req, reply, req.params.id);
        if (!s) return reply;
        const book = services.alarms.get(s.station.id);
        return {
          active: (book?.active() ?? []).map(wireAlarm),
          history: (book?.history() ?? []).map(wireAlarm),
        };
      },
    );
    app.get(
      '/api/stations/:id/events',
      {
        schema: {
          tags: ['hmi'],
          summary: 'Recent discrete events of the station (mode changes, guard events…), oldest first',
          params: StationParams,
          security: [{ bearer: [] }],
        },
      },
      async (req, reply) => {
        const s = sessionStation(ctx, req, reply, req.params.id);
        if (!s) return reply;
        return services.events.get(s.station.id)?.list() ?? [];
      },
    );
  };
