import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE, removeWorkspace, testRunner, workspace } from './helpers';
import { storePaths } from '../../../src/core/store/layout';

const specWithData = (data: string[]) =>
  `experiments:\n  train:\n    command: [${JSON.stringify(NODE)}, train.js]\n    data: [${data.join(', ')}]\n`;

describe('lineage recorded by the backend', function () {
  this.timeout(30_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('refuses to launch when a declared data path is missing, naming it, and creates no run', async () => {
    dir = workspace({
      'mlops.yaml': specWithData(['data/train.csv', 'data/missing.csv']),
      'train.js': '',
      'data/train.csv': 'a\n1\n',
    });
    const { runner } = testRunner(dir);
    await assert.rejects(runner.launch({ experiment: 'train' }), /data path not found: data\/missing\.csv/);
    const runs = (() => {
      try {
        return readdirSync(storePaths(dir).runs);
      } catch {
        return [];
      }
    })();
    assert.deepEqual(runs, []);
    await runner.close();
  });

  it('records input hashes at launch, artifact hashes at the end, and the run it derives from', async () => {
    dir = workspace({
      'mlops.yaml': specWithData(['data/train.csv']),
      'data/train.csv': 'a\n1\n',
      'train.js': `const fs = require('fs'); const p = require('path');
        const out = p.join(process.env.MLOPS_RUN_DIR, 'artifacts', 'model');
        fs.mkdirSync(out, { recursive: true }); fs.writeFileSync(p.join(out, 'weights.bin'), 'w');`,
    });
    const { runner } = testRunner(dir, { captureLineage: true });
    const first = await runner.launch({ experiment: 'train' });
    await runner.waitForEnd(first.runId);
    const second = await runner.launch({ experiment: 'train', derivedFrom: first.runId });
    const record = await runner.waitForEnd(second.runId);
    assert.equal(record.status, 'completed');
    assert.equal(record.derivedFrom, first.runId);
    const input = record.data.find((d) => d.path === 'data/train.csv');
    assert.ok(input && input.sha256.length === 64, `inputs: ${JSON.stringify(record.data)}`);
    const output = record.data.find((d) => d.role === 'output');
    assert.ok(output, `no output recorded: ${JSON.stringify(record.data)}`);
    assert.match(output.path, /artifacts\/model$/);
    await runner.close();
  });

  it('runs the command in codeRoot (a copy of the workspace folder) while recording in the workspace', async () => {
    dir = workspace({
      'mlops.yaml': specWithData([]).replace('    data: []\n', ''),
      'train.js': 'console.log("workspace copy")',
      'data/x.csv': 'a\n',
    });
    const copy = join(dir, '..', `${require('node:path').basename(dir)}-worktree`);
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, 'train.js'), 'console.log("cwd=" + process.cwd())');
    const { runner } = testRunner(dir);
    try {
      const launched = await runner.launch({ experiment: 'train', codeRoot: copy });
      const record = await runner.waitForEnd(launched.runId);
      assert.equal(record.status, 'completed');
      assert.equal(record.cwd, copy);
    } finally {
      await runner.close();
      removeWorkspace(copy);
    }
  });
});
