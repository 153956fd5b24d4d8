/** Fast-forward speed of one station (physics only). Prints the factor; asserts a floor that survives a loaded CI machine. */
import { describe, expect, it } from 'vitest';
import { benchFastForward } from '../../../simulator/cell/bench-fastforward.ts';

describe('fast-forward', () => {
  it('runs one station far faster than real time (goal ≥ 5,000×, measured in bench)', () => {
    const r = benchFastForward(1);
    console.log(
      `cell fast-forward: ${r.factor.toFixed(0)}× real time, ${r.usPerTick.toFixed(1)} µs/tick, ${r.shots} shots/h`,
    );
    expect(r.shots).toBeGreaterThan(170);
    expect(r.factor).toBeGreaterThan(1500);
  });
});
