import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { lineageCommand } from '../../../src/cli/commands/lineage';
import type { CliContext } from '../../../src/cli/command';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { LineageGraphJson } from '../../../src/core/lineage/graph';
import { tempDir } from './tempRepo';
import { git, sha } from './runFixtures';

function context(workspace: string, positionals: string[], options: Record<string, string> = {}): CliContext {
  return {
    workspace,
    json: true,
    args: {
      positionals,
      options: new Map(Object.entries(options).map(([k, v]) => [k, [v]])),
      flags: new Set(['json']),
    },
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    signal: new AbortController().signal,
    isTTY: false,
  };
}

describe('lineage: mlops lineage', () => {
  let ws: string;
  let store: FileRunStore;
  beforeEach(() => {
    ws = tempDir('lineage-cli-');
    store = new FileRunStore(ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('prints the graph around a run, found by an id prefix, as JSON and as a tree', async () => {
    const run = await store.createRun({
      experiment: 'mlp',
      command: 'python train.py',
      argv: ['python', 'train.py'],
      shell: false,
      cwd: ws,
    });
    await store.updateRun(run.id, {
      status: 'completed',
      git: git('ab'.repeat(20)),
      data: [{ path: 'data/train.csv', sha256: sha('1'), bytes: 3, role: 'input' }],
    });
    const other = await store.createRun({ experiment: 'other', command: 'x', argv: ['x'], shell: false, cwd: ws });
    const result = await lineageCommand.run(context(ws, [run.id.slice(0, 12)]));
    const json = result.json as LineageGraphJson;
    assert.equal(json.root, `run:${run.id}`);
    assert.deepEqual(json.nodes.map((n) => n.kind).sort(), ['commit', 'dataset', 'run']);
    assert.ok(!json.nodes.some((n) => n.id === `run:${other.id}`));
    assert.match(result.text!, /← \[trained-on\] dataset data\/train\.csv/);
    const down = (await lineageCommand.run(context(ws, [run.id], { direction: 'down' }))).json as LineageGraphJson;
    assert.deepEqual(
      down.nodes.map((n) => n.kind),
      ['run'],
    );
  });

  it('refuses an unknown model version and a bad depth with exit-2 errors', async () => {
    await assert.rejects(lineageCommand.run(context(ws, ['churn:7'])), {
      kind: 'not-found',
      message: /no model version 'churn:7'/,
    });
    await assert.rejects(lineageCommand.run(context(ws, ['x'], { depth: '0' })), { kind: 'bad-input' });
    await assert.rejects(lineageCommand.run(context(ws, ['x'], { direction: 'sideways' })), { kind: 'bad-input' });
    await assert.rejects(lineageCommand.run(context(ws, ['nope'])), { kind: 'not-found' });
  });
});
