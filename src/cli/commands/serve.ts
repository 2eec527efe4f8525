import { once } from 'node:events';
import { MlopsError } from '../../core/errors';
import { FileRegistryStore } from '../../core/registry';
import { DeploymentManager } from '../../backend/serving/deploymentManager';
import { option, type CliCommand, type CliContext } from '../command';
import { formatNumber, textTable } from '../textTable';

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new MlopsError(
      `--port ${text} is not a port`,
      'bad-input',
      'Give a number from 1 to 65535, or leave --port out to take a free one.',
    );
  return port;
}

async function list(manager: DeploymentManager) {
  const deployments = await manager.list();
  const rows = deployments.map((d) => [
    d.id,
    `${d.model}:${d.version}`,
    d.status,
    d.url ?? '',
    d.stats ? String(d.stats.requests) : '',
    d.stats?.p95 != null ? `${formatNumber(d.stats.p95)} ms` : '',
    d.stats ? String(d.stats.errors) : '',
  ]);
  return {
    json: deployments,
    text: deployments.length
      ? textTable(['DEPLOYMENT', 'VERSION', 'STATUS', 'URL', 'REQUESTS', 'P95', 'ERRORS'], rows)
      : 'no deployments',
  };
}

async function serveForeground(ctx: CliContext, manager: DeploymentManager, model: string) {
  const record = await manager.start({
    model,
    port: parsePort(option(ctx.args, 'port')),
    name: option(ctx.args, 'name'),
  });
  if (ctx.json) ctx.stdout.write(JSON.stringify(record) + '\n');
  else {
    ctx.stdout.write(`serving ${record.model}:${record.version} at ${record.url}\n`);
    ctx.stdout.write(
      `  POST ${record.url}/predict   GET ${record.url}/health   GET ${record.url}/metrics   POST ${record.url}/feedback\n`,
    );
    ctx.stdout.write(`  predictions are logged under .mlops/deployments/${record.id}/; Ctrl-C stops\n`);
  }
  const elsewhere = manager.stoppedElsewhere(record.id);
  const how = ctx.signal.aborted
    ? 'signal'
    : await Promise.race([
        once(ctx.signal, 'abort').then(() => 'signal' as const),
        elsewhere.then(() => 'elsewhere' as const),
      ]);
  if (how === 'elsewhere')
    return { text: ctx.json ? undefined : `${record.id} was stopped (mlops serve --stop or the Monitors view)` };
  const stopped = await manager.stop(record.id, 'Ctrl-C');
  return { text: ctx.json ? undefined : `stopped ${stopped.id}` };
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve <model>[@alias|:version] [--port N] [--name ID] | serve --list | serve --stop ID',
  summary:
    'serve a registered model on 127.0.0.1 (POST /predict, GET /health, GET /metrics, POST /feedback) until Ctrl-C',
  valueOptions: ['port', 'name', 'stop'],
  flags: ['list'],
  async run(ctx) {
    const manager = new DeploymentManager({ workspace: ctx.workspace, registry: new FileRegistryStore(ctx.workspace) });
    try {
      if (ctx.args.flags.has('list')) return await list(manager);
      const stop = option(ctx.args, 'stop');
      if (stop) {
        const stopped = await manager.stop(stop);
        return { json: stopped, text: `stopped ${stopped.id}` };
      }
      const [model] = ctx.args.positionals;
      if (!model)
        throw new MlopsError(
          'serve needs a model',
          'bad-input',
          "Give NAME, NAME@ALIAS or NAME:VERSION (see 'mlops models').",
        );
      return await serveForeground(ctx, manager, model);
    } finally {
      await manager.close();
    }
  },
};
