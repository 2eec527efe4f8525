import { PassThrough } from 'node:stream';
import type { CliContext, CliCommand } from '../../../src/cli/command';
import { GLOBAL_OPTIONS, parseArgs } from '../../../src/cli/parseArgs';

/** A context for calling a command directly, with `argv` parsed as main() parses it; stderr is collected. */
export function cliContext(
  command: CliCommand,
  workspace: string,
  argv: string[],
): CliContext & { errors: () => string } {
  const args = parseArgs(argv, {
    values: [...GLOBAL_OPTIONS.values, ...(command.valueOptions ?? [])],
    flags: [...GLOBAL_OPTIONS.flags, ...(command.flags ?? [])],
  });
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c));
  return {
    workspace,
    json: args.flags.has('json'),
    args,
    stdout: new PassThrough(),
    stderr,
    signal: new AbortController().signal,
    isTTY: false,
    errors: () => Buffer.concat(chunks).toString('utf8'),
  };
}
