/**
 * dist/backend.js: forked by the extension with an IPC channel (see src/protocol/backend.ts). It sends `ready`
 * once it takes requests (wait for it: requests sent earlier are not read). It exits when its parent disconnects,
 * letting running training processes go on: they run detached in their own process groups and the next backend
 * re-adopts them.
 */
import { errorMessage } from '../core/errors';
import { BACKEND_ENV, type BackendEvent } from '../protocol/backend';
import { serveBackend } from './ipc/server';
import { BackendService } from './service/backendService';

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write(
      'dist/backend.js is started by the MLOps Workbench extension (fork with IPC); use dist/cli.js in a terminal.\n',
    );
    process.exitCode = 2;
    return;
  }
  const workspace = process.env[BACKEND_ENV.workspace] ?? process.cwd();
  const early: BackendEvent[] = [];
  let send: (event: BackendEvent) => void = (event) => early.push(event);
  let service: BackendService | undefined;
  let exiting = false;
  const exit = () => {
    if (exiting) return;
    exiting = true;
    void (service ? service.close() : Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
  service = await BackendService.start({
    workspace,
    pythonPath: process.env[BACKEND_ENV.pythonPath] || undefined,
    emit: (event) => send(event),
    onShutdown: () => process.exit(0),
  });
  const server = serveBackend(process, service.handlers);
  send = server.sendEvent;
  for (const event of early.splice(0)) send(event);
  process.send({ kind: 'ready', pid: process.pid, workspace });
}

main().catch((err) => {
  process.stderr.write(`mlops backend: ${errorMessage(err)}\n`);
  process.exit(1);
});
