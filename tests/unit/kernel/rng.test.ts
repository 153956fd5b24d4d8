import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../simulator/kernel/rng.ts';

const draw = (s: RandomStreams, name: string, n: number) =>
  Array.from({ length: n }, () => s.stream(name).next());

describe('seeded random streams', () => {
  it('repeats exactly for the same seed and stream name', () => {
    expect(draw(new RandomStreams(42), 'imm/noise', 50)).toEqual(
      draw(new RandomStreams(42), 'imm/noise', 50),
    );
  });

  it('differs between seeds and between streams', () => {
    const a = draw(new RandomStreams(42), 'imm/noise', 10);
    expect(draw(new RandomStreams(43), 'imm/noise', 10)).not.toEqual(a);
    expect(draw(new RandomStreams(42), 'tcu1/noise', 10)).not.toEqual(a);
  });

  it('adding a stream (new equipment) does not shift the sequence of another', () => {
    const alone = new RandomStreams(7);
    const seqAlone = draw(alone, 'imm/noise', 100);
    const withOther = new RandomStreams(7);
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      withOther.stream('robot/noise').next(); // new equipment drawing in between
      withOther.stream('robot/noise').gaussian();
      interleaved.push(withOther.stream('imm/noise').next());
    }
    expect(interleaved).toEqual(seqAlone);
  });

  it('gives a standard normal with mean ≈ 0 and σ ≈ 1', () => {
    const s = new RandomStreams(1).stream('n');
    const xs = Array.from({ length: 20_000 }, () => s.gaussian());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.97);
    expect(sd).toBeLessThan(1.03);
  });

  it('restores a snapshot and continues identically', () => {
    const s = new RandomStreams(9);
    draw(s, 'a', 17);
    const snap = s.snapshot();
    const next = draw(s, 'a', 5);
    const t = new RandomStreams(9);
    t.restore(snap);
    expect(draw(t, 'a', 5)).toEqual(next);
  });
});
