import { stat } from 'node:fs/promises';
import { MlopsError } from '../../core/errors';
import { FileRunStore } from '../../core/store/fileRunStore';
import { MetricTail } from '../../core/tracking/metricTail';
import { listMetricSeries, type SeriesFile } from '../../core/tracking/runReader';
import type { MetricPoint } from '../../core/tracking/types';
import type { CliCommand, CliContext } from '../command';
import { BufferedWriter } from '../streamWrite';
import { formatNumber, textTable } from '../textTable';
import { numberOption } from './dataArgs';

const READ_BYTES = 8 << 20;
const SHOWN = 10;

/** NaN/Infinity are not JSON: they travel as strings, as MLflow's REST API does. */
const jsonPoint = (p: MetricPoint) => ({
  step: p.step,
  timestamp: p.timestamp,
  value: Number.isFinite(p.value) ? p.value : String(p.value),
});

/** The series' points in batches of a few MB of file, so a series of millions of points never sits in memory whole. */
async function* pointBatches(
  series: SeriesFile,
  signal: AbortSignal,
  onSkipped: (n: number) => void,
): AsyncGenerator<MetricPoint[]> {
  const tail = new MetricTail(series.path, series.name);
  const size = (await stat(series.path)).size;
  while (tail.position < size) {
    signal.throwIfAborted();
    const before = tail.position;
    const batch = await tail.poll(READ_BYTES);
    onSkipped(batch.skipped);
    if (batch.points.length > 0) yield batch.points;
    if (tail.position === before) break;
  }
}

async function streamJson(
  ctx: CliContext,
  chosen: SeriesFile[],
  single: boolean,
  out: NodeJS.WritableStream,
  onSkipped: (n: number) => void,
) {
  const w = new BufferedWriter(out);
  await w.write(single ? '[' : '{');
  for (const [i, series] of chosen.entries()) {
    const indent = single ? '\n  ' : '\n    ';
    if (!single) await w.write(`${i > 0 ? ',' : ''}\n  ${JSON.stringify(series.name)}: [`);
    let first = true;
    for await (const points of pointBatches(series, ctx.signal, onSkipped)) {
      for (const p of points) {
        await w.write(`${first ? '' : ','}${indent}${JSON.stringify(jsonPoint(p))}`);
        first = false;
      }
    }
    if (!single) await w.write(first ? ']' : '\n  ]');
  }
  await w.write(single ? '\n]\n' : '\n}\n');
  await w.flush();
}

/** The first `head` and last `tail` points and the count, read in one pass. */
async function headAndTail(
  ctx: CliContext,
  series: SeriesFile,
  head: number,
  tail: number,
  onSkipped: (n: number) => void,
) {
  const first: MetricPoint[] = [];
  const last: MetricPoint[] = [];
  let count = 0;
  for await (const points of pointBatches(series, ctx.signal, onSkipped)) {
    for (const p of points) {
      if (count < head) first.push(p);
      else if (tail > 0) {
        last.push(p);
        if (last.length >= 2 * tail + SHOWN) last.splice(0, last.length - tail);
      }
      count++;
    }
  }
  return { first, last: last.slice(Math.max(0, last.length - tail)), count };
}

function seriesText(name: string, part: { first: MetricPoint[]; last: MetricPoint[]; count: number }): string {
  const row = (p: MetricPoint) => [
    String(p.step),
    formatNumber(p.value),
    p.timestamp ? new Date(p.timestamp).toISOString() : '',
  ];
  const hidden = part.count - part.first.length - part.last.length;
  const rows = [...part.first.map(row), ...(hidden > 0 ? [[`… ${hidden} more`, '', '']] : []), ...part.last.map(row)];
  const note =
    hidden > 0
      ? `, showing the first ${part.first.length} and last ${part.last.length}; --json prints every point`
      : '';
  return `${name} (${part.count} points${note})\n${textTable(['STEP', 'VALUE', 'TIMESTAMP'], rows)}`;
}

export const metricsCommand: CliCommand = {
  name: 'metrics',
  usage: 'metrics <run-id> [<name>] [--head N] [--tail N]',
  summary: 'metric series of a run (all metrics, or one): the first and last points as text, every point with --json',
  valueOptions: ['head', 'tail'],
  async run(ctx) {
    const [idArg, name] = ctx.args.positionals;
    if (!idArg) throw new MlopsError('metrics needs a run id', 'bad-input', "Run 'mlops runs' to list run ids.");
    const head = numberOption(ctx, 'head', 0, Number.MAX_SAFE_INTEGER) ?? SHOWN;
    const tail = numberOption(ctx, 'tail', 0, Number.MAX_SAFE_INTEGER) ?? SHOWN;
    const store = new FileRunStore(ctx.workspace);
    const id = await store.resolveRunId(idArg);
    const record = await store.getRun(id);
    const series = await listMetricSeries(store.runDir(id), record);
    const chosen = name ? series.filter((s) => s.name === name) : series;
    if (name && chosen.length === 0) {
      throw new MlopsError(
        `run ${id} has no metric '${name}'`,
        'not-found',
        series.length ? `It has: ${series.map((s) => s.name).join(', ')}.` : 'It has logged no metrics yet.',
      );
    }
    let skipped = 0;
    const onSkipped = (n: number) => {
      skipped += n;
    };
    const warnSkipped = () => {
      if (skipped > 0)
        ctx.stderr.write(
          `mlops metrics: skipped ${skipped} line(s) that break the metric line grammar (docs/metric-files.md)\n`,
        );
    };
    if (ctx.json) {
      return {
        streamJson: async (out) => {
          await streamJson(ctx, chosen, Boolean(name), out, onSkipped);
          warnSkipped();
        },
      };
    }
    const parts: string[] = [];
    for (const s of chosen)
      parts.push(seriesText(s.name, await headAndTail(ctx, s, Math.floor(head), Math.floor(tail), onSkipped)));
    warnSkipped();
    return { text: parts.join('\n\n') || `run ${id} has logged no metrics yet` };
  },
};
