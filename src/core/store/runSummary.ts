import { readFile } from 'node:fs/promises';
import { flatten } from '../tracking/flatten';
import { listMetricSeries, numericMetrics, readLatestMetrics, readParams } from '../tracking/runReader';
import { parseTsvHeader, parseTsvRow } from '../tracking/metricLine';
import type { RunRecord, RunSummary } from '../tracking/types';

/** Builds the index row of a run from its folder: record fields plus flattened params and latest metrics. */
export async function summariseRun(runDir: string, record: RunRecord): Promise<RunSummary> {
  const [params, latest] = await Promise.all([readParams(runDir, record), readLatestMetrics(runDir, record)]);
  let metrics = numericMetrics(latest);
  let step = typeof latest.step === 'number' ? latest.step : null;
  if (Object.keys(metrics).length === 0) {
    const fromSeries = await latestFromSeries(runDir, record);
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
    params: flatten(params),
    metrics,
    step,
  };
}

/** For runs killed before metrics.json was written: the last complete line of each series. */
async function latestFromSeries(runDir: string, record: RunRecord): Promise<{ metrics: Record<string, number>; step: number | null }> {
  const metrics: Record<string, number> = {};
  let step: number | null = null;
  for (const series of await listMetricSeries(runDir, record)) {
    let text: string;
    try {
      text = await readFile(series.path, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    lines.pop();
    const header = lines.length > 0 ? parseTsvHeader(lines[0], series.name) : undefined;
    if (!header) continue;
    for (let i = lines.length - 1; i > 0; i--) {
      const point = parseTsvRow(lines[i], header);
      if (point) {
        metrics[series.name] = point.value;
        step = Math.max(step ?? point.step, point.step);
        break;
      }
    }
  }
  return { metrics, step };
}
