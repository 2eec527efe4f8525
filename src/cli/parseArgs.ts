import { MlopsError } from '../core/errors';
import type { CliArgs } from './command';

/**
 * Splits argv into positionals, value options and flags. `--name value` and `--name=value` are both accepted
 * for options listed in `valueOptions`.
 */
export function parseArgs(argv: string[], valueOptions: ReadonlySet<string>): CliArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!valueOptions.has(name)) {
      if (eq !== -1) throw new MlopsError(`option --${name} takes no value`, 'bad-input');
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new MlopsError(`option --${name} needs a value`, 'bad-input', `Write --${name} VALUE.`);
    const list = options.get(name) ?? [];
    list.push(value);
    options.set(name, list);
  }
  return { positionals, options, flags };
}
