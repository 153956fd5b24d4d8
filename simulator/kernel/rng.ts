/**
 * Seeded random streams (domain-model §3.0 "Randomness"): one independent stream per station and
 * equipment, derived from (seed, name) by a 128-bit hash, so adding a piece of equipment never shifts
 * the sequence of another. Generator: xoroshiro128+ from pure-rand.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** cyrb128: a small, well-mixed 128-bit string hash (public domain), used only to derive seeds. */
export function hash128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** One random stream. All draws are deterministic given the seed and the stream name. */
export class RandomStream {
  private gen: JumpableRandomGenerator;

  constructor(seed: number | string, name: string) {
    const s = hash128(`${seed}/${name}`);
    // xoroshiro128+ must not start from an all-zero state
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
    this.gen = xoroshiro128plusFromState(s);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Standard normal draw (Box–Muller, one value per call so the state stays a pure generator state). */
  gaussian(): number {
    let u = this.next();
    if (u < 1e-300) u = 1e-300;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal draw with mean and σ. */
  normal(mean: number, sigma: number): number {
    return sigma === 0 ? mean : mean + sigma * this.gaussian();
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  state(): number[] {
    return [...this.gen.getState()];
  }

  restore(state: readonly number[]): void {
    this.gen = xoroshiro128plusFromState(state);
  }
}

/** The set of named streams of one station. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  readonly seed: number | string;
  constructor(seed: number | string) {
    this.seed = seed;
  }

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RandomStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  snapshot(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [k, v] of [...this.streams].sort(([a], [b]) => (a < b ? -1 : 1))) out[k] = v.state();
    return out;
  }

  restore(snap: Record<string, number[]>): void {
    for (const [k, st] of Object.entries(snap)) this.stream(k).restore(st);
  }
}
