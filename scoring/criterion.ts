/**
 * Building one criterion's score from checks and penalties, each citing its journal entries
 * (report-types.ts `ScoreItem`). Check weights are relative: they are normalised so they sum to 1.
 */
import type { Bilingual, ScoreItem } from './report-types.ts';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export class CriterionBuilder {
  private readonly checks: { id: string; weight: number; earned: number; refs: number[]; text: Bilingual }[] =
    [];
  private readonly others: ScoreItem[] = [];
  private criticalHit = false;

  /** A check worth `weight` (relative), of which `earned` (0…1) is obtained. */
  check(id: string, weight: number, earned: number, refs: readonly number[], text: Bilingual): this {
    if (weight > 0)
      this.checks.push({ id, weight, earned: Math.max(0, Math.min(1, earned)), refs: uniq(refs), text });
    return this;
  }

  penalty(
    id: string,
    value: number,
    refs: readonly number[],
    text: Bilingual,
    severity?: 'major' | 'minor',
  ): this {
    if (value > 0) {
      this.others.push({
        id,
        kind: 'penalty',
        value: -r4(value),
        refs: uniq(refs),
        ...text,
        ...(severity ? { severity } : {}),
      });
    }
    return this;
  }

  critical(id: string, refs: readonly number[], text: Bilingual): this {
    this.criticalHit = true;
    this.others.push({ id, kind: 'critical', value: 0, refs: uniq(refs), ...text, severity: 'critical' });
    return this;
  }

  note(id: string, refs: readonly number[], text: Bilingual): this {
    this.others.push({ id, kind: 'note', value: 0, refs: uniq(refs), ...text });
    return this;
  }

  build(): { auto: number; items: ScoreItem[] } {
    const total = this.checks.reduce((s, c) => s + c.weight, 0);
    const items: ScoreItem[] = this.checks.map((c) => {
      const weight = total > 0 ? c.weight / total : 0;
      return {
        id: c.id,
        kind: 'check',
        weight: r4(weight),
        earned: r4(c.earned),
        value: r4(weight * c.earned),
        refs: c.refs,
        ...c.text,
      };
    });
    items.push(...this.others);
    if (this.criticalHit) return { auto: 0, items };
    // exact sum (the items show rounded values)
    const checks = this.checks.reduce((s, c) => s + (total > 0 ? (c.weight / total) * c.earned : 0), 0);
    const sum = checks + this.others.reduce((s, i) => s + i.value, 0);
    return { auto: r4(Math.max(0, Math.min(1, sum))), items };
  }
}

function uniq(refs: readonly number[]): number[] {
  return [...new Set(refs.filter((x) => Number.isFinite(x) && x > 0))].sort((a, b) => a - b);
}

export const pct = (x: number) => `${Math.round(x * 100)} %`;
export const fmt = (x: number | undefined, digits = 2): string =>
  x === undefined || !Number.isFinite(x) ? '—' : String(Math.round(x * 10 ** digits) / 10 ** digits);
