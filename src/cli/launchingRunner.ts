import { Runner } from '../backend/runner';
import { option, type CliContext } from './command';

/** The runner of a CLI command that starts runs: `--python` or MLOPS_PYTHON picks Python; warnings go to stderr. */
export function launchingRunner(ctx: CliContext): Runner {
  return new Runner({
    workspace: ctx.workspace,
    role: 'cli',
    pythonPath: option(ctx.args, 'python') ?? process.env.MLOPS_PYTHON,
    log: (level, message) => {
      if (level !== 'info') ctx.stderr.write(`mlops: ${message}\n`);
    },
  });
}
