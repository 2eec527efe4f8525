/**
 * Performance drift from feedback labels (docs/drift-spec.md §7): metrics of the window's labelled rows against the
 * metrics the version was registered with (its test metrics, else its plain or validation ones).
 */
import {
  classificationMetrics,
  comparePerformance,
  regressionMetrics,
  type MetricCheck,
  type PerformanceTask,
} from '../drift/performanceDrift';
import type { PredictionLogLine } from './deploymentFiles';

/** Below this many labelled rows the realized metrics are too noisy to compare. */
export const MIN_LABELLED_ROWS = 20;

export interface ModelFacts {
  task: PerformanceTask;
  /** Classes in training order; for two classes the second is the positive one. */
  classes?: Array<string | number>;
  /** Metrics at registration. */
  metrics: Record<string, number>;
}

export function referenceMetric(metrics: Record<string, number>, name: string): number | undefined {
  for (const key of [`test_${name}`, `test.${name}`, name, `val_${name}`, `val.${name}`])
    if (Number.isFinite(metrics[key])) return metrics[key];
  return undefined;
}

export function realizedPerformance(
  lines: readonly PredictionLogLine[],
  labels: ReadonlyMap<string, unknown>,
  facts: ModelFacts,
): { labelled: number; checks: MetricCheck[]; drifted: boolean } | null {
  const pairs: Array<[unknown, unknown]> = [];
  for (const l of lines) {
    const label = labels.get(`${l.requestId}#${l.index}`);
    if (label !== undefined && label !== null) pairs.push([label, l.output?.prediction]);
  }
  if (pairs.length < MIN_LABELLED_ROWS) return null;
  let current: Record<string, number>;
  if (facts.task === 'regression') {
    current = regressionMetrics(
      Float64Array.from(pairs, ([t]) => Number(t)),
      Float64Array.from(pairs, ([, p]) => Number(p)),
    );
  } else {
    const positive = facts.classes?.length === 2 ? String(facts.classes[1]) : undefined;
    current = classificationMetrics(
      pairs.map(([t]) => String(t)),
      pairs.map(([, p]) => (p === null || p === undefined ? null : String(p))),
      positive,
    );
  }
  const reference: Record<string, number> = {};
  for (const name of Object.keys(current)) {
    const ref = referenceMetric(facts.metrics, name);
    if (ref !== undefined && Number.isFinite(current[name])) reference[name] = ref;
  }
  const result = comparePerformance(reference, current, facts.task);
  return { labelled: pairs.length, checks: result.checks, drifted: result.drifted };
}
