import { MlopsError } from '../../core/errors';
import type { RunId } from '../../core/tracking/types';
import type { QueueSnapshot } from '../../protocol/backend';
import { Runner } from '../../backend/runner';
import type { CliCommand } from '../command';
import { textTable } from '../textTable';

function render(queue: QueueSnapshot, gpuLine: string): string {
  const rows = [
    ...queue.active.map((a) => [a.runId, a.experiment, 'running', a.gpus.join(',') || '-']),
    ...queue.items.map((i, n) => [i.runId, i.experiment, `queued #${n + 1}`, i.gpus > 0 ? `wants ${i.gpus}` : '-']),
  ];
  const table = rows.length > 0 ? textTable(['RUN', 'EXPERIMENT', 'STATE', 'GPUS'], rows) : 'The queue is empty.';
  return `${table}\nconcurrency ${queue.concurrency}${queue.allowGpuSharing ? ', GPU sharing allowed' : ''}; ${gpuLine}`;
}

const USAGE =
  'queue [list | cancel <run-id> | reorder <run-id> <position> | run-now <run-id> | concurrency <n> [--allow-gpu-sharing|--no-gpu-sharing]]';

export const queueCommand: CliCommand = {
  name: 'queue',
  usage: USAGE,
  summary: 'show or change the run queue (positions start at 1)',
  flags: ['allow-gpu-sharing', 'no-gpu-sharing'],
  async run(ctx) {
    const [action = 'list', ...rest] = ctx.args.positionals;
    const runner = new Runner({ workspace: ctx.workspace, role: 'cli' });
    const runId = async (): Promise<RunId> => {
      if (!rest[0])
        throw new MlopsError(`queue ${action} needs a run id`, 'bad-input', "Run 'mlops queue' to see queued run ids.");
      return runner.ctx.store.resolveRunId(rest[0]);
    };
    try {
      await runner.recover();
      let queue: QueueSnapshot;
      switch (action) {
        case 'list':
          queue = await runner.snapshot();
          break;
        case 'cancel':
          queue = await runner.cancel(await runId());
          break;
        case 'reorder': {
          const position = Number(rest[1]);
          if (!Number.isInteger(position) || position < 1)
            throw new MlopsError('queue reorder needs a position from 1', 'bad-input', `Usage: mlops ${USAGE}`);
          queue = await runner.reorder(await runId(), position - 1);
          break;
        }
        case 'run-now':
          queue = await runner.runNow(await runId());
          break;
        case 'concurrency': {
          const n = Number(rest[0]);
          const sharing = ctx.args.flags.has('allow-gpu-sharing')
            ? true
            : ctx.args.flags.has('no-gpu-sharing')
              ? false
              : undefined;
          queue = await runner.setConcurrency(n, sharing);
          break;
        }
        default:
          throw new MlopsError(`unknown queue action '${action}'`, 'bad-input', `Usage: mlops ${USAGE}`);
      }
      const gpus = await runner.gpus();
      const gpuLine =
        gpus.gpus.length > 0
          ? `${gpus.gpus.length} GPU(s): ${gpus.gpus.map((g) => `${g.index} ${g.name}`).join(', ')}`
          : (gpus.message ?? '');
      return { json: { ...queue, gpus }, text: render(queue, gpuLine) };
    } finally {
      await runner.close();
    }
  },
};
