import { strict as assert } from 'node:assert';
import { main, splitCommand } from '../../../src/cli/main';
import { GLOBAL_OPTIONS, closest, parseArgs } from '../../../src/cli/parseArgs';
import { useTempDir } from '../../helpers/tempWorkspace';

const gateSpec = { values: [...GLOBAL_OPTIONS.values, 'to', 'reference', 'current'], flags: [...GLOBAL_OPTIONS.flags] };

/** Runs main() with stdout and stderr captured. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('cli: strict argument parsing', () => {
  const tmp = useTempDir('mlops-cli-args-');

  it('refuses an option the command does not declare, naming the closest one', () => {
    assert.throws(() => parseArgs(['churn', '3', '--curent', 'new.csv'], gateSpec), {
      kind: 'bad-input',
      message: /unknown option --curent/,
      hint: /Did you mean --current\?/,
    });
    assert.throws(
      () => parseArgs(['--zzzzzz'], gateSpec),
      (err: Error & { hint?: string }) => !/Did you mean/.test(err.hint ?? '') && /--reference/.test(err.hint ?? ''),
    );
  });

  it('refuses a value given to a flag and a value option left without one', () => {
    assert.throws(() => parseArgs(['--json=yes'], gateSpec), { kind: 'bad-input' });
    assert.throws(() => parseArgs(['churn', '--to'], gateSpec), { kind: 'bad-input' });
  });

  it('keeps every value of a repeated option, positionals in order, and what follows --', () => {
    const args = parseArgs(['a', '--to', 'x', '--to=y', 'b', '--json', '--', '--not-an-option'], gateSpec);
    assert.deepEqual(args.positionals, ['a', 'b', '--not-an-option']);
    assert.deepEqual(args.options.get('to'), ['x', 'y']);
    assert.ok(args.flags.has('json'));
  });

  it('suggests only names near enough to be typos', () => {
    assert.equal(closest('curent', ['reference', 'current']), 'current');
    assert.equal(closest('refrence', ['reference', 'current']), 'reference');
    assert.equal(closest('banana', ['reference', 'current']), undefined);
  });

  it('accepts --workspace before the command name', () => {
    assert.deepEqual(splitCommand(['--workspace', '/w', 'runs', '--json']), {
      name: 'runs',
      rest: ['--json', '--workspace', '/w'],
    });
    assert.deepEqual(splitCommand(['--workspace=/w', '--json', 'show', 'x']), {
      name: 'show',
      rest: ['x', '--workspace=/w', '--json'],
    });
  });

  it('mlops gate churn 3 --curent new.csv exits 2 with a did-you-mean, and reads no data', async () => {
    const result = await cli(['gate', 'churn', '3', '--curent', 'new.csv', '--workspace', tmp.path]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --curent.*Did you mean --current\?/s);
  });

  it('mlops --workspace DIR runs lists the runs of DIR', async () => {
    const result = await cli(['--workspace', tmp.path, 'runs', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  it('an unknown command names the closest one', async () => {
    const result = await cli(['rnus']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Did you mean 'runs'\?/);
  });
});
