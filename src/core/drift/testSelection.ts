import type { DriftColumnType, StatTest, StatTestId } from './statTest';
import { statTests, testChoice } from './registry';

/** Evidently's `_get_default_stattest` (docs/drift-spec.md §3): by column type, reference size nR and distinct count u of R ∪ C. */
export function autoTest(type: DriftColumnType, nRef: number, distinct: number): StatTest {
  if (nRef <= 1000) {
    if (type === 'numerical') return distinct > 5 ? statTests.ks : distinct > 2 ? statTests.chisquare : statTests.z;
    return distinct > 2 ? statTests.chisquare : statTests.z;
  }
  if (type === 'numerical') return distinct > 5 ? statTests.wasserstein : statTests.jensenshannon;
  return statTests.jensenshannon;
}

export interface TestOverrides {
  /** Global test for every column. */
  test?: StatTestId;
  threshold?: number;
  columnTests?: Record<string, StatTestId>;
  columnThresholds?: Record<string, number>;
  typeTests?: Partial<Record<DriftColumnType, StatTestId>>;
  typeThresholds?: Partial<Record<DriftColumnType, number>>;
}

/** Method: per column > per type > global > auto; threshold likewise, ending at the method's default (§3.1). */
export function resolveTest(column: string, type: DriftColumnType, o: TestOverrides): StatTestId | 'auto' {
  return o.columnTests?.[column] ?? o.typeTests?.[type] ?? o.test ?? 'auto';
}

export function resolveThreshold(column: string, type: DriftColumnType, test: StatTest, o: TestOverrides): number {
  return o.columnThresholds?.[column] ?? o.typeThresholds?.[type] ?? o.threshold ?? test.defaultThreshold;
}

/** Refuses an unknown test name in the options before any column is read, naming where it was given. */
export function checkTestNames(o: TestOverrides): void {
  if (o.test !== undefined) testChoice(o.test, 'as the global test');
  for (const [column, name] of Object.entries(o.columnTests ?? {})) testChoice(name, `for column '${column}'`);
  for (const [type, name] of Object.entries(o.typeTests ?? {})) testChoice(name, `for ${type} columns`);
}
