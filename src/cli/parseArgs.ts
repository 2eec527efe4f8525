import { parseArgs as parseArgv } from 'node:util';
import { MlopsError } from '../core/errors';
import type { CliArgs } from './command';

export interface OptionSpec {
  /** Options that take a value (each may be repeated; every value is kept). */
  values: readonly string[];
  /** Options that take no value. */
  flags: readonly string[];
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionSpec = { values: ['workspace'], flags: ['json', 'help'] };

/**
 * Strict parsing of one command's arguments: an option the command does not declare is an error (with the closest
 * declared name as a hint), as is a value given to a flag or a value option left without one.
 */
export function parseArgs(argv: string[], spec: OptionSpec): CliArgs {
  const declared = [...spec.values, ...spec.flags];
  const skipped = new Set<number>();
  const options: Record<string, { type: 'string' | 'boolean'; multiple: true }> = {};
  for (const name of spec.values) options[name] = { type: 'string', multiple: true };
  for (const name of spec.flags) options[name] = { type: 'boolean', multiple: true };
  const args = argv.slice();
  for (const token of parseArgv({ args: argv, options, strict: false, allowPositionals: true, tokens: true }).tokens) {
    if (token.kind === 'option-terminator') break;
    if (token.kind !== 'option') continue;
    if (!declared.includes(token.name)) throw unknownOption(token.rawName, declared);
    // `--sort -loss`, `--threshold -1`: a value with one leading dash is a value, not an option.
    if (token.inlineValue === false && typeof token.value === 'string' && /^-[^-]/.test(token.value)) {
      args[token.index] = `${token.rawName}=${token.value}`;
      args[token.index + 1] = '';
      skipped.add(token.index + 1);
    }
  }
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv({ args: args.filter((_, i) => !skipped.has(i)), options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new MlopsError(
      cleanNodeMessage(err),
      'bad-input',
      'Write --name VALUE for an option that takes a value, and --flag alone for one that does not.',
    );
  }
  const result: CliArgs = { positionals: parsed.positionals, options: new Map(), flags: new Set() };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (spec.flags.includes(name)) result.flags.add(name);
    else result.options.set(name, (value as string[]).map(String));
  }
  return result;
}

function unknownOption(rawName: string, declared: readonly string[]): MlopsError {
  const name = rawName.replace(/^-+/, '');
  const guess = closest(name, declared);
  const hint = guess ? `Did you mean --${guess}?` : `This command takes: ${declared.map((d) => `--${d}`).join(', ')}.`;
  return new MlopsError(`unknown option ${rawName}.`, 'bad-input', `${hint} 'mlops <command> --help' shows its usage.`);
}

/** The declared name nearest to `name`, when it is near enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  if (best !== undefined && (bestDistance <= limit || best.startsWith(name) || name.startsWith(best))) return best;
  return undefined;
}

/** Edit distance where a swap of two neighbouring letters counts as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        next[j] = Math.min(next[j], before[j - 2] + 1);
    }
    [before, row] = [row, next];
  }
  return row[b.length];
}

function cleanNodeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ');
}
