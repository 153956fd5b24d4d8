/**
 * The historian adapter (issue 10): the embedded SQLite historian (default) and, when
 * `historian.influx` is configured, the InfluxDB 1.x writer. Its service (`HistorianService`) is what
 * `routes/history.ts` and the HMI trends query; its counters are on `/api/health` under `historian`.
 * Usage and schema: docs/historian.md.
 */
import type { Adapter } from '../adapter.ts';
import { Historian } from './historian.ts';

export { Historian } from './historian.ts';
export type {
  Aggregation,
  AggregationRequest,
  CurvesRequest,
  HistorianService,
  QueryRequest,
  SeriesResult,
  ShotCurves,
  ShotSummary,
  ShotsRequest,
} from './types.ts';
export { HistorianError, LIMITS } from './types.ts';

export const historianAdapter: Adapter = {
  name: 'historian',
  enabled: (config) => config.historian.enabled || config.historian.influx !== undefined,
  start: async (ctx) => {
    const h = new Historian({
      stations: ctx.stations,
      epochMs: ctx.epochMs,
      dataDir: ctx.dataDir,
      config: ctx.config.historian,
      tickMs: ctx.config.lab.tickMs,
      log: ctx.log,
    });
    h.start();
    ctx.addHealth('historian', () => h.health());
    const banner: string[] = [];
    if (h.store) banner.push(`Historian     embedded SQLite in ${ctx.dataDir}/historian.sqlite`);
    if (ctx.config.historian.influx) {
      banner.push(
        `Historian     InfluxDB ${ctx.config.historian.influx.url} database ${ctx.config.historian.influx.database}`,
      );
    }
    return {
      banner,
      ...(h.store ? { service: h } : {}),
      stop: () => h.stop(),
    };
  },
};
