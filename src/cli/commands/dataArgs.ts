import { resolve } from 'node:path';
import { MlopsError } from '../../core/errors';
import { option, type CliContext } from '../command';

/** A required path option, resolved against --workspace; `-` is standard input. */
export function requiredPath(ctx: CliContext, name: string): string {
  const value = option(ctx.args, name);
  if (!value)
    throw new MlopsError(
      `--${name} is required`,
      'bad-input',
      `Pass --${name} PATH (a CSV, JSON Lines or Parquet file), or - for standard input.`,
    );
  return dataPath(ctx, value);
}

/** A data file named on the command line: `-` reads standard input; pipes such as `<(cmd)` are read as streams. */
export function dataPath(ctx: CliContext, value: string): string {
  return value === '-' ? STDIN : resolve(ctx.workspace, value);
}

const STDIN = '/dev/stdin';

/** Standard input can feed one of the files only. */
export function refuseTwoStdins(...paths: string[]): void {
  if (paths.filter((p) => p === STDIN).length > 1)
    throw new MlopsError(
      'standard input (-) can feed only one of the files',
      'bad-input',
      'Pass the other one as a file or as <(command).',
    );
}

/** A number option within [min, max]. */
export function numberOption(ctx: CliContext, name: string, min: number, max: number): number | undefined {
  const raw = option(ctx.args, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
    throw new MlopsError(`--${name} must be a number between ${min} and ${max}, got '${raw}'`, 'bad-input');
  }
  return v;
}

/** Repeated `col=value` options as a map. */
export function keyValueOptions(values: string[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of values) {
    const eq = kv.lastIndexOf('=');
    if (eq <= 0 || eq === kv.length - 1) throw new MlopsError(`--${name} takes COLUMN=VALUE, got '${kv}'`, 'bad-input');
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}
