import { MlopsError } from '../../core/errors';
import { loadSpec } from '../../core/spec/loadSpec';
import { FileRunStore } from '../../core/store/fileRunStore';
import { settleStaleRuns } from '../../backend/runner';
import { columnValue, differingColumns, paramKey } from '../../core/tracking/runColumns';
import { sortRuns } from '../../core/tracking/runTableQuery';
import { RUN_STATUSES, type RunStatus, type RunSummary } from '../../core/tracking/types';
import { option, optionAll, type CliCommand } from '../command';
import { formatDuration, formatNumber, textTable } from '../textTable';
import { paramFilter, parseSort, tagFilter } from './runsQuery';

const MAX_PARAM_COLUMNS = 4;
const MAX_METRIC_COLUMNS = 4;

/** The main metric (`metric:` in mlops.yaml) of each experiment listed, as `name (goal)`. */
async function mainMetrics(workspace: string, runs: readonly RunSummary[]): Promise<Map<string, string>> {
  const spec = (await loadSpec(workspace)).spec;
  const out = new Map<string, string>();
  for (const experiment of new Set(runs.map((r) => r.experiment))) {
    const metric = spec?.experiments[experiment]?.metric;
    if (metric) out.set(metric.name, metric.goal === 'maximize' ? 'max' : 'min');
  }
  return out;
}

/** Params that differ between the runs first, then the rest, up to a few columns. */
function paramColumns(runs: readonly RunSummary[]): string[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const differing = new Set(differingColumns(runs, names.map(paramKey)).map((k) => k.slice('param:'.length)));
  return [...names.filter((n) => differing.has(n)), ...names.filter((n) => !differing.has(n))].slice(
    0,
    MAX_PARAM_COLUMNS,
  );
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'runs [--experiment X] [--status S] [--tag k[=v]]… [--param k=v]… [--sort [-]KEY[:desc]]',
  summary: "list runs, newest first, with their params and the experiment's main metric",
  valueOptions: ['experiment', 'status', 'tag', 'param', 'sort'],
  async run(ctx) {
    const status = option(ctx.args, 'status');
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw new MlopsError(`unknown status '${status}'`, 'bad-input', `Use one of: ${RUN_STATUSES.join(', ')}.`);
    }
    await settleStaleRuns(ctx.workspace);
    const all = await new FileRunStore(ctx.workspace).listRuns();
    if (all.length === 0)
      return { json: [], text: `no runs in ${ctx.workspace} (start one with: mlops run <experiment>)` };
    const experiment = option(ctx.args, 'experiment');
    if (
      experiment !== undefined &&
      !all.some((r) => r.experiment === experiment) &&
      !(await loadSpec(ctx.workspace)).spec?.experiments[experiment]
    ) {
      const names = [...new Set(all.map((r) => r.experiment))].sort();
      throw new MlopsError(
        `no run of experiment '${experiment}'`,
        'bad-input',
        `Experiments with runs: ${names.join(', ')}.`,
      );
    }
    const byTag = tagFilter(optionAll(ctx.args, 'tag'));
    const byParam = paramFilter(optionAll(ctx.args, 'param'), all);
    const sortText = option(ctx.args, 'sort');
    const sort = sortText === undefined ? null : parseSort(sortText, all);
    let runs = all.filter(
      (r) => (!experiment || r.experiment === experiment) && (!status || r.status === status) && byTag(r) && byParam(r),
    );
    if (sort) runs = sortRuns(runs, sort);
    if (runs.length === 0) return { json: [], text: 'no runs match' };
    const main = await mainMetrics(ctx.workspace, runs);
    const params = paramColumns(runs);
    const otherMetrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))]
      .filter((m) => !main.has(m))
      .slice(0, Math.max(0, MAX_METRIC_COLUMNS - main.size));
    const sortParam = sort?.key.startsWith('param:') ? sort.key.slice('param:'.length) : null;
    const sortMetric = sort?.key.startsWith('metric:') ? sort.key.slice('metric:'.length) : null;
    const paramNames = sortParam && !params.includes(sortParam) ? [...params, sortParam] : params;
    const shown = [...main.keys(), ...otherMetrics];
    const metrics = sortMetric && !shown.includes(sortMetric) ? [...shown, sortMetric] : shown;
    const hasNames = runs.some((r) => r.name);
    const headers = [
      'ID',
      ...(hasNames ? ['NAME'] : []),
      'EXPERIMENT',
      'STATUS',
      'STARTED',
      'DURATION',
      ...paramNames.map((p) => p.toUpperCase()),
      ...metrics.map((m) => (main.has(m) ? `${m.toUpperCase()} (${main.get(m)})` : m.toUpperCase())),
    ];
    const rows = runs.map((r) => [
      r.id,
      ...(hasNames ? [r.name ?? ''] : []),
      r.experiment,
      r.status,
      r.startedAt ? r.startedAt.replace('T', ' ').slice(0, 19) : '',
      formatDuration(r.startedAt, r.endedAt),
      ...paramNames.map((p) => cell(columnValue(r, paramKey(p)))),
      ...metrics.map((m) => formatNumber(r.metrics[m])),
    ]);
    return { json: runs, text: textTable(headers, rows) };
  },
};
