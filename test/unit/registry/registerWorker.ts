/** Child process for the concurrency test: registers each given run as a version of `churn`. */
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { registerRun } from '../../../src/core/registry/registration';

async function main(): Promise<void> {
  const [workspace, ...runs] = process.argv.slice(2);
  const store = new FileRegistryStore(workspace);
  for (const run of runs) {
    const v = await registerRun(store, { run, model: 'churn', user: `worker-${process.pid}` });
    process.stdout.write(`${run} ${v.version}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
