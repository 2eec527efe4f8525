import { MlopsError } from '../../core/errors';
import { FileRunStore } from '../../core/store/fileRunStore';
import { settleStaleRuns } from '../../backend/runner';
import { RUN_STATUSES, type RunStatus } from '../../core/tracking/types';
import { option, type CliCommand } from '../command';
import { formatDuration, formatNumber, textTable } from '../textTable';

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'runs [--experiment X] [--status S]',
  summary: 'list runs, newest first',
  valueOptions: ['experiment', 'status'],
  async run(ctx) {
    const status = option(ctx.args, 'status');
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw new MlopsError(`unknown status '${status}'`, 'bad-input', `Use one of: ${RUN_STATUSES.join(', ')}.`);
    }
    await settleStaleRuns(ctx.workspace);
    const runs = await new FileRunStore(ctx.workspace).listRuns({ experiment: option(ctx.args, 'experiment'), status: status as RunStatus | undefined });
    if (runs.length === 0) return { json: [], text: `no runs in ${ctx.workspace} (start one with: mlops run <experiment>)` };
    const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].slice(0, 4);
    const rows = runs.map((r) => [
      r.id,
      r.experiment,
      r.status,
      r.startedAt ? r.startedAt.replace('T', ' ').slice(0, 19) : '',
      formatDuration(r.startedAt, r.endedAt),
      ...metricNames.map((m) => formatNumber(r.metrics[m])),
    ]);
    return { json: runs, text: textTable(['ID', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION', ...metricNames.map((m) => m.toUpperCase())], rows) };
  },
};
