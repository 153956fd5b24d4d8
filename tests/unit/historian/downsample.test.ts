/** Downsampling against hand-computed buckets (issue 10): 1 s, 10 s and 1 min min/max/mean/last/count. */
import { describe, expect, it } from 'vitest';
import { type Bucket, bucketStart, Downsampler } from '../../../simulator/adapters/historian/downsample.ts';

const collect = () => {
  const out: Bucket[] = [];
  const d = new Downsampler((b) => out.push(b));
  const at = (level: number) => out.filter((b) => b.level === level).map(({ sid: _s, level: _l, ...b }) => b);
  return { d, out, at };
};

describe('Downsampler', () => {
  it('computes 1 s buckets by hand', () => {
    const { d, at } = collect();
    // bucket [0, 1000): 1, 5, 3 → min 1, max 5, mean 3, last 3; bucket [1000, 2000): 10, 20 → mean 15
    d.add(7, 0, 1, 0);
    d.add(7, 400, 5, 0);
    d.add(7, 999, 3, 1);
    d.add(7, 1000, 10, 0);
    d.add(7, 1500, 20, 2);
    d.add(7, 2000, 0, 0); // closes [1000, 2000)
    expect(at(0)).toEqual([
      { start: 0, min: 1, max: 5, mean: 3, last: 3, count: 3, q: 1 },
      { start: 1000, min: 10, max: 20, mean: 15, last: 20, count: 2, q: 2 },
    ]);
  });

  it('computes 10 s and 1 min buckets by hand, with gaps left empty', () => {
    const { d, at } = collect();
    // one sample per second: v = t/1000 for t in 0…24 s, then nothing until 65 s
    for (let s = 0; s <= 24; s++) d.add(1, s * 1000, s, 0);
    d.add(1, 65_000, 100, 0);
    expect(at(1)).toEqual([
      { start: 0, min: 0, max: 9, mean: 4.5, last: 9, count: 10, q: 0 },
      { start: 10_000, min: 10, max: 19, mean: 14.5, last: 19, count: 10, q: 0 },
      { start: 20_000, min: 20, max: 24, mean: 22, last: 24, count: 5, q: 0 },
    ]);
    expect(at(2)).toEqual([{ start: 0, min: 0, max: 24, mean: 12, last: 24, count: 25, q: 0 }]);
    // 1 s buckets: one per sample, none for 25…64 s (the gap)
    expect(at(0).map((b) => b.start)).toEqual(Array.from({ length: 25 }, (_, i) => i * 1000));
  });

  it('closes buckets once the clock passed their end, and shows the open one', () => {
    const { d, at } = collect();
    d.add(3, 61_500, 2, 0);
    d.add(3, 61_700, 4, 0);
    expect(d.peek(3, 0)).toMatchObject({ start: 61_000, mean: 3, count: 2 });
    d.closeUntil([3], 61_999);
    expect(at(0)).toEqual([]);
    d.closeUntil([3], 62_000);
    expect(at(0)).toEqual([{ start: 61_000, min: 2, max: 4, mean: 3, last: 4, count: 2, q: 0 }]);
    expect(d.peek(3, 0)).toBeUndefined();
    expect(d.peek(3, 2)).toMatchObject({ start: 60_000, count: 2 });
    d.closeUntil([3], 120_000);
    expect(at(1)).toHaveLength(1);
    expect(at(2)).toEqual([{ start: 60_000, min: 2, max: 4, mean: 3, last: 4, count: 2, q: 0 }]);
  });

  it('keeps series apart and floors bucket starts', () => {
    const { d, out } = collect();
    d.add(1, 100, 1, 0);
    d.add(2, 100, 50, 0);
    d.add(1, 1100, 1, 0);
    d.closeAll();
    expect(out.filter((b) => b.sid === 2 && b.level === 0)).toHaveLength(1);
    expect(out.filter((b) => b.sid === 1 && b.level === 0)).toHaveLength(2);
    expect(bucketStart(59_999, 60_000)).toBe(0);
    expect(bucketStart(-1, 1000)).toBe(-1000);
  });
});
