import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsCommand } from '../../../src/cli/commands/runs';
import { showCommand } from '../../../src/cli/commands/show';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { runPaths } from '../../../src/core/store/layout';
import type { RunSummary } from '../../../src/core/tracking/types';
import { useTempDir } from '../../helpers/tempWorkspace';
import { cliContext } from './cliContext';

describe('cli: mlops runs and show', () => {
  const tmp = useTempDir('mlops-cli-runs-');
  let ids: string[];

  beforeEach(async () => {
    writeFileSync(
      join(tmp.path, 'mlops.yaml'),
      'experiments:\n  mlp:\n    command: [node, -e, "0"]\n    params: {lr: 0.1, layers: 2}\n    metric: {name: val_acc, goal: maximize}\n',
    );
    const store = new FileRunStore(tmp.path);
    ids = [];
    const runs: Array<[number, number, Record<string, string>]> = [
      [0.1, 0.7, { team: 'a' }],
      [0.01, 0.9, { team: 'b', best: '' }],
      [0.001, 0.8, {}],
    ];
    for (const [lr, acc, tags] of runs) {
      const run = await store.createRun({
        experiment: 'mlp',
        command: 'node',
        argv: ['node'],
        shell: false,
        cwd: tmp.path,
        params: { lr, layers: 2 },
        tags,
        name: `lr ${lr}`,
      });
      writeFileSync(runPaths(store.runDir(run.id)).metrics, JSON.stringify({ val_acc: acc, loss: 1 - acc, step: 3 }));
      await store.updateRun(run.id, { status: 'completed' });
      await store.refreshSummary(run.id);
      ids.push(run.id);
    }
  });

  const list = async (argv: string[]) =>
    (await runsCommand.run(cliContext(runsCommand, tmp.path, argv))).json as RunSummary[];

  it('sorts by a metric, a param or a field, ascending or descending', async () => {
    assert.deepEqual(
      (await list(['--sort', '-val_acc'])).map((r) => r.id),
      [ids[1], ids[2], ids[0]],
    );
    assert.deepEqual(
      (await list(['--sort', 'val_acc:desc'])).map((r) => r.id),
      [ids[1], ids[2], ids[0]],
    );
    assert.deepEqual(
      (await list(['--sort', 'param:lr'])).map((r) => r.id),
      [ids[2], ids[1], ids[0]],
    );
    assert.deepEqual(
      (await list(['--sort', 'id'])).map((r) => r.id),
      ids,
    );
  });

  it('refuses a sort key no run has, with the closest one', async () => {
    await assert.rejects(list(['--sort', 'x']), { kind: 'bad-input', message: /cannot sort by 'x'/ });
    await assert.rejects(list(['--sort', 'val_ac']), { kind: 'bad-input', hint: /Did you mean 'val_acc'\?/ });
  });

  it('filters by tag and by param value, and refuses a param no run has', async () => {
    assert.deepEqual((await list(['--tag', 'team'])).map((r) => r.id).sort(), [ids[0], ids[1]].sort());
    assert.deepEqual(
      (await list(['--tag', 'team=b'])).map((r) => r.id),
      [ids[1]],
    );
    assert.deepEqual(
      (await list(['--tag', 'best', '--tag', 'team=a'])).map((r) => r.id),
      [],
    );
    assert.deepEqual(
      (await list(['--param', 'lr=0.01'])).map((r) => r.id),
      [ids[1]],
    );
    await assert.rejects(list(['--param', 'nosuch=1']), { kind: 'bad-input', message: /no run has a param 'nosuch'/ });
    assert.equal((await list(['--experiment', 'mlp'])).length, 3);
    await assert.rejects(list(['--experiment', 'nosuch']), {
      kind: 'bad-input',
      message: /no run of experiment 'nosuch'/,
    });
  });

  it('shows the params that differ and the experiment main metric as columns', async () => {
    const result = await runsCommand.run(cliContext(runsCommand, tmp.path, ['--sort', '-val_acc']));
    const [header, first] = result.text!.split('\n');
    assert.match(
      header,
      /^ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+DURATION\s+LR\s+LAYERS\s+VAL_ACC \(max\)\s+LOSS$/,
    );
    assert.match(first, new RegExp(`^${ids[1]}\\s+lr 0.01\\s+mlp\\s+completed.*\\s0\\.01\\s+2\\s+0\\.9\\s+0\\.1$`));
  });

  it('show lists the run artifacts', async () => {
    const artifacts = runPaths(new FileRunStore(tmp.path).runDir(ids[0] as never)).artifacts;
    mkdirSync(join(artifacts, 'model'), { recursive: true });
    writeFileSync(join(artifacts, 'model', 'weights.bin'), Buffer.alloc(2048));
    const result = await showCommand.run(cliContext(showCommand, tmp.path, [ids[0]]));
    assert.match(result.text!, /^artifacts\/model\/weights\.bin\s+2\.0 KiB$/m);
    assert.deepEqual((result.json as { artifacts: unknown }).artifacts, [{ path: 'model/weights.bin', bytes: 2048 }]);
  });
});
