import { MlopsError } from '../../core/errors';
import { runPaths } from '../../core/store/layout';
import { lastLogLines } from '../../core/tracking/runReader';
import type { RunRecord } from '../../core/tracking/types';
import { launchingRunner } from '../launchingRunner';
import { parseExecutorKind } from '../../core/spec/executor';
import { ChangeTrigger } from '../../backend/watch/changeTrigger';
import { LogFollower } from '../../backend/watch/logFollower';
import { option, optionAll, type CliCommand, type CliContext } from '../command';

/** Copies the run's log to stdout as it grows. */
function streamLog(ctx: CliContext, logPath: string): { finish(): Promise<void> } {
  const follower = new LogFollower(logPath);
  const trigger = new ChangeTrigger({
    paths: [logPath],
    pollMs: 100,
    onChange: async () => {
      const text = await follower.read();
      if (text) ctx.stdout.write(text);
    },
  });
  return {
    async finish() {
      await trigger.flush();
      trigger.close();
    },
  };
}

/** `--tag key=value` or `--tag label` (an empty value). */
export function parseTags(values: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const text of values) {
    const eq = text.indexOf('=');
    const key = (eq === -1 ? text : text.slice(0, eq)).trim();
    if (!key) throw new MlopsError(`--tag '${text}' has no name`, 'bad-input', 'Write --tag NAME or --tag NAME=VALUE.');
    tags[key] = eq === -1 ? '' : text.slice(eq + 1);
  }
  return tags;
}

function where(runDir: string) {
  const paths = runPaths(runDir);
  return { folder: runDir, metrics: paths.plots, log: paths.log };
}

export const runCommand: CliCommand = {
  name: 'run',
  usage:
    'run <experiment> [--param k=v]… [--name TEXT] [--tag k[=v]]… [--cpu] [--detach] [--python PATH] [--executor local|slurm]',
  summary: "run (or queue) an experiment; prints the run id; exit code is the run's outcome",
  valueOptions: ['param', 'python', 'name', 'tag', 'executor'],
  flags: ['detach', 'cpu'],
  async run(ctx) {
    const [experiment] = ctx.args.positionals;
    if (!experiment)
      throw new MlopsError(
        'run needs an experiment name',
        'bad-input',
        'Name one from mlops.yaml, or a script path such as train.py.',
      );
    const detach = ctx.args.flags.has('detach');
    const executorOption = option(ctx.args, 'executor');
    const executor = executorOption === undefined ? undefined : parseExecutorKind(executorOption, '--executor');
    const runner = launchingRunner(ctx);
    try {
      await runner.recover();
      const launched = await runner.launch(
        {
          experiment,
          overrides: optionAll(ctx.args, 'param'),
          name: option(ctx.args, 'name') ?? null,
          tags: parseTags(optionAll(ctx.args, 'tag')),
          cpu: ctx.args.flags.has('cpu'),
          executor,
        },
        { supervise: !detach },
      );
      const paths = where(launched.runDir);
      const state =
        launched.status === 'running'
          ? 'started'
          : launched.position === null
            ? 'submitted to Slurm'
            : `queued (position ${launched.position + 1})`;
      if (!ctx.json)
        ctx.stdout.write(
          `run ${launched.runId} ${state}\n  folder:  ${paths.folder}\n  metrics: ${paths.metrics}\n  log:     ${paths.log}\n`,
        );
      if (detach) {
        const submitted =
          launched.position === null && launched.status === 'queued'
            ? await runner.ctx.store.getRun(launched.runId)
            : undefined;
        if (submitted && submitted.status === 'failed') {
          return {
            json: { runId: launched.runId, status: submitted.status, error: submitted.error ?? null, ...paths },
            text: `run ${launched.runId} failed: ${submitted.error}`,
            exitCode: 1,
          };
        }
        const note = submitted
          ? `Slurm job ${submitted.slurm?.jobId}; the extension's backend (or \`mlops runs\`) follows it.`
          : launched.status === 'queued'
            ? 'It starts when a slot frees up (the extension or another mlops run starts queued runs).'
            : undefined;
        return {
          json: { runId: launched.runId, status: launched.status, position: launched.position, ...paths },
          text: note,
          exitCode: 0,
        };
      }
      const stream = ctx.json ? null : streamLog(ctx, paths.log);
      let record: RunRecord = await runner.waitForEnd(launched.runId, ctx.signal);
      if (ctx.signal.aborted && (record.status === 'running' || record.status === 'queued')) {
        ctx.stderr.write(`mlops: stopping run ${launched.runId}…\n`);
        record = await runner.stop(launched.runId);
      }
      await stream?.finish();
      await runner.sidecarsWritten(ctx.signal);
      const ok = record.status === 'completed';
      const logTail = ok ? [] : await lastLogLines(launched.runDir, 50);
      const summary = `run ${record.id} ${record.status}${record.exitCode !== null ? ` (exit ${record.exitCode})` : ''}${record.error ? `: ${record.error}` : ''}\n  metrics: ${paths.metrics}`;
      return {
        json: {
          runId: record.id,
          status: record.status,
          exitCode: record.exitCode,
          signal: record.signal,
          error: record.error ?? null,
          ...paths,
          ...(ok ? {} : { logTail }),
        },
        text: summary,
        exitCode: ok ? 0 : 1,
      };
    } finally {
      await runner.close();
    }
  },
};
