/** The bounded queue of the hot path: never grows, drops the oldest and counts it (DESIGN.md principle 8). */
import { describe, expect, it } from 'vitest';
import { PointRing } from '../../../simulator/adapters/historian/ring.ts';

describe('PointRing', () => {
  it('hands points back oldest first and empties', () => {
    const r = new PointRing(4);
    r.push(1, 100, 1.5, 0);
    r.push(2, 100, 2.5, 1);
    const got: number[][] = [];
    expect(r.drain((...p) => got.push(p))).toBe(2);
    expect(got).toEqual([
      [1, 100, 1.5, 0],
      [2, 100, 2.5, 1],
    ]);
    expect(r.size).toBe(0);
  });

  it('overwrites the oldest when full and counts every drop', () => {
    const r = new PointRing(3);
    for (let i = 0; i < 10; i++) r.push(i, i * 100, i, 0);
    expect(r.size).toBe(3);
    expect(r.dropped).toBe(7);
    expect(r.pushed).toBe(10);
    const sids: number[] = [];
    r.drain((sid) => sids.push(sid));
    expect(sids).toEqual([7, 8, 9]);
    // wraps correctly after a drain
    for (let i = 0; i < 5; i++) r.push(100 + i, 0, 0, 0);
    const again: number[] = [];
    r.drain((sid) => again.push(sid));
    expect(again).toEqual([102, 103, 104]);
    expect(r.dropped).toBe(9);
  });
});
