/**
 * The historian's public contract (issue 10): the query API the HTTP routes and the HMI trends use.
 * Times on this interface are wall-clock milliseconds since the Unix epoch (`epochMs` + simulation ms,
 * the same base as `sourceTs` in `/api/stations/:id/values`); the store keeps simulation milliseconds.
 */
import type { Role } from '../../kernel/signal-schema.ts';

export type Aggregation = 'raw' | '1s' | '10s' | '1m';
export type AggregationRequest = Aggregation | 'auto';

/** Bucket length of each downsampled level, in ms. */
export const LEVELS = [
  { name: '1s', ms: 1000 },
  { name: '10s', ms: 10_000 },
  { name: '1m', ms: 60_000 },
] as const satisfies readonly { name: Exclude<Aggregation, 'raw'>; ms: number }[];

/** Who asks: with `roles`, trainer-only signals and shot fields are invisible unless privileged. */
export interface Viewer {
  readonly roles?: readonly Role[];
}

export interface QueryRequest extends Viewer {
  readonly station: string;
  readonly signals: readonly string[];
  /** epoch ms, inclusive */
  readonly from: number;
  /** epoch ms, inclusive */
  readonly to: number;
  readonly aggregation: AggregationRequest;
  /** most points per signal wanted (drives `auto`; caps the answer) */
  readonly maxPoints?: number;
}

/**
 * Series aligned for uPlot: one shared time axis `t` (epoch ms; uPlot option `ms: 1`) and, per signal,
 * one array of the same length with `null` where the signal has no sample (a gap, e.g. a frozen
 * sensor: domain-model F22). uPlot data = `[t, ...values]`.
 */
export interface SeriesResult {
  readonly station: string;
  readonly aggregation: Aggregation;
  /** 0 for raw, else the bucket length; a bucket's time is its start */
  readonly bucketMs: number;
  readonly from: number;
  readonly to: number;
  readonly signals: readonly string[];
  readonly units: readonly string[];
  readonly t: number[];
  /** raw value, or the mean of the bucket */
  readonly values: (number | null)[][];
  /** raw: the quality of the sample; aggregates: the worst quality in the bucket (0 Good, 1 Uncertain, 2 Bad) */
  readonly quality: (number | null)[][];
  /** aggregates only */
  readonly min?: (number | null)[][];
  readonly max?: (number | null)[][];
  readonly last?: (number | null)[][];
  readonly count?: (number | null)[][];
  /** true when `maxPoints` cut the answer (the latest points were kept) */
  readonly truncated: boolean;
}

export interface ShotsRequest extends Viewer {
  readonly station: string;
  readonly from?: number;
  readonly to?: number;
  /** the most recent `limit` shots of the range, returned oldest first */
  readonly limit?: number;
}

export interface ShotSummary {
  /** historian id of the shot (use it with `curves({ shotIds })`) */
  readonly id: number;
  /** the record's own `shot_id` when it has one */
  readonly shotId: string | number | null;
  readonly equipment: string;
  /** epoch ms of the end of the cycle */
  readonly t: number;
  /** the record without its curves */
  readonly record: Record<string, unknown>;
  /** names of the curves stored with the shot */
  readonly curves: readonly string[];
}

export interface CurvesRequest extends Viewer {
  readonly station: string;
  readonly shotIds?: readonly number[];
  readonly lastN?: number;
}

export interface ShotCurves {
  readonly id: number;
  readonly shotId: string | number | null;
  readonly t: number;
  /** curve name (dotted path in the record) → samples; NaN is given as null */
  readonly curves: Record<string, (number | null)[]>;
}

/** A refused query: `field` names the offending input, `status` the HTTP class (400 or 404). */
export class HistorianError extends Error {
  readonly field: string;
  readonly status: 400 | 404;
  constructor(field: string, message: string, status: 400 | 404 = 400) {
    super(`${field}: ${message}`);
    this.field = field;
    this.status = status;
  }
}

/** Query limits (answered with 400 naming the field and the limit). */
export const LIMITS = {
  maxSignals: 16,
  maxPointsMax: 100_000,
  maxPointsDefault: 1000,
  /** longest range per aggregation, ms */
  maxRange: {
    raw: 6 * 3_600_000,
    '1s': 48 * 3_600_000,
    '10s': 14 * 24 * 3_600_000,
    '1m': 62 * 24 * 3_600_000,
    auto: 62 * 24 * 3_600_000,
  } as Record<AggregationRequest, number>,
  maxShots: 1000,
  maxCurveShots: 50,
} as const;

export interface HistorianService {
  /** trend data; flushes pending points first, so a query sees everything up to the last tick */
  query(req: QueryRequest): SeriesResult;
  shots(req: ShotsRequest): ShotSummary[];
  curves(req: CurvesRequest): ShotCurves[];
  /** CSV export of a query, of shots or of curves (RFC 4180, `,` separator, `.` decimals) */
  queryCsv(req: QueryRequest): string;
  shotsCsv(req: ShotsRequest): string;
  curvesCsv(req: CurvesRequest): string;
  /** current simulation time of a station as epoch ms (the "now" of relative ranges) */
  now(station: string): number | undefined;
  /** write everything queued so far (tests, shutdown) */
  flush(): void;
  health(): Record<string, unknown>;
}
