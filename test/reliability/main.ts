/**
 * The reliability harness: kill -9 at random moments, two backends plus a CLI on one store, and fuzzing of the
 * spec, metric lines, data files and HTTP bodies. It prints its figures, then `N passed, N failed` (invariants),
 * and exits 1 when any invariant was violated.
 *
 *   npm run test:reliability                       short form (CI): ~30 kills, 2 rounds, ~500 fuzz cases each
 *   MLOPS_RELIABILITY=full npm run test:reliability  full figures: 1,000 kills, 10 rounds, 10,000 cases each
 *   npm run test:reliability -- --only kill,fuzz-spec --seed 7
 */
import { rmSync } from 'node:fs';
import { concurrencySection } from './concurrency';
import { dataFuzzSection } from './fuzz/data';
import { httpFuzzSection } from './fuzz/http';
import { metricLineFuzzSection } from './fuzz/metricLines';
import { specFuzzSection } from './fuzz/spec';
import { killSection } from './kill';
import { requireBuild } from './lib/cli';
import { Tally } from './lib/tally';
import { makeRoot } from './lib/workspace';

class StrayErrors {
  readonly tally = new Tally('errors that escaped every handler');
  count = 0;
  first = '';

  record(kind: string, err: unknown): void {
    this.count++;
    const text = `${kind}: ${(err as Error)?.stack ?? String(err)}`;
    this.first ||= text;
    process.stderr.write(`reliability harness: ${text.split('\n').slice(0, 4).join('\n')}\n`);
  }
}

interface Sizes {
  kills: number;
  rounds: number;
  fuzz: number;
  cliFuzz: number;
  /** Kill workers run in pairs: one workspace driven by CLIs, one by a backend. */
  pairs: number;
}

const SHORT: Sizes = { kills: 30, rounds: 2, fuzz: 500, cliFuzz: 20, pairs: 1 };
const FULL: Sizes = { kills: 1000, rounds: 10, fuzz: 10_000, cliFuzz: 300, pairs: 2 };

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  requireBuild();
  const full = process.env.MLOPS_RELIABILITY === 'full' || process.argv.includes('--full');
  const sizes = { ...(full ? FULL : SHORT) };
  for (const key of Object.keys(sizes) as Array<keyof Sizes>) {
    const v = argValue(key);
    if (v !== undefined) sizes[key] = Number(v);
  }
  const seed = Number(argValue('seed') ?? 17);
  const only = argValue('only')?.split(',');
  const root = makeRoot();
  const sections: Array<[string, () => Promise<Tally>]> = [
    ['fuzz-spec', () => specFuzzSection(sizes.fuzz, seed)],
    ['fuzz-metrics', () => metricLineFuzzSection(root, sizes.fuzz, sizes.cliFuzz, seed)],
    ['fuzz-data', () => dataFuzzSection(root, sizes.fuzz, sizes.cliFuzz, seed)],
    ['fuzz-http', () => httpFuzzSection(root, sizes.fuzz, seed)],
    ['concurrency', () => concurrencySection(root, sizes.rounds, seed)],
    ['kill', () => killSection(root, sizes.kills, seed, sizes.pairs)],
  ];
  process.stdout.write(
    `reliability harness, ${full ? 'full' : 'short'} form: ${JSON.stringify(sizes)}, seed ${seed}, workspaces under ${root}\n`,
  );
  const tallies: Tally[] = [];
  // Product code that loses a promise (an unhandled rejection) would end the harness; count it as a violation instead.
  const stray = new StrayErrors();
  process.on('unhandledRejection', (err) => stray.record('unhandled rejection', err));
  process.on('uncaughtException', (err) => stray.record('uncaught exception', err));
  for (const [name, run] of sections) {
    if (only && !only.includes(name)) continue;
    const started = Date.now();
    let tally: Tally;
    try {
      tally = await run();
    } catch (err) {
      tally = new Tally(name);
      tally.check('the section runs to its end', false, () => (err as Error).stack ?? String(err));
    }
    tally.figure(`(section took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    tally.print();
    tallies.push(tally);
  }
  stray.tally.check(
    'no unhandled rejection or uncaught exception escapes product code',
    stray.count === 0,
    () => stray.first,
  );
  stray.tally.print();
  tallies.push(stray.tally);
  const counts = tallies.flatMap((t) => t.counts);
  const failed = counts.filter((c) => c.failed > 0).length;
  if (failed === 0 && !process.env.MLOPS_RELIABILITY_KEEP) rmSync(root, { recursive: true, force: true });
  process.stdout.write(`\n${counts.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`reliability harness: ${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
