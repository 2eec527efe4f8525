import { flatten } from '../tracking/flatten';
import { metricRoots, numericMetrics, readLatestMetrics, readParams } from '../tracking/runReader';
import { latestFromSeries } from '../tracking/seriesLastPoint';
import type { RunRecord, RunSummary } from '../tracking/types';

/** Builds the index row of a run from its folder: record fields plus flattened params and latest metrics. */
export async function summariseRun(runDir: string, record: RunRecord): Promise<RunSummary> {
  const [params, latest] = await Promise.all([readParams(runDir, record), readLatestMetrics(runDir, record)]);
  let metrics = numericMetrics(latest);
  let step = typeof latest.step === 'number' ? latest.step : null;
  if (Object.keys(metrics).length === 0) {
    const fromSeries = await latestFromRunSeries(runDir, record);
    metrics = fromSeries.metrics;
    step = fromSeries.step;
  }
  return {
    id: record.id,
    experiment: record.experiment,
    status: record.status,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    exitCode: record.exitCode,
    command: record.command,
    gitCommit: record.git?.commit ?? null,
    parent: record.parent,
    ...(record.name ? { name: record.name } : {}),
    tags: record.tags,
    ...(record.sweep ? { sweep: record.sweep, trial: record.trial ?? undefined } : {}),
    params: flatten(params),
    metrics,
    step,
    ...(record.slurm
      ? {
          slurm: {
            jobId: record.slurm.jobId,
            state: record.slurm.state,
            reason: record.slurm.reason,
            node: record.slurm.node,
          },
        }
      : {}),
  };
}

/** For runs killed before metrics.json was written: the last complete line of each series, read from its end. */
async function latestFromRunSeries(
  runDir: string,
  record: RunRecord,
): Promise<{ metrics: Record<string, number>; step: number | null }> {
  const metrics: Record<string, number> = {};
  let step: number | null = null;
  for (const root of metricRoots(runDir, record)) {
    const latest = await latestFromSeries(root);
    for (const [name, value] of Object.entries(latest.values)) if (!(name in metrics)) metrics[name] = value;
    if (latest.step !== null) step = Math.max(step ?? latest.step, latest.step);
  }
  return { metrics, step };
}
