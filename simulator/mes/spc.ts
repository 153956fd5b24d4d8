/**
 * Statistical process control (domain-model §6.2, §6.3): X̄–R and individuals (I-MR) charts, the Western
 * Electric and Nelson run rules, and capability (Cp, Cpk, Pp, Ppk). Pure functions: the MES model runs them
 * online on each new point, the REST routes on a requested range.
 *
 * Conventions (documented in docs/mes.md): a rule "fires at point i" when the window of points ending at i
 * shows the pattern; for the k-of-n zone rules point i must itself be one of the k points on that side, so a
 * pattern is reported where it completes. A point exactly on the centre line breaks a same-side run.
 */

/** Control-chart constants by subgroup size [S16]; §6.2 gives n = 5 and n = 4. */
export const CHART_CONSTANTS: Readonly<Record<number, { A2: number; D3: number; D4: number; d2: number }>> = {
  2: { A2: 1.88, D3: 0, D4: 3.267, d2: 1.128 },
  3: { A2: 1.023, D3: 0, D4: 2.574, d2: 1.693 },
  4: { A2: 0.729, D3: 0, D4: 2.282, d2: 2.059 },
  5: { A2: 0.577, D3: 0, D4: 2.114, d2: 2.326 },
};

/** I-MR: E₂ = 3/d₂(2) = 2.66, MR chart UCL = D₄(2)·MR̄ = 3.267·MR̄ (§6.2). */
export const E2 = 2.66;
export const D4_MR = 3.267;
export const D2_MR = 1.128;

export const RULE_IDS = ['WE1', 'WE2', 'WE3', 'WE4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const RULES: Readonly<
  Record<RuleId, { readonly fr: string; readonly en: string; readonly window: number }>
> = {
  WE1: { fr: '1 point au-delà de 3σ', en: '1 point beyond 3σ', window: 1 },
  WE2: { fr: '2 points sur 3 au-delà de 2σ, même côté', en: '2 of 3 beyond 2σ, same side', window: 3 },
  WE3: { fr: '4 points sur 5 au-delà de 1σ, même côté', en: '4 of 5 beyond 1σ, same side', window: 5 },
  WE4: { fr: '8 points consécutifs du même côté', en: '8 consecutive points on the same side', window: 8 },
  N1: { fr: '1 point au-delà de 3σ', en: 'One point beyond 3σ', window: 1 },
  N2: { fr: '9 points consécutifs du même côté', en: 'Nine in a row on the same side', window: 9 },
  N3: {
    fr: '6 points consécutifs croissants ou décroissants',
    en: 'Six in a row increasing or decreasing',
    window: 6,
  },
  N4: { fr: '14 points consécutifs alternés', en: 'Fourteen in a row alternating', window: 14 },
  N5: { fr: '2 points sur 3 au-delà de 2σ, même côté', en: '2 of 3 beyond 2σ, same side', window: 3 },
  N6: { fr: '4 points sur 5 au-delà de 1σ, même côté', en: '4 of 5 beyond 1σ, same side', window: 5 },
  N7: {
    fr: '15 points consécutifs dans ±1σ (stratification)',
    en: 'Fifteen in a row within ±1σ (stratification)',
    window: 15,
  },
  N8: {
    fr: '8 points consécutifs hors ±1σ, des deux côtés (mélange)',
    en: 'Eight in a row outside ±1σ, both sides (mixture)',
    window: 8,
  },
};

/** The longest window any rule looks at (the online evaluator keeps this many points). */
export const MAX_RULE_WINDOW = 15;

export interface Violation {
  readonly index: number;
  readonly rule: RuleId;
}

/** k of the last n points (ending at i, point i included) beyond `zone`σ on the side of point i. */
function kOfN(z: readonly number[], i: number, k: number, n: number, zone: number): boolean {
  if (i < n - 1) return false;
  const side = Math.sign(z[i]!);
  if (side === 0 || z[i]! * side <= zone) return false;
  let count = 0;
  for (let j = i - n + 1; j <= i; j++) if (z[j]! * side > zone) count++;
  return count >= k;
}

function sameSide(z: readonly number[], i: number, n: number): boolean {
  if (i < n - 1) return false;
  const side = Math.sign(z[i]!);
  if (side === 0) return false;
  for (let j = i - n + 1; j <= i; j++) if (Math.sign(z[j]!) !== side) return false;
  return true;
}

/** Does `rule` fire at point i of `x` (centre c, sigma s of the plotted statistic)? */
export function firesAt(x: readonly number[], z: readonly number[], i: number, rule: RuleId): boolean {
  switch (rule) {
    case 'WE1':
    case 'N1':
      return Math.abs(z[i]!) > 3;
    case 'WE2':
    case 'N5':
      return kOfN(z, i, 2, 3, 2);
    case 'WE3':
    case 'N6':
      return kOfN(z, i, 4, 5, 1);
    case 'WE4':
      return sameSide(z, i, 8);
    case 'N2':
      return sameSide(z, i, 9);
    case 'N3': {
      if (i < 5) return false;
      let up = true;
      let down = true;
      for (let j = i - 4; j <= i; j++) {
        if (!(x[j]! > x[j - 1]!)) up = false;
        if (!(x[j]! < x[j - 1]!)) down = false;
      }
      return up || down;
    }
    case 'N4': {
      // 14 points i−13…i: their 13 successive differences are non-zero and alternate in sign
      if (i < 13) return false;
      let prev = x[i - 12]! - x[i - 13]!;
      if (prev === 0) return false;
      for (let j = i - 11; j <= i; j++) {
        const d = x[j]! - x[j - 1]!;
        if (!(d * prev < 0)) return false;
        prev = d;
      }
      return true;
    }
    case 'N7': {
      if (i < 14) return false;
      for (let j = i - 14; j <= i; j++) if (!(Math.abs(z[j]!) < 1)) return false;
      return true;
    }
    case 'N8': {
      if (i < 7) return false;
      let above = false;
      let below = false;
      for (let j = i - 7; j <= i; j++) {
        if (!(Math.abs(z[j]!) > 1)) return false;
        if (z[j]! > 0) above = true;
        else below = true;
      }
      return above && below;
    }
  }
}

export const zScores = (x: readonly number[], center: number, sigma: number): number[] =>
  x.map((v) => (sigma > 0 ? (v - center) / sigma : 0));

/** Every (point, rule) where one of `rules` fires, in point order then rule order. */
export function evaluateRules(
  x: readonly number[],
  center: number,
  sigma: number,
  rules: readonly RuleId[] = RULE_IDS,
): Violation[] {
  const z = zScores(x, center, sigma);
  const out: Violation[] = [];
  for (let i = 0; i < x.length; i++)
    for (const r of rules) if (firesAt(x, z, i, r)) out.push({ index: i, rule: r });
  return out;
}

/** The rules firing at the last point only (the online evaluation of a new point). */
export function rulesAtLast(
  x: readonly number[],
  center: number,
  sigma: number,
  rules: readonly RuleId[],
): RuleId[] {
  if (x.length === 0 || !(sigma > 0)) return [];
  const z = zScores(x, center, sigma);
  const i = x.length - 1;
  return rules.filter((r) => firesAt(x, z, i, r));
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

export function stdev(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / (v.length - 1));
}

export interface XbarRLimits {
  readonly type: 'xbar_r';
  readonly n: number;
  readonly center: number;
  readonly ucl: number;
  readonly lcl: number;
  readonly rbar: number;
  readonly rUcl: number;
  readonly rLcl: number;
  /** σ̂ = R̄/d₂ (within subgroups) */
  readonly sigmaWithin: number;
  /** σ of the plotted X̄ (= A₂·R̄/3), for the zone rules */
  readonly sigmaPlot: number;
}

export interface ImrLimits {
  readonly type: 'imr';
  readonly center: number;
  readonly ucl: number;
  readonly lcl: number;
  readonly mrbar: number;
  readonly mrUcl: number;
  /** σ̂ = MR̄/d₂(2) */
  readonly sigmaWithin: number;
  readonly sigmaPlot: number;
}

export type ChartLimits = XbarRLimits | ImrLimits;

/** X̄–R limits from complete subgroups of equal size n (2…5): X̄̄ ± A₂·R̄, R in [D₃·R̄, D₄·R̄]. */
export function xbarRLimits(subgroups: readonly (readonly number[])[]): XbarRLimits | null {
  const full = subgroups.filter((g) => g.length === subgroups[0]?.length);
  if (full.length < 2) return null;
  const n = full[0]!.length;
  const k = CHART_CONSTANTS[n];
  if (!k) return null;
  const xbars = full.map(mean);
  const ranges = full.map((g) => Math.max(...g) - Math.min(...g));
  const center = mean(xbars);
  const rbar = mean(ranges);
  return {
    type: 'xbar_r',
    n,
    center,
    ucl: center + k.A2 * rbar,
    lcl: center - k.A2 * rbar,
    rbar,
    rUcl: k.D4 * rbar,
    rLcl: k.D3 * rbar,
    sigmaWithin: rbar / k.d2,
    sigmaPlot: (k.A2 * rbar) / 3,
  };
}

/** I-MR limits: X̄ ± 2.66·MR̄, MR UCL = 3.267·MR̄ (§6.2). */
export function imrLimits(values: readonly number[]): ImrLimits | null {
  if (values.length < 2) return null;
  const mr: number[] = [];
  for (let i = 1; i < values.length; i++) mr.push(Math.abs(values[i]! - values[i - 1]!));
  const center = mean(values);
  const mrbar = mean(mr);
  return {
    type: 'imr',
    center,
    ucl: center + E2 * mrbar,
    lcl: center - E2 * mrbar,
    mrbar,
    mrUcl: D4_MR * mrbar,
    sigmaWithin: mrbar / D2_MR,
    sigmaPlot: (E2 * mrbar) / 3,
  };
}

export interface Capability {
  readonly n: number;
  readonly mean: number;
  readonly sigmaWithin: number;
  readonly sigmaOverall: number;
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly cp: number | null;
  readonly cpk: number | null;
  readonly pp: number | null;
  readonly ppk: number | null;
  /** §6.3 interpretation of Cpk: > 1.33 adequate; 1.00–1.33 monitor; 0.67–1.00 not adequate; below: poor */
  readonly verdict: 'adequate' | 'monitor' | 'not_adequate' | 'poor' | 'unknown';
}

/**
 * Cp = (USL − LSL)/(6σ), Cpk = min(USL − μ, μ − LSL)/(3σ) with the within-subgroup σ; Pp/Ppk the same
 * with the overall σ (§6.3). One-sided specifications give only Cpk/Ppk.
 */
export function capability(
  values: readonly number[],
  sigmaWithin: number,
  lsl: number | null,
  usl: number | null,
): Capability {
  const n = values.length;
  const mu = n ? mean(values) : Number.NaN;
  const so = stdev(values);
  const idx = (s: number, twoSided: boolean) => {
    if (!(s > 0) || n < 2) return { p: null, pk: null };
    const p = twoSided && lsl !== null && usl !== null ? (usl - lsl) / (6 * s) : null;
    const sides: number[] = [];
    if (usl !== null) sides.push((usl - mu) / (3 * s));
    if (lsl !== null) sides.push((mu - lsl) / (3 * s));
    return { p, pk: sides.length ? Math.min(...sides) : null };
  };
  const w = idx(sigmaWithin, true);
  const o = idx(so, true);
  const cpk = w.pk;
  const verdict =
    cpk === null
      ? 'unknown'
      : cpk > 1.33
        ? 'adequate'
        : cpk >= 1
          ? 'monitor'
          : cpk >= 0.67
            ? 'not_adequate'
            : 'poor';
  return {
    n,
    mean: mu,
    sigmaWithin,
    sigmaOverall: so,
    lsl,
    usl,
    cp: w.p,
    cpk,
    pp: o.p,
    ppk: o.pk,
    verdict,
  };
}

/** Split a series into consecutive subgroups of n, one every `spacing` points (spacing ≥ n). */
export function subgroupsOf<T>(items: readonly T[], n: number, spacing = n): T[][] {
  const out: T[][] = [];
  for (let i = 0; i + n <= items.length; i += Math.max(n, spacing)) out.push(items.slice(i, i + n));
  return out;
}
