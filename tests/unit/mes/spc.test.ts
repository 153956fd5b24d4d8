import { describe, expect, it } from 'vitest';
import {
  CHART_CONSTANTS,
  capability,
  evaluateRules,
  imrLimits,
  RULE_IDS,
  type RuleId,
  rulesAtLast,
  subgroupsOf,
  xbarRLimits,
} from '../../../simulator/mes/spc.ts';

/** Points where `rule` fires on a sequence given in σ units around a centre of 0. */
const firing = (rule: RuleId, z: number[]) => evaluateRules(z, 0, 1, [rule]).map((v) => v.index);

describe('SPC constants and limits (domain-model §6.2)', () => {
  it('uses the n = 5 and n = 4 constants of the spec', () => {
    expect(CHART_CONSTANTS[5]).toEqual({ A2: 0.577, D3: 0, D4: 2.114, d2: 2.326 });
    expect(CHART_CONSTANTS[4]).toEqual({ A2: 0.729, D3: 0, D4: 2.282, d2: 2.059 });
  });

  it('computes X̄–R limits X̄̄ ± A₂·R̄, R in [D₃·R̄, D₄·R̄], σ̂ = R̄/d₂', () => {
    const l = xbarRLimits([
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5, 6],
    ])!;
    expect(l.center).toBeCloseTo(3.5, 12);
    expect(l.rbar).toBeCloseTo(4, 12);
    expect(l.ucl).toBeCloseTo(3.5 + 0.577 * 4, 12);
    expect(l.lcl).toBeCloseTo(3.5 - 0.577 * 4, 12);
    expect(l.rUcl).toBeCloseTo(2.114 * 4, 12);
    expect(l.rLcl).toBe(0);
    expect(l.sigmaWithin).toBeCloseTo(4 / 2.326, 12);
    expect(l.sigmaPlot * 3).toBeCloseTo(0.577 * 4, 12);
  });

  it('computes I-MR limits X̄ ± 2.66·MR̄ and MR UCL = 3.267·MR̄', () => {
    const l = imrLimits([1, 2, 4, 7])!;
    expect(l.center).toBeCloseTo(3.5, 12);
    expect(l.mrbar).toBeCloseTo(2, 12);
    expect(l.ucl).toBeCloseTo(3.5 + 2.66 * 2, 12);
    expect(l.lcl).toBeCloseTo(3.5 - 2.66 * 2, 12);
    expect(l.mrUcl).toBeCloseTo(3.267 * 2, 12);
    expect(l.sigmaWithin).toBeCloseTo(2 / 1.128, 12);
  });

  it('forms subgroups of n consecutive values, one every `spacing`', () => {
    expect(subgroupsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 5)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    expect(subgroupsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 2, 5)).toEqual([
      [1, 2],
      [6, 7],
    ]);
  });
});

describe('Western Electric and Nelson rules: each fires exactly where the pattern completes', () => {
  it('WE1 / N1: one point beyond 3σ', () => {
    const z = [0, 0.5, 3.5, 0, -3.2, 2.9, -2.99];
    expect(firing('WE1', z)).toEqual([2, 4]);
    expect(firing('N1', z)).toEqual([2, 4]);
  });

  it('WE2 / N5: 2 of 3 beyond 2σ on the same side', () => {
    const z = [0, 2.5, 0, 2.5, 0, 0, -2.1, -2.2, 0, 2.5, -2.5, 2.5, 1.9, 2.1];
    expect(firing('WE2', z)).toEqual([3, 7, 11, 13]);
    expect(firing('N5', z)).toEqual([3, 7, 11, 13]);
  });

  it('WE3 / N6: 4 of 5 beyond 1σ on the same side', () => {
    const z = [1.5, 1.5, 0, 1.5, 1.5, 0, 0, -1.2, -1.2, -1.2, 0.5, -1.2, 0.9, 1.1, 1.1, 1.1];
    expect(firing('WE3', z)).toEqual([4, 11]);
    expect(firing('N6', z)).toEqual([4, 11]);
  });

  it('WE4: 8 consecutive points on the same side (a point on the centre line breaks the run)', () => {
    const z = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, -0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0, 0.2];
    expect(firing('WE4', z)).toEqual([7, 8]);
  });

  it('N2: nine in a row on the same side', () => {
    const z = [-0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, 0.1];
    expect(firing('N2', z)).toEqual([8, 9]);
    expect(firing('WE4', z)).toEqual([7, 8, 9]);
  });

  it('N3: six in a row steadily increasing or decreasing', () => {
    const z = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.4, 0.3, 0.2, 0.1, 0, -0.1, -0.1];
    expect(firing('N3', z)).toEqual([5, 10, 11]);
    expect(firing('N3', [0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5])).toEqual([]);
  });

  it('N4: fourteen in a row alternating up and down', () => {
    const alt = Array.from({ length: 15 }, (_, i) => (i % 2 ? -0.2 : 0.2));
    expect(firing('N4', alt)).toEqual([13, 14]);
    const broken = [...alt.slice(0, 7), alt[6]!, ...alt.slice(7)];
    expect(firing('N4', broken.slice(0, 14))).toEqual([]);
  });

  it('N7: fifteen in a row within ±1σ (stratification, stale data)', () => {
    const z = [...Array.from({ length: 15 }, (_, i) => (i % 3) * 0.3 - 0.3), 1.2, 0.1];
    expect(firing('N7', z)).toEqual([14]);
  });

  it('N8: eight in a row outside ±1σ with points on both sides (mixture)', () => {
    expect(firing('N8', [1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 0.2])).toEqual([7]);
    expect(firing('N8', [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5])).toEqual([]);
  });

  it('a stable, centred sequence fires no rule at all', () => {
    const z = [
      0.4, -0.6, 0.2, -0.1, 0.7, -0.3, 0.1, -0.8, 0.5, -0.2, 0.3, 0.9, -0.4, 0.2, -0.7, 1.1, -1.3, 0.6,
    ];
    // N7 needs 15 within ±1σ: 0.4…-0.7 are 15 values inside, so it fires there only; nothing else fires
    expect(
      evaluateRules(
        z,
        0,
        1,
        RULE_IDS.filter((r) => r !== 'N7'),
      ),
    ).toEqual([]);
    expect(firing('N7', z)).toEqual([14]);
  });

  it('works on raw values with any centre and σ, and online on the last point only', () => {
    const x = [24, 24.01, 23.99, 24.2];
    expect(evaluateRules(x, 24, 0.05, ['WE1'])).toEqual([{ index: 3, rule: 'WE1' }]);
    expect(rulesAtLast(x, 24, 0.05, ['WE1', 'WE2'])).toEqual(['WE1']);
    expect(rulesAtLast(x.slice(0, 3), 24, 0.05, ['WE1', 'WE2'])).toEqual([]);
  });
});

describe('capability (domain-model §6.3)', () => {
  it('computes Cp, Cpk with the within σ and Pp, Ppk with the overall σ on a known data set', () => {
    const data = [9.9, 10.0, 10.1, 10.0, 9.9, 10.1];
    const c = capability(data, 0.1, 9.4, 10.6);
    expect(c.mean).toBeCloseTo(10, 12);
    expect(c.cp).toBeCloseTo(2, 12);
    expect(c.cpk).toBeCloseTo(2, 12);
    expect(c.sigmaOverall).toBeCloseTo(Math.sqrt(0.008), 12);
    expect(c.pp).toBeCloseTo(1.2 / (6 * Math.sqrt(0.008)), 10);
    expect(c.ppk).toBeCloseTo(0.6 / (3 * Math.sqrt(0.008)), 10);
    expect(c.verdict).toBe('adequate');
  });

  it('takes the nearer limit for Cpk on an off-centre process and grades it', () => {
    const c = capability([10.2, 10.2, 10.2, 10.2], 0.1, 9.4, 10.6);
    expect(c.cp).toBeCloseTo(2, 12);
    expect(c.cpk).toBeCloseTo(0.4 / 0.3, 12);
    expect(c.verdict).toBe('adequate');
    expect(capability([10.5, 10.5], 0.1, 9.4, 10.6).verdict).toBe('poor');
    expect(capability([10.35, 10.35], 0.1, 9.4, 10.6).verdict).toBe('not_adequate');
    const one = capability([10, 10.1], 0.1, null, 10.6);
    expect(one.cp).toBeNull();
    expect(one.cpk).toBeCloseTo((10.6 - 10.05) / 0.3, 12);
  });
});
