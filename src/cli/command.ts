import type { MlopsError } from '../core/errors';

/** Parsed command line: positionals and options (repeatable options keep every value). */
export interface CliArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export interface CliContext {
  workspace: string;
  json: boolean;
  args: CliArgs;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  isTTY: boolean;
}

/** What a command returns: its JSON document (printed with --json), its text form, and its exit code. */
export interface CliResult {
  json?: unknown;
  /** For documents too large to build in memory: writes the --json document to `out` piece by piece instead. */
  streamJson?: (out: NodeJS.WritableStream) => Promise<void>;
  text?: string;
  exitCode?: number;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Options that take a value (besides the global --workspace). */
  valueOptions?: string[];
  /** Options that take no value (besides the global --json and --help). Any other option is an error. */
  flags?: string[];
  run(ctx: CliContext): Promise<CliResult>;
}

export type { MlopsError };

export function option(args: CliArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function optionAll(args: CliArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}
