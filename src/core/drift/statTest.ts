import type { ColumnSample } from './sample';

export type StatTestId = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'kl_div' | 'hellinger';
export type DriftColumnType = 'numerical' | 'categorical';
export type ScoreKind = 'p_value' | 'distance';

export interface StatTestOutcome {
  /** The p-value or distance; NaN when the test is undefined for these data. */
  score: number;
  /** The test statistic when it differs from the score (KS D, χ², z). */
  statistic?: number;
}

/** One statistical test, registered by name, with its default threshold and drift rule beside its formula. */
export interface StatTest {
  id: StatTestId;
  label: string;
  scoreKind: ScoreKind;
  defaultThreshold: number;
  /** Evidently's exact comparison for this test (docs/drift-spec.md §3.1). */
  isDrift(score: number, threshold: number): boolean;
  /** Column types the test accepts. */
  accepts: readonly DriftColumnType[];
  compute(ref: ColumnSample, cur: ColumnSample, type: DriftColumnType): StatTestOutcome;
}
