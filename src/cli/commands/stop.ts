import { MlopsError } from '../../core/errors';
import { Runner } from '../../backend/runner';
import type { CliCommand } from '../command';

export const stopCommand: CliCommand = {
  name: 'stop',
  usage: 'stop <run-id>',
  summary: 'stop a running run (SIGTERM, then SIGKILL) or cancel a queued one',
  async run(ctx) {
    const [idArg] = ctx.args.positionals;
    if (!idArg)
      throw new MlopsError(
        'stop needs a run id',
        'bad-input',
        "Run 'mlops runs --status running' to list running runs.",
      );
    const runner = new Runner({ workspace: ctx.workspace, role: 'cli' });
    try {
      await runner.recover();
      const runId = await runner.ctx.store.resolveRunId(idArg);
      const before = await runner.ctx.store.getRun(runId);
      const wasActive = before?.status === 'running' || before?.status === 'queued';
      const record = await runner.stop(runId);
      const text = wasActive ? `run ${runId} ${record.status}` : `run ${runId} had already ended (${record.status})`;
      return { json: { runId, status: record.status, stopped: wasActive }, text };
    } finally {
      await runner.close();
    }
  },
};
