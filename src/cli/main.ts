import { resolve } from 'node:path';
import { MlopsError, errorMessage } from '../core/errors';
import type { CliCommand, CliContext } from './command';
import { commands } from './commands/index';
import { GLOBAL_OPTIONS, closest, parseArgs } from './parseArgs';

function usage(): string {
  const width = commands.reduce((w, c) => Math.max(w, c.usage.length), 0);
  const lines = commands.map((c) => `  mlops ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mlops [--workspace DIR] <command> [options]   (every command takes --workspace DIR and --json)',
    '',
    ...lines,
    '',
    'Exit codes: 0 success; 1 failed run, failed gate or detected drift; 2 bad input.',
  ].join('\n');
}

/** Global options written before the command name (`mlops --workspace DIR runs`) move after it. */
export function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i];
    if (arg === '--workspace' && i + 1 < argv.length) {
      leading.push(arg, argv[i + 1]);
      i += 2;
    } else if (arg.startsWith('--workspace=') || arg === '--json') {
      leading.push(arg);
      i += 1;
    } else break;
  }
  const name = argv[i];
  return { name, rest: [...argv.slice(i + 1), ...leading] };
}

export async function main(argv: string[]): Promise<number> {
  const { name, rest } = splitCommand(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${require('../../package.json').version}\n`);
    return 0;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    const guess = closest(
      name,
      commands.map((c) => c.name),
    );
    process.stderr.write(
      `mlops: unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Run 'mlops --help' for the list.\n`,
    );
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let json = rest.includes('--json');
  try {
    const args = parseArgs(rest, {
      values: [...GLOBAL_OPTIONS.values, ...(command.valueOptions ?? [])],
      flags: [...GLOBAL_OPTIONS.flags, ...(command.flags ?? [])],
    });
    json = args.flags.has('json');
    if (args.flags.has('help')) {
      process.stdout.write(`Usage: mlops ${command.usage}\n${command.summary}\n`);
      return 0;
    }
    const ctx: CliContext = {
      workspace: resolve(args.options.get('workspace')?.at(-1) ?? process.cwd()),
      json,
      args,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
      isTTY: Boolean(process.stderr.isTTY),
    };
    const result = await command.run(ctx);
    if (json && result.streamJson) await result.streamJson(ctx.stdout);
    else if (json && result.json !== undefined) process.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
    else if (!json && result.text !== undefined)
      process.stdout.write(result.text.endsWith('\n') ? result.text : result.text + '\n');
    return result.exitCode ?? 0;
  } catch (err) {
    const code =
      err instanceof MlopsError && err.kind !== 'internal' && err.kind !== 'io'
        ? err.kind === 'cancelled'
          ? 130
          : 2
        : 2;
    process.stderr.write(`mlops ${name}: ${errorMessage(err)}\n`);
    if (!(err instanceof MlopsError) && process.env.MLOPS_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    if (json) process.stdout.write(JSON.stringify({ error: errorMessage(err) }) + '\n');
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  // The reader went away (`mlops runs | head -1`): stop at once, quietly, with status 0 as `git log | head` does;
  // exiting also ends long writers such as `mlops metrics --json` instead of reading on for nobody.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`mlops: ${errorMessage(err)}\n`);
      process.exitCode = 2;
    },
  );
}
