/** The `auto` aggregation, the query limits and the uPlot alignment. */
import { describe, expect, it } from 'vitest';
import {
  align,
  checkQuery,
  pickAggregation,
  type Retention,
} from '../../../simulator/adapters/historian/query.ts';
import { HistorianError, type QueryRequest } from '../../../simulator/adapters/historian/types.ts';

const H = 3_600_000;
const ret: Retention = { raw: 4 * H, '1s': 24 * H, '10s': 7 * 24 * H, '1m': 30 * 24 * H };

describe('auto aggregation', () => {
  it('picks the finest level giving at most maxPoints points', () => {
    // 100 ms ticks: 1 min raw = 600 points
    expect(pickAggregation(60_000, 1000, 100, 60_000, ret)).toBe('raw');
    expect(pickAggregation(60_000, 500, 100, 60_000, ret)).toBe('1s');
    expect(pickAggregation(15 * 60_000, 1000, 100, 0, ret)).toBe('1s');
    expect(pickAggregation(H, 1000, 100, H, ret)).toBe('10s');
    expect(pickAggregation(8 * H, 1000, 100, 8 * H, ret)).toBe('1m');
    // more points than even 1 min gives: 1 min anyway
    expect(pickAggregation(30 * 24 * H, 100, 100, 0, ret)).toBe('1m');
  });

  it('skips a level whose retention no longer reaches `from`', () => {
    expect(pickAggregation(60_000, 1000, 100, 5 * H, ret)).toBe('1s');
    expect(pickAggregation(60_000, 1000, 100, 25 * H, ret)).toBe('10s');
  });
});

describe('query limits', () => {
  const base: QueryRequest = { station: 'st1', signals: ['a'], from: 0, to: 60_000, aggregation: 'auto' };
  const refused = (over: Partial<QueryRequest>): HistorianError => {
    try {
      checkQuery({ ...base, ...over });
    } catch (e) {
      expect(e).toBeInstanceOf(HistorianError);
      return e as HistorianError;
    }
    throw new Error('accepted');
  };

  it('names the field and the limit', () => {
    expect(refused({ signals: [] }).field).toBe('signals');
    expect(refused({ signals: Array.from({ length: 17 }, (_, i) => `s${i}`) }).message).toBe(
      'signals: 17 signals asked, at most 16 per query',
    );
    expect(refused({ from: 10, to: 10 }).message).toBe('from: must be before to');
    expect(refused({ to: 7 * H, aggregation: 'raw' }).message).toBe(
      'to: range of 7h is longer than the 6h limit for agg=raw',
    );
    expect(refused({ to: 63 * 24 * H, aggregation: '1m' }).message).toContain('62d limit for agg=1m');
    expect(refused({ maxPoints: 100_001 }).field).toBe('maxPoints');
    expect(refused({ from: Number.NaN }).field).toBe('from');
    expect(checkQuery(base)).toEqual({ maxPoints: 1000 });
  });
});

describe('alignment for uPlot', () => {
  it('merges times and leaves nulls where a series has no sample', () => {
    const a = [
      { t: 0, v: 1 },
      { t: 100, v: 2 },
    ];
    const b = [
      { t: 100, v: 20 },
      { t: 200, v: 30 },
    ];
    const { t, cols } = align([a, b], [(r) => r.v]);
    expect(t).toEqual([0, 100, 200]);
    expect(cols[0]).toEqual([
      [1, 2, null],
      [null, 20, 30],
    ]);
  });
});
