/**
 * dist/serve.js: one deployment's serving process, started and supervised by the backend or `mlops serve`. It
 * reads its WorkerConfig from MLOPS_SERVE_CONFIG, serves on 127.0.0.1:<port> and stops cleanly on SIGTERM/SIGINT
 * (pending log lines are written first).
 */
import { errorMessage } from '../../core/errors';
import { SERVE_CONFIG_ENV, type WorkerConfig } from './workerConfig';
import { startServing } from './startServing';

async function main(): Promise<void> {
  const raw = process.env[SERVE_CONFIG_ENV];
  if (!raw) {
    process.stderr.write(
      `serve.js is started by MLOps Workbench with ${SERVE_CONFIG_ENV}; use \`mlops serve <model>\`.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const config = JSON.parse(raw) as WorkerConfig;
  const serving = await startServing(config);
  process.stdout.write(
    `${new Date().toISOString()} serving ${config.model}${config.version !== null ? `:${config.version}` : ''} (${config.kind}) at ${serving.url}\n`,
  );
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${new Date().toISOString()} ${signal}: stopping\n`);
    void serving.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`${new Date().toISOString()} serving failed: ${errorMessage(err)}\n`);
  process.exit(1);
});
