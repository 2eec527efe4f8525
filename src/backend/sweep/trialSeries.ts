/** Reads a trial run's series of the sweep metric (and the names of what it did log, for the failure reason). */
import { listMetricSeries } from '../../core/tracking/runReader';
import { readMetricSeries } from '../../core/tracking/metricTail';
import type { MetricPoint, RunRecord } from '../../core/tracking/types';

export interface TrialMetric {
  points: MetricPoint[];
  logged: string[];
}

export async function readTrialMetric(
  runDir: string,
  record: Pick<RunRecord, 'dvcliveDir'>,
  metric: string,
): Promise<TrialMetric> {
  const series = await listMetricSeries(runDir, record);
  const file = series.find((s) => s.name === metric);
  if (!file) return { points: [], logged: series.map((s) => s.name) };
  const { points } = await readMetricSeries(file.path, metric);
  return { points, logged: series.map((s) => s.name) };
}
