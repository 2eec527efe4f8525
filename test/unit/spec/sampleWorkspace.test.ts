import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { scanWorkspaceForScripts } from '../../../src/core/spec/discoverScripts';
import { loadSpec } from '../../../src/core/spec/loadSpec';
import { listSampleFiles, writeSampleWorkspace } from '../../../src/core/spec/sampleWorkspace';

const quickstart = join(__dirname, '..', '..', '..', 'examples', 'quickstart');

describe('the quickstart sample workspace', () => {
  let target: string;
  beforeEach(() => (target = mkdtempSync(join(tmpdir(), 'mlops-sample-'))));
  afterEach(() => rmSync(target, { recursive: true, force: true }));

  it('holds a spec, a Python and a Node training script, the data and its generator', async () => {
    assert.deepEqual(await listSampleFiles(quickstart), [
      'README.md',
      'data/current.csv',
      'data/generate.py',
      'data/test.csv',
      'data/train.csv',
      'mlops.yaml',
      'train.js',
      'train.py',
    ]);
  });

  it('is written into an empty workspace, where the spec is valid and both scripts are found', async () => {
    const result = await writeSampleWorkspace(quickstart, target);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.written.length, 8);
    const loaded = await loadSpec(target);
    assert.equal(loaded.status, 'ok');
    assert.deepEqual(Object.keys(loaded.spec!.experiments), ['py-linear', 'node-linear', 'churn-tfjs']);
    const scripts = await scanWorkspaceForScripts(target);
    assert.deepEqual(
      scripts.map((s) => [s.name, s.language]),
      [
        ['train.js', 'javascript'],
        ['train.py', 'python'],
      ],
    );
  });

  it('never overwrites what the workspace already has', async () => {
    writeFileSync(join(target, 'mlops.yaml'), 'experiments: {}\n');
    mkdirSync(join(target, 'data'));
    writeFileSync(join(target, 'data', 'train.csv'), 'mine\n');
    const result = await writeSampleWorkspace(quickstart, target);
    assert.deepEqual(result.skipped, ['data/train.csv', 'mlops.yaml']);
    assert.equal(readFileSync(join(target, 'mlops.yaml'), 'utf8'), 'experiments: {}\n');
    assert.equal(readFileSync(join(target, 'data', 'train.csv'), 'utf8'), 'mine\n');
    assert.ok(result.written.includes('train.py'));
  });

  it('says so when the sample itself is missing', async () => {
    await assert.rejects(
      writeSampleWorkspace(join(target, 'nowhere'), target),
      (err: unknown) => err instanceof MlopsError && err.kind === 'not-found',
    );
  });

  it('has data that data/generate.py reproduces byte for byte: 2,000 training rows with the documented columns', () => {
    for (const file of ['train.csv', 'test.csv', 'current.csv']) writeFileSync(join(target, file), '');
    const generator = readFileSync(join(quickstart, 'data', 'generate.py'), 'utf8');
    writeFileSync(join(target, 'generate.py'), generator);
    execFileSync('python3', [join(target, 'generate.py')]);
    for (const file of ['train.csv', 'test.csv', 'current.csv']) {
      assert.equal(
        readFileSync(join(target, file), 'utf8'),
        readFileSync(join(quickstart, 'data', file), 'utf8'),
        file,
      );
    }
    const rows = readFileSync(join(quickstart, 'data', 'train.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(rows[0], 'age,income,plan,tenure_months,support_calls,churned');
    assert.equal(rows.length, 2001);
    const churned = rows.slice(1).map((r) => r.split(',')[5]);
    assert.deepEqual([...new Set(churned)].sort(), ['0', '1']);
    assert.deepEqual([...new Set(rows.slice(1).map((r) => r.split(',')[2]))].sort(), ['basic', 'enterprise', 'pro']);
  });
});
