import { MlopsError } from '../../core/errors';
import { FileRunStore } from '../../core/store/fileRunStore';
import { readMetricSeries } from '../../core/tracking/metricTail';
import { listMetricSeries } from '../../core/tracking/runReader';
import type { MetricPoint } from '../../core/tracking/types';
import type { CliCommand } from '../command';
import { formatNumber, textTable } from '../textTable';

/** NaN/Infinity are not JSON: they travel as strings, as MLflow's REST API does. */
const jsonPoint = (p: MetricPoint) => ({ step: p.step, timestamp: p.timestamp, value: Number.isFinite(p.value) ? p.value : String(p.value) });

export const metricsCommand: CliCommand = {
  name: 'metrics',
  usage: 'metrics <run-id> [<name>]',
  summary: 'full metric series of a run (all metrics, or one)',
  async run(ctx) {
    const [idArg, name] = ctx.args.positionals;
    if (!idArg) throw new MlopsError('metrics needs a run id', 'bad-input', "Run 'mlops runs' to list run ids.");
    const store = new FileRunStore(ctx.workspace);
    const id = await store.resolveRunId(idArg);
    const record = await store.getRun(id);
    const series = await listMetricSeries(store.runDir(id), record);
    const chosen = name ? series.filter((s) => s.name === name) : series;
    if (name && chosen.length === 0) {
      throw new MlopsError(`run ${id} has no metric '${name}'`, 'not-found', series.length ? `It has: ${series.map((s) => s.name).join(', ')}.` : 'It has logged no metrics yet.');
    }
    const out: Record<string, MetricPoint[]> = {};
    let skipped = 0;
    for (const s of chosen) {
      const read = await readMetricSeries(s.path, s.name);
      out[s.name] = read.points;
      skipped += read.skipped;
    }
    if (skipped > 0) ctx.stderr.write(`mlops metrics: skipped ${skipped} line(s) that were not numbers\n`);
    const json = name ? out[name].map(jsonPoint) : Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.map(jsonPoint)]));
    const text = Object.entries(out)
      .map(([k, pts]) => `${k} (${pts.length} points)\n${textTable(['STEP', 'VALUE', 'TIMESTAMP'], pts.map((p) => [String(p.step), formatNumber(p.value), p.timestamp ? new Date(p.timestamp).toISOString() : '']))}`)
      .join('\n\n');
    return { json, text: text || `run ${id} has logged no metrics yet` };
  },
};
