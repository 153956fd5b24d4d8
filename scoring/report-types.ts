/**
 * The score report: what the trainer defends in front of a jury, entry by entry (issue 8). Every item that
 * gives or takes points cites the journal entries (`seq`) it rests on, with its justification in French and
 * English. The JSON is deterministic: same exercise and journal → byte-identical text.
 */
import type { CriterionId } from './journal-model.ts';

export const REPORT_SCHEMA = 'plastlab.score-report/1';

export interface Bilingual {
  readonly fr: string;
  readonly en: string;
}

/**
 * One line of the grid.
 * - `check`: earns `earned` (0…1) of its `weight`; its contribution is `value = weight × earned` where
 *   the weights of a criterion's checks sum to 1;
 * - `penalty`: takes `-value` off the criterion;
 * - `critical`: a critical safety error: the criterion is 0;
 * - `note`: no points (context for the trainer).
 */
export interface ScoreItem extends Bilingual {
  readonly id: string;
  readonly kind: 'check' | 'penalty' | 'critical' | 'note';
  readonly weight?: number;
  readonly earned?: number;
  /** signed contribution to the criterion's 0…1 score */
  readonly value: number;
  /** journal sequence numbers this item rests on */
  readonly refs: readonly number[];
  /** for safety errors (criterion gestures): their class, domain-model §5.3 */
  readonly severity?: 'critical' | 'major' | 'minor';
}

export interface Override {
  readonly score: number;
  readonly comment: string;
  readonly by: string;
  readonly seq: number;
  readonly t: number;
}

export interface CriterionResult {
  readonly id: CriterionId;
  readonly label: Bilingual;
  /** weight in % of the total */
  readonly weight: number;
  /** the scorer's score, 0…1 */
  readonly auto: number;
  /** the latest trainer override, if any */
  readonly override: Override | null;
  /** what counts: the override if any, else auto */
  readonly score: number;
  readonly items: readonly ScoreItem[];
}

export type Verdict = 'validated' | 'resit' | 'not_validated';

export interface TimelineEvent extends Bilingual {
  /** station simulation ms */
  readonly t: number;
  /** `mm:ss` from the exercise start */
  readonly clock: string;
  readonly seq: number | null;
  readonly kind:
    | 'onset'
    | 'fault'
    | 'first_view'
    | 'detection'
    | 'gesture'
    | 'refused'
    | 'change'
    | 'repair'
    | 'diagnosis'
    | 'hint'
    | 'override'
    | 'safety';
}

export interface FaultResult {
  readonly item: string;
  readonly fault: string;
  readonly component: string;
  readonly option: string | null;
  readonly severity: number | null;
  readonly onset_t: number;
  readonly onset_seq: number | null;
  /** where the onset comes from: a journaled fault entry, or the exercise's instantiation from the seed */
  readonly onset_source: 'journal' | 'instance';
}

export interface ScoreReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly exercise: {
    readonly id: string;
    readonly version: number;
    readonly title: Bilingual;
    readonly certification: string;
    readonly certification_label: Bilingual;
    readonly level: string;
    readonly duration_min: number;
    readonly sha256: string | null;
  };
  readonly station: string;
  readonly candidate: string | null;
  readonly journal: {
    readonly entries: number;
    readonly first_seq: number | null;
    readonly last_seq: number | null;
    readonly last_hash: string | null;
  };
  readonly start_t: number;
  readonly faults: readonly FaultResult[];
  readonly detection: {
    readonly item: string;
    readonly seq: number | null;
    readonly t: number | null;
    readonly seconds: number | null;
  };
  readonly diagnosis: {
    readonly versions: number;
    readonly graded_seq: number | null;
    readonly root_cause: string | null;
  };
  readonly criteria: readonly CriterionResult[];
  readonly total: {
    readonly auto_pct: number;
    readonly pct: number;
    readonly verdict_auto: Verdict;
    readonly verdict: Verdict;
    readonly thresholds: { readonly validated: number; readonly resit: number };
  };
  readonly safety: {
    readonly critical: number;
    readonly major: number;
    readonly minor: number;
  };
  readonly timeline: readonly TimelineEvent[];
  readonly notes: readonly Bilingual[];
}
