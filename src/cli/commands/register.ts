import { MlopsError } from '../../core/errors';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { registerRun } from '../../core/registry/registration';
import { option, type CliCommand } from '../command';
import { formatNumber } from '../textTable';

export const registerCommand: CliCommand = {
  name: 'register',
  usage: 'register <run-id> --model NAME [--artifact PATH] [--description TEXT]',
  summary: "register a completed run's artifact as the next version of a model",
  valueOptions: ['model', 'artifact', 'description'],
  async run(ctx) {
    const [run] = ctx.args.positionals;
    const model = option(ctx.args, 'model');
    if (!run)
      throw new MlopsError(
        'register needs a run id',
        'bad-input',
        "Run 'mlops runs --status completed' to list run ids.",
      );
    if (!model)
      throw new MlopsError(
        'register needs --model NAME',
        'bad-input',
        'Name the model the version belongs to, e.g. --model churn.',
      );
    const store = new FileRegistryStore(ctx.workspace);
    const version = await registerRun(store, {
      run,
      model,
      artifact: option(ctx.args, 'artifact'),
      description: option(ctx.args, 'description'),
      signal: ctx.signal,
    });
    const metrics = Object.entries(version.metrics)
      .slice(0, 6)
      .map(([k, v]) => `${k}=${formatNumber(v)}`)
      .join(' ');
    const text = [
      `registered ${version.model}:${version.version} from run ${version.runId}`,
      `artifact   ${version.artifact.path} (${version.artifact.files.length} file${version.artifact.files.length === 1 ? '' : 's'}, sha256 ${version.artifact.sha256.slice(0, 12)}…)`,
      ...(metrics ? [`metrics    ${metrics}`] : []),
      `next       mlops gate ${version.model} ${version.version} --to staging`,
    ].join('\n');
    return { json: version, text };
  },
};
