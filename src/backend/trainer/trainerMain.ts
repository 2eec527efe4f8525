/**
 * Entry of the tfjs trainer child process (dist/trainer.js). Reads the run from the MLOPS_* environment, trains,
 * and exits 0 when done, 143 when stopped by SIGTERM/SIGINT (after saving what it has), 2 on bad input, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { CancelledError, MlopsError, errorMessage } from '../../core/errors';
import type { ExperimentSpec } from '../../core/spec/types';
import { parseEngineName } from './engine/selectEngine';
import { runTrainer } from './runTrainer';

const EXIT_STOPPED = 143;

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new MlopsError(
      `${name} is not set`,
      'bad-input',
      'The tfjs trainer is started by the MLOps backend; use `mlops run <experiment>`.',
    );
  return v;
}

function readJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MlopsError(`${what} is not valid JSON: ${(err as Error).message}`, 'bad-input');
  }
}

async function main(): Promise<number> {
  // The run keeps going (and saving) if whoever reads our output goes away.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) process.exit(EXIT_STOPPED);
    process.stdout.write(`${sig} received: stopping after the current batch and saving the model\n`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const configPath = requireEnv('MLOPS_TRAINER_CONFIG');
    const spec = readJson(configPath, readFileSync(configPath, 'utf8')) as ExperimentSpec;
    const params = readJson('MLOPS_PARAMS', process.env.MLOPS_PARAMS || '{}') as Record<string, unknown>;
    const report = await runTrainer({
      runDir: requireEnv('MLOPS_RUN_DIR'),
      workspace: process.env.MLOPS_WORKSPACE || process.cwd(),
      runId: process.env.MLOPS_RUN_ID,
      spec,
      params,
      signal: controller.signal,
      engine: parseEngineName(process.env.MLOPS_TFJS_ENGINE),
    });
    return report.stoppedBySignal ? EXIT_STOPPED : 0;
  } catch (err) {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    if (err instanceof CancelledError) return EXIT_STOPPED;
    if (!(err instanceof MlopsError)) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return err instanceof MlopsError && err.kind === 'bad-input' ? 2 : 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
