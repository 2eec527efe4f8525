import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { driftCommand } from '../../../src/cli/commands/drift';
import { profileCommand } from '../../../src/cli/commands/profile';
import { validateCommand } from '../../../src/cli/commands/validate';
import type { DataProfile } from '../../../src/core/data/profile';
import { runDataJob, TableCache } from '../../../src/extension/drift/dataJobs';
import { DEFAULT_SETTINGS } from '../../../src/extension/drift/driftSettings';
import { useTempDir } from '../../helpers/tempWorkspace';
import { cliContext } from './cliContext';

const REPO = resolve(__dirname, '..', '..', '..');
const CLI = [process.execPath, '-r', require.resolve('tsx/cjs'), join(REPO, 'src', 'cli', 'main.ts')]
  .map((a) => `'${a}'`)
  .join(' ');

function rows(n: number, shift = 0): string {
  const lines = ['x,y,c'];
  for (let i = 0; i < n; i++) lines.push(`${(i % 100) + shift},${(i * 7) % 13},${i % 3 === 0 ? 'a' : 'b'}`);
  return lines.join('\n') + '\n';
}

/** Runs a bash command line (for `<(…)` and pipes) and returns its exit code and output. */
async function bash(line: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', line], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cli: drift, profile and validate inputs', function () {
  this.timeout(60_000);
  const tmp = useTempDir('mlops-cli-inputs-');
  const file = (name: string, text: string) => {
    writeFileSync(join(tmp.path, name), text);
    return name;
  };
  const run = (command: typeof driftCommand, argv: string[]) => command.run(cliContext(command, tmp.path, argv));

  describe('pipes and standard input', () => {
    it('drift reads --current from a FIFO', async () => {
      file('ref.csv', rows(500));
      const fifo = join(tmp.path, 'current.fifo');
      execFileSync('mkfifo', [fifo]);
      const writer = createWriteStream(fifo);
      writer.end(rows(500, 50));
      const result = await run(driftCommand, ['--reference', 'ref.csv', '--current', fifo, '--json']);
      const json = result.json as { tested: number; columns: Array<{ column: string; drifted: boolean }> };
      assert.equal(json.tested, 3);
      assert.deepEqual(
        json.columns.filter((c) => c.drifted).map((c) => c.column),
        ['x'],
      );
    });

    it('profile reads a FIFO', async () => {
      const fifo = join(tmp.path, 'data.fifo');
      execFileSync('mkfifo', [fifo]);
      createWriteStream(fifo).end(rows(1000));
      const json = (await run(profileCommand, [fifo, '--json'])).json as DataProfile;
      assert.equal(json.rowCount, 1000);
      assert.equal(json.columnCount, 3);
    });

    it('mlops drift --current <(cat …) and --current - read the stream, like a file', async () => {
      file('ref.csv', rows(500));
      file('cur.csv', rows(500, 50));
      const fromFile = await bash(`${CLI} drift --reference ref.csv --current cur.csv --json`, tmp.path);
      const substituted = await bash(`${CLI} drift --reference ref.csv --current <(cat cur.csv) --json`, tmp.path);
      const piped = await bash(`cat cur.csv | ${CLI} drift --reference ref.csv --current - --json`, tmp.path);
      assert.equal(fromFile.code, 0, fromFile.stderr);
      for (const r of [substituted, piped]) {
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout).columns, JSON.parse(fromFile.stdout).columns);
      }
      const twice = await bash(`${CLI} drift --reference - --current - < cur.csv`, tmp.path);
      assert.equal(twice.code, 2);
      assert.match(twice.stderr, /standard input \(-\) can feed only one/);
    });
  });

  describe('nothing to test is an error, not "no drift"', () => {
    beforeEach(() => file('ref.csv', rows(200)));

    it('a header-only current file', async () => {
      file('head.csv', 'x,y,c\n');
      await assert.rejects(run(driftCommand, ['--reference', 'ref.csv', '--current', 'head.csv']), {
        kind: 'bad-input',
        message: /no column could be tested: the current data has no rows/,
      });
    });

    it('an unknown delimiter, with a hint about it', async () => {
      file('caret.csv', 'x^y^c\n1^2^a\n3^4^b\n');
      await assert.rejects(run(driftCommand, ['--reference', 'ref.csv', '--current', 'caret.csv']), {
        kind: 'bad-input',
        message: /share no column \(reference: x, y, c; current: x\^y\^c\)/,
        hint: /delimiter/,
      });
    });

    it('disjoint columns', async () => {
      file('other.csv', 'p,q\n1,2\n3,4\n');
      await assert.rejects(run(driftCommand, ['--reference', 'ref.csv', '--current', 'other.csv']), {
        kind: 'bad-input',
        message: /share no column/,
      });
    });

    it('the CLI exits 2 with the reason', async () => {
      file('head.csv', 'x,y,c\n');
      const r = await bash(`${CLI} drift --reference ref.csv --current head.csv`, tmp.path);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no column could be tested/);
      assert.doesNotMatch(r.stdout, /no dataset drift/);
    });

    it('the drift panel job refuses it with the same reason', async () => {
      file('head.csv', 'x,y,c\n');
      const job = {
        kind: 'drift' as const,
        reference: join(tmp.path, 'ref.csv'),
        current: join(tmp.path, 'head.csv'),
        settings: DEFAULT_SETTINGS,
      };
      await assert.rejects(
        runDataJob(job, new TableCache(), new AbortController().signal, () => undefined),
        { kind: 'bad-input', message: /no column could be tested: the current data has no rows/ },
      );
    });

    it('validate refuses a header-only current file', async () => {
      file('head.csv', 'x,y,c\n');
      await assert.rejects(run(validateCommand, ['--reference', 'ref.csv', '--current', 'head.csv']), {
        kind: 'bad-input',
        message: /has no rows: it holds only a header \(3 columns\)/,
      });
    });
  });
});
