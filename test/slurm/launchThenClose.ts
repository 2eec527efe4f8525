/**
 * Child of the Slurm cluster test: launches one run on Slurm, closes the backend while the job runs, then returns.
 * The process must exit by itself: a closed backend that still polls squeue or follows the job's log would keep it
 * alive. Prints the run id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { testRunner } from '../unit/backend/helpers';

async function main(dir: string): Promise<void> {
  const { runner } = testRunner(dir);
  const { runId } = await runner.launch({ experiment: 'short' });
  const runJson = join(dir, '.mlops', 'runs', runId, 'run.json');
  while ((JSON.parse(readFileSync(runJson, 'utf8')) as { status: string }).status !== 'running') await delay(100);
  await runner.close();
  process.stdout.write(`${runId}\n`);
}

main(process.argv[2]!).catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
