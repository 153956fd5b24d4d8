import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../simulator/kernel/clock.ts';
import { fastForward, RealTimePacer } from '../../../simulator/kernel/pacer.ts';
import { FakeTime } from '../../helpers/fake-time.ts';

describe('virtual clock', () => {
  it('advances in whole integer-millisecond ticks', () => {
    const c = new VirtualClock(100);
    for (let i = 0; i < 36_000; i++) c.advance();
    expect(c.now).toBe(3_600_000); // one hour exactly, no float drift
    expect(c.seconds).toBe(3600);
    expect(c.dt).toBe(0.1);
  });

  it('refuses a tick outside 1…10000 ms with the limit in the message', () => {
    expect(() => new VirtualClock(0)).toThrow(/tickMs: 0 must be an integer between 1 and 10000/);
    expect(() => new VirtualClock(2.5)).toThrow(/tickMs/);
  });
});

describe('real-time pacer (virtual wall time)', () => {
  it('runs one step per tick of wall time without drift', () => {
    const time = new FakeTime();
    let steps = 0;
    const pacer = new RealTimePacer({ tickMs: 100, step: () => steps++, time });
    pacer.start();
    time.advance(10_000);
    expect(steps).toBe(100);
    expect(pacer.stats.overruns).toBe(0);
    pacer.stop();
    time.advance(1_000);
    expect(steps).toBe(100);
  });

  it('counts an overrun when a step takes longer than the tick, and records percentiles', () => {
    const time = new FakeTime();
    let n = 0;
    const pacer = new RealTimePacer({
      tickMs: 100,
      time,
      step: () => {
        n++;
        time.t += n % 10 === 0 ? 150 : 5; // every 10th tick costs 150 ms
      },
    });
    pacer.start();
    time.advance(5_000);
    const s = pacer.stats.summary();
    expect(s.overruns).toBeGreaterThanOrEqual(4);
    expect(s.p50_ms).toBe(5);
    expect(s.p99_ms).toBe(150);
    expect(n).toBeGreaterThanOrEqual(48); // it caught up after each slow tick
  });

  it('catches up at most maxCatchUp ticks after a stall, then slips and counts it', () => {
    const time = new FakeTime();
    let steps = 0;
    const pacer = new RealTimePacer({ tickMs: 100, step: () => steps++, time, maxCatchUp: 5 });
    pacer.start();
    time.advance(100);
    expect(steps).toBe(1);
    // the event loop stalls for 2 s: the timer fires late once
    time.t += 2_000;
    time.advance(0);
    expect(steps).toBe(6);
    expect(pacer.slipped).toBe(15);
    expect(pacer.stats.overruns).toBe(15);
  });
});

describe('fast-forward', () => {
  it('runs the requested number of steps and yields to the event loop', async () => {
    let steps = 0;
    const progress: number[] = [];
    await fastForward(() => steps++, 1000, { yieldEvery: 250, onProgress: (d) => progress.push(d) });
    expect(steps).toBe(1000);
    expect(progress).toEqual([250, 500, 750, 1000]);
  });
});
