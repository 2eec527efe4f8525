import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams } from '../../../src/core/tracking/runReader';
import { removeWorkspace, spec, testRunner, workspace } from './helpers';

const fixtures = join(__dirname, '../../fixtures/tensorboard');

function tensorboardXMissing(): string | null {
  try {
    execFileSync('python3', ['-c', 'import tensorboardX'], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return ((err as { stderr?: Buffer }).stderr?.toString() ?? String(err)).trim().split('\n').pop() ?? 'unknown';
  }
}

describe('mlops run of a script that writes TensorBoard event files', function () {
  this.timeout(60_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('imports its scalars and hparams into the run when it ends (tensorboardX, for real)', async function () {
    const missing = tensorboardXMissing();
    if (missing) {
      console.log(`      skipped: tensorboardX is not importable (${missing})`);
      return this.skip();
    }
    dir = workspace({
      'mlops.yaml': spec({ tb: { command: ['python3', 'train.py'] } }),
      'train.py': [
        'from tensorboardX import SummaryWriter',
        'w = SummaryWriter("runs/exp")',
        'for step in range(20):',
        '    w.add_scalar("loss/train", 1.0 / (step + 1), step)',
        'w.close()',
      ].join('\n'),
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'tb' });
    const record = await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.equal(record.status, 'completed', log);
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/loss/train.tsv'), 'loss/train');
    assert.deepEqual(
      loss.points.map((p) => p.step),
      [...Array(20).keys()],
    );
    assert.equal(loss.points[1].value, 0.5);
    assert.match(log, /mlops: imported 20 TensorBoard point\(s\) of 1 scalar tag\(s\) from runs\/exp/);
    const summary = (await runner.ctx.store.listRuns()).find((r) => r.id === runId)!;
    assert.equal(
      summary.metrics['loss/train'],
      Math.fround(1 / 20),
      `metrics.json follows the imported series: ${JSON.stringify(summary.metrics)} ${readFileSync(join(runDir, 'metrics.json'), 'utf8')}`,
    );
    await runner.close();
  });

  it('warns, in the run log, about event files it could not read, and imports the rest; hparams become params', async () => {
    const truncated = join(fixtures, 'bad/truncated', readdirSync(join(fixtures, 'bad/truncated'))[0]);
    const hparamsDir = join(fixtures, 'logs/torch/hparams');
    const hparams = join(hparamsDir, readdirSync(hparamsDir)[0]);
    dir = workspace({
      'mlops.yaml': spec({
        copy: {
          command: [
            'python3',
            'copy.py',
            truncated,
            'logs/a/events.out.tfevents.1.x',
            hparams,
            'logs/b/events.out.tfevents.2.x',
          ],
        },
      }),
      // The script "writes" its event files by copying fixtures: one cut short, one whole with hparams.
      'copy.py':
        'import shutil, sys\nfor src, dst in zip(sys.argv[1::2], sys.argv[2::2]):\n    import os; os.makedirs(os.path.dirname(dst), exist_ok=True); shutil.copyfile(src, dst)\n',
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'copy' });
    await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.match(
      log,
      /mlops: TensorBoard event file logs\/a\/events\.out\.tfevents\.1\.x could not be read in full: the last record .* is cut short/,
    );
    assert.match(log, /mlops: warning: 1 event file\(s\) could not be read in full/);
    assert.deepEqual(await readParams(runDir), { lr: 0.01, optimizer: 'adam', layers: 3, dropout: 1 });
    const acc = await readMetricSeries(join(runDir, 'plots/metrics/logs/b/hparam/accuracy.tsv'), 'accuracy');
    assert.equal(acc.points.length, 1);
    await runner.close();
  });
});
