/**
 * Query helpers: the `auto` aggregation choice, validation of a request against the limits, and the
 * alignment of several series on one time axis for uPlot.
 */
import {
  type Aggregation,
  type AggregationRequest,
  HistorianError,
  LEVELS,
  LIMITS,
  type QueryRequest,
} from './types.ts';

export interface Retention {
  /** how far back each aggregation reaches, ms */
  readonly raw: number;
  readonly '1s': number;
  readonly '10s': number;
  readonly '1m': number;
}

/**
 * The finest aggregation that gives at most `maxPoints` points per signal over the range (raw counts
 * one sample per tick, the most a signal can have) and still holds data at `from`; 1 min otherwise.
 */
export function pickAggregation(
  rangeMs: number,
  maxPoints: number,
  tickMs: number,
  /** how long ago `from` is, ms (relative to the station's clock) */
  fromAgeMs: number,
  retention: Retention,
): Aggregation {
  const steps: [Aggregation, number][] = [
    ['raw', tickMs],
    ...LEVELS.map((l): [Aggregation, number] => [l.name, l.ms]),
  ];
  for (const [name, step] of steps) {
    if (rangeMs / step <= maxPoints && fromAgeMs <= retention[name]) return name;
  }
  return '1m';
}

const fmtDuration = (ms: number): string => {
  if (ms % (24 * 3_600_000) === 0 && ms >= 72 * 3_600_000) return `${ms / (24 * 3_600_000)}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
};

/** Static checks of a query (the station and the signals are checked by the historian). */
export function checkQuery(req: QueryRequest): { maxPoints: number } {
  const n = req.signals.length;
  if (n === 0) throw new HistorianError('signals', 'at least one signal is required');
  if (n > LIMITS.maxSignals) {
    throw new HistorianError('signals', `${n} signals asked, at most ${LIMITS.maxSignals} per query`);
  }
  if (new Set(req.signals).size !== n) throw new HistorianError('signals', 'a signal is listed twice');
  if (!Number.isFinite(req.from)) throw new HistorianError('from', 'must be a time');
  if (!Number.isFinite(req.to)) throw new HistorianError('to', 'must be a time');
  if (req.from >= req.to) throw new HistorianError('from', 'must be before to');
  const agg: AggregationRequest = req.aggregation;
  const limit = LIMITS.maxRange[agg];
  if (limit === undefined) throw new HistorianError('agg', 'must be one of raw, 1s, 10s, 1m, auto');
  if (req.to - req.from > limit) {
    throw new HistorianError(
      'to',
      `range of ${fmtDuration(Math.ceil((req.to - req.from) / 1000) * 1000)} is longer than the ${fmtDuration(limit)} limit for agg=${agg}`,
    );
  }
  const maxPoints = req.maxPoints ?? LIMITS.maxPointsDefault;
  if (!Number.isInteger(maxPoints) || maxPoints < 10 || maxPoints > LIMITS.maxPointsMax) {
    throw new HistorianError('maxPoints', `must be an integer from 10 to ${LIMITS.maxPointsMax}`);
  }
  return { maxPoints };
}

/** Per signal, rows with a time `t`; `pick` reads the wanted columns. */
export function align<R extends { t: number }>(
  perSignal: readonly (readonly R[])[],
  columns: readonly ((r: R) => number)[],
): { t: number[]; cols: (number | null)[][][] } {
  const times = new Set<number>();
  for (const rows of perSignal) for (const r of rows) times.add(r.t);
  const t = [...times].sort((a, b) => a - b);
  const index = new Map<number, number>();
  for (let i = 0; i < t.length; i++) index.set(t[i]!, i);
  const cols = columns.map(() => perSignal.map(() => new Array<number | null>(t.length).fill(null)));
  perSignal.forEach((rows, s) => {
    for (const r of rows) {
      const i = index.get(r.t)!;
      for (let c = 0; c < columns.length; c++) cols[c]![s]![i] = columns[c]!(r);
    }
  });
  return { t, cols };
}
