import { MlopsError } from '../../core/errors';
import { findExperiment } from '../../core/spec/experiments';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import { planSweep, type SweepOverrides } from '../../core/sweep/planSweep';
import { resolveSweep, updateSweep, writeNewSweep } from '../../core/sweep/sweepStore';
import { SWEEP_METHODS, type SweepMethod, type SweepRecord } from '../../core/sweep/types';
import { launchingRunner } from '../launchingRunner';
import { requestSweepStop, SweepDriver } from '../../backend/sweep/sweepDriver';
import { option, type CliContext, type CliCommand } from '../command';
import { progressLine } from '../progressLine';

function integerOption(ctx: CliContext, name: string, min: number): number | undefined {
  const raw = option(ctx.args, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim()) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new MlopsError(`--${name} must be an integer ≥ ${min}, got '${raw}'`, 'bad-input');
  }
  return Number(raw);
}

function overridesOf(ctx: CliContext): SweepOverrides {
  const method = option(ctx.args, 'method');
  if (method !== undefined && !SWEEP_METHODS.includes(method as SweepMethod)) {
    throw new MlopsError(`unknown sweep method '${method}'`, 'bad-input', `Use one of: ${SWEEP_METHODS.join(', ')}.`);
  }
  return {
    method: method as SweepMethod | undefined,
    trials: integerOption(ctx, 'trials', 1),
    concurrency: integerOption(ctx, 'concurrency', 1),
    seed: integerOption(ctx, 'seed', -(2 ** 31)),
  };
}

/** The `--json` document (DESIGN.md's CLI contract). */
export function sweepJson(record: SweepRecord) {
  return {
    sweepId: record.id,
    method: record.method,
    status: record.status,
    error: record.error,
    best: record.best ? { runId: record.best.runId, params: record.best.params, value: record.best.value } : null,
    trials: record.trialRecords.map((t) => ({
      runId: t.runId,
      params: t.params,
      value: t.value,
      status: t.status,
      ...(t.error ? { error: t.error } : {}),
    })),
  };
}

function sweepText(record: SweepRecord): string {
  const lines = [
    `sweep ${record.id} ${record.status} (${record.method}, ${record.trialRecords.length}/${record.trials} trials)${record.error ? `: ${record.error}` : ''}`,
  ];
  for (const t of record.trialRecords) {
    const params = Object.entries(t.params)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : JSON.stringify(v)}`)
      .join(' ');
    lines.push(
      `  #${t.number} ${t.status.padEnd(9)} ${t.value === null ? '-' : Number(t.value.toPrecision(6))}  ${params}${t.error && t.status !== 'completed' ? `  (${t.error})` : ''}`,
    );
  }
  if (record.best)
    lines.push(
      `best: ${record.metric.name} = ${record.best.value} (trial #${record.best.number}, run ${record.best.runId})`,
    );
  return lines.join('\n');
}

function exitCodeOf(record: SweepRecord): number {
  return record.status === 'failed' ? 1 : 0;
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  usage:
    'sweep <experiment> [--method grid|random|tpe] [--trials N] [--concurrency K] [--seed S] [--python PATH] | sweep --resume ID | sweep --stop ID',
  summary:
    "search an experiment's sweep space; exit 0 when the sweep completed, 1 when every trial failed, 2 on bad input",
  valueOptions: ['method', 'trials', 'concurrency', 'seed', 'resume', 'stop', 'python'],
  async run(ctx) {
    const resume = option(ctx.args, 'resume');
    const stop = option(ctx.args, 'stop');
    const [experimentName, ...extra] = ctx.args.positionals;
    if (extra.length)
      throw new MlopsError(`sweep takes one experiment, got ${ctx.args.positionals.length}`, 'bad-input');
    if ((resume || stop) && (experimentName || resume === stop)) {
      throw new MlopsError(
        '--resume and --stop take a sweep id and no experiment',
        'bad-input',
        'Write mlops sweep --resume ID, or mlops sweep --stop ID.',
      );
    }
    if (!resume && !stop && !experimentName)
      throw new MlopsError(
        'sweep needs an experiment name',
        'bad-input',
        'Name one from mlops.yaml that has a sweep: block.',
      );
    const runner = launchingRunner(ctx);
    try {
      await runner.recover();
      let sweepId: string;
      if (stop) {
        const record = await requestSweepStop(runner, (await resolveSweep(ctx.workspace, stop)).id);
        return { json: sweepJson(record), text: sweepText(record), exitCode: 0 };
      }
      if (resume) {
        const found = await resolveSweep(ctx.workspace, resume);
        sweepId = found.id;
        if (found.status === 'stopped') {
          // Trials the stop ended stay as they ended; the sweep proposes the ones it had not started yet.
          await updateSweep(ctx.workspace, sweepId, (r) => ({
            ...r,
            status: 'running',
            stopRequestedAt: null,
            error: null,
            endedAt: null,
          }));
        }
      } else {
        const spec = requireValidSpec(await loadSpec(ctx.workspace), { allowMissing: true });
        const record = planSweep(findExperiment(spec, experimentName), overridesOf(ctx));
        await writeNewSweep(ctx.workspace, record);
        sweepId = record.id;
        if (!ctx.json)
          ctx.stderr.write(
            `sweep ${sweepId}: ${record.method}, ${record.trials} trials, ${record.concurrency} at a time, optimising ${record.metric.name} (${record.metric.goal})\n`,
          );
        const queue = await runner.snapshot();
        if (record.concurrency > queue.concurrency) {
          ctx.stderr.write(
            `mlops: the run queue starts ${queue.concurrency} run(s) at a time, fewer than the sweep's ${record.concurrency}; raise it with 'mlops queue concurrency ${record.concurrency}'\n`,
          );
        }
      }
      const progress = progressLine(ctx, `sweep ${sweepId}`);
      let record = await SweepDriver.drive({
        runner,
        sweepId,
        signal: ctx.signal,
        onChange: (r) => progress.update(r.trialRecords.filter((t) => t.endedAt).length, r.trials),
      });
      progress.done();
      if (ctx.signal.aborted && record.status === 'running') {
        ctx.stderr.write(`mlops: stopping sweep ${sweepId}…\n`);
        record = await requestSweepStop(runner, sweepId);
      }
      await runner.sidecarsWritten(ctx.signal);
      return { json: sweepJson(record), text: sweepText(record), exitCode: exitCodeOf(record) };
    } finally {
      await runner.close();
    }
  },
};
