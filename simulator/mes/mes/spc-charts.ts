/**
 * SPC charts from the MES shot records (domain-model §6.2–6.3): the series of a variable for one cavity,
 * X̄–R subgroups of n consecutive shots of that cavity (never mixing cavities), I-MR on single shots, limits
 * from a stable reference period (`spc.set_limits`) or provisional from the data shown, every rule
 * evaluated on every point, and capability against the product specification.
 */
import { lowerBound, round } from '../common.ts';
import {
  type Capability,
  type ChartLimits,
  capability,
  evaluateRules,
  imrLimits,
  RULE_IDS,
  type RuleId,
  subgroupsOf,
  xbarRLimits,
} from '../spc.ts';
import type { SpcChartState } from '../types.ts';
import type { MesModel } from './mes-model.ts';
import { spcVariable, valueKey } from './spc-vars.ts';

export interface SeriesPoint {
  readonly shot: number;
  readonly t: number;
  readonly x: number;
}

export interface SeriesRange {
  shotFrom?: number | undefined;
  shotTo?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** start-up and test shots are out of the steady state and left out unless asked for */
  includeStartup?: boolean | undefined;
}

export function seriesOf(mes: MesModel, variable: string, cavity: number, r: SeriesRange): SeriesPoint[] {
  const shots = mes.s.shots;
  let i = 0;
  let j = shots.length;
  if (r.from !== undefined)
    i = Math.max(
      i,
      lowerBound(shots, r.from, (x) => x.te),
    );
  if (r.to !== undefined)
    j = Math.min(
      j,
      lowerBound(shots, r.to, (x) => x.te),
    );
  if (r.shotFrom !== undefined)
    i = Math.max(
      i,
      lowerBound(shots, r.shotFrom, (x) => x.id),
    );
  if (r.shotTo !== undefined)
    j = Math.min(
      j,
      lowerBound(shots, r.shotTo + 1, (x) => x.id),
    );
  const key = valueKey(variable, cavity);
  const out: SeriesPoint[] = [];
  for (let k = i; k < j; k++) {
    const row = shots[k]!;
    if (!r.includeStartup && (row.startup || row.test)) continue;
    const x = row.v[key];
    if (x !== undefined) out.push({ shot: row.id, t: row.te, x });
  }
  return out;
}

export function limitsOf(
  points: readonly SeriesPoint[],
  type: 'xbar_r' | 'imr',
  n: number,
): ChartLimits | null {
  const x = points.map((p) => p.x);
  return type === 'imr' ? imrLimits(x) : xbarRLimits(subgroupsOf(x, n));
}

/** Specification limits: the product's tolerance for weight and key dimension, else none. */
export function specOf(mes: MesModel, variable: string): { lsl: number | null; usl: number | null } | null {
  const p = mes.productOf(mes.s.job);
  if (variable === 'weight')
    return { lsl: p.weight.nominal - p.weight.tol, usl: p.weight.nominal + p.weight.tol };
  if (variable === 'dimension')
    return { lsl: p.keyDim.nominal - p.keyDim.tol, usl: p.keyDim.nominal + p.keyDim.tol };
  return null;
}

export const chartKey = (variable: string, cavity: number, type: 'xbar_r' | 'imr'): string =>
  `${valueKey(variable, cavity)}:${type}`;

export interface ChartPoint {
  readonly shot: number;
  readonly t: number;
  /** plotted value: X̄ of the subgroup or the individual value */
  readonly value: number;
  /** R of the subgroup or MR to the previous value (null for the first individual) */
  readonly spread: number | null;
  readonly shots?: readonly number[];
  readonly rules: readonly string[];
}

export interface ChartView {
  readonly variable: string;
  readonly unit: string;
  readonly cavity: number;
  readonly type: 'xbar_r' | 'imr';
  readonly n: number;
  readonly limits: ChartLimits | null;
  /** limits computed from the points shown (no reference period set): not for decisions (§6.2) */
  readonly provisional: boolean;
  readonly reference: SpcChartState['ref'] | null;
  readonly enabledRules: readonly RuleId[];
  readonly points: readonly ChartPoint[];
  readonly violations: readonly { shot: number; rule: string; value: number; enabled: boolean }[];
  readonly capability: Capability | null;
}

const r5 = (v: number) => round(v, 5);

export function chartView(
  mes: MesModel,
  q: { variable: string; cavity: number; type: 'xbar_r' | 'imr'; n: number } & SeriesRange,
): ChartView {
  const v = spcVariable(q.variable);
  const stored = mes.s.spc[chartKey(q.variable, q.cavity, q.type)];
  const n = stored?.n ?? q.n;
  const series = seriesOf(mes, q.variable, q.cavity, q);
  const limits = stored?.limits ?? limitsOf(series, q.type, n);
  const points: ChartPoint[] = [];
  if (q.type === 'imr') {
    series.forEach((p, i) => {
      points.push({
        shot: p.shot,
        t: p.t,
        value: p.x,
        spread: i > 0 ? r5(Math.abs(p.x - series[i - 1]!.x)) : null,
        rules: [],
      });
    });
  } else {
    for (const g of subgroupsOf(series, n)) {
      const xs = g.map((p) => p.x);
      points.push({
        shot: g[g.length - 1]!.shot,
        t: g[g.length - 1]!.t,
        value: r5(xs.reduce((a, b) => a + b, 0) / xs.length),
        spread: r5(Math.max(...xs) - Math.min(...xs)),
        shots: g.map((p) => p.shot),
        rules: [],
      });
    }
  }
  const enabled = stored?.rules ?? (['WE1', 'WE2', 'WE3', 'WE4'] as RuleId[]);
  const violations: ChartView['violations'][number][] = [];
  if (limits) {
    const byIndex = new Map<number, string[]>();
    for (const vi of evaluateRules(
      points.map((p) => p.value),
      limits.center,
      limits.sigmaPlot,
      RULE_IDS,
    )) {
      const list = byIndex.get(vi.index) ?? [];
      list.push(vi.rule);
      byIndex.set(vi.index, list);
    }
    points.forEach((p, i) => {
      const rules = [...(byIndex.get(i) ?? [])];
      const spreadUcl = limits.type === 'imr' ? limits.mrUcl : limits.rUcl;
      if (p.spread !== null && p.spread > spreadUcl) rules.push(limits.type === 'imr' ? 'MR' : 'R');
      (p as { rules: readonly string[] }).rules = rules;
      for (const rule of rules) {
        violations.push({
          shot: p.shot,
          rule,
          value: p.value,
          enabled: rule === 'R' || rule === 'MR' || enabled.includes(rule as RuleId),
        });
      }
    });
  }
  const spec = stored?.spec ?? specOf(mes, q.variable);
  const within = limitsOf(series, q.type, n)?.sigmaWithin ?? 0;
  return {
    variable: q.variable,
    unit: v?.unit ?? '',
    cavity: q.cavity,
    type: q.type,
    n,
    limits,
    provisional: !stored,
    reference: stored?.ref ?? null,
    enabledRules: enabled,
    points,
    violations,
    capability:
      series.length >= 2
        ? capability(
            series.map((p) => p.x),
            within,
            spec?.lsl ?? null,
            spec?.usl ?? null,
          )
        : null,
  };
}
