import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readLatestMetrics, readParams } from '../../../src/core/tracking/runReader';
import { useTempDir } from '../../helpers/tempWorkspace';

const exec = promisify(execFile);
const repo = join(__dirname, '../../..');
const pythonClientDir = join(repo, 'clients/python');

describe('logging clients, run as real child processes', () => {
  const ws = useTempDir();

  it('Python: params, per-step metrics and artifacts land in the run folder the runner named', async () => {
    const runDir = join(ws.path, 'run');
    writeFileSync(join(ws.path, 'model.bin'), 'weights');
    writeFileSync(
      join(ws.path, 'train.py'),
      [
        'from mlops_workbench import log_param, log_params, log_metric, log_artifact',
        'log_params({"lr": 0.01, "opt": {"name": "sgd"}})',
        'log_param("epochs", 3)',
        'for i in range(3):',
        '    log_metric("train/loss", 1.0 / (i + 1))',
        'log_metric("val_accuracy", float("nan"), step=2)',
        'log_artifact("model.bin")',
      ].join('\n'),
    );
    await exec('python3', ['train.py'], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: runDir } });
    assert.deepEqual(await readParams(runDir), { lr: 0.01, opt: { name: 'sgd' }, epochs: 3 });
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/train/loss.tsv'), 'train/loss');
    assert.deepEqual(loss.points.map((p) => [p.step, p.value]), [[0, 1], [1, 0.5], [2, 1 / 3]]);
    const latest = await readLatestMetrics(runDir);
    assert.ok(Number.isNaN(latest.val_accuracy as number));
    assert.equal(latest.step, 2);
    assert.equal(readFileSync(join(runDir, 'artifacts/model.bin'), 'utf8'), 'weights');
  });

  it('Python on its own: creates a run in the workspace and marks it failed when the script raises', async () => {
    writeFileSync(join(ws.path, 'crash.py'), 'from mlops_workbench import log_metric\nlog_metric("loss", 1.5)\nraise SystemExit("boom") if False else ValueError("boom")\nraise ValueError("boom")\n');
    await assert.rejects(exec('python3', ['crash.py'], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: '' } }));
    const runs = await new FileRunStore(ws.path).listRuns();
    assert.equal(runs.length, 1);
    assert.equal(runs[0].experiment, 'crash.py');
    assert.equal(runs[0].status, 'failed');
    assert.deepEqual(runs[0].metrics, { loss: 1.5 });
  });

  it('Python: a Run context manager marks a standalone run completed', async () => {
    writeFileSync(join(ws.path, 'ok.py'), 'from mlops_workbench import Run\nwith Run(experiment="ctx") as run:\n    run.log_metric("m", 2)\n');
    await exec('python3', ['ok.py'], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: '' } });
    const [row] = await new FileRunStore(ws.path).listRuns();
    assert.equal(row.experiment, 'ctx');
    assert.equal(row.status, 'completed');
  });

  it('Node: the client writes the same layout as the Python one', async () => {
    const runDir = join(ws.path, 'noderun');
    const clientPath = join(repo, 'src/client/node/index.ts');
    writeFileSync(
      join(ws.path, 'train.js'),
      `const { logParams, logMetric, logSummary } = require(${JSON.stringify(clientPath)});
       logParams({ lr: 0.01, opt: { name: 'sgd' } });
       for (let i = 0; i < 3; i++) logMetric('train/loss', 1 / (i + 1));
       logMetric('val_accuracy', NaN, 2);
       logSummary({ 'test/f1': 0.8 });`,
    );
    await exec(process.execPath, ['-r', 'tsx/cjs', join(ws.path, 'train.js')], { cwd: repo, env: { ...process.env, MLOPS_RUN_DIR: runDir } });
    assert.deepEqual(await readParams(runDir), { lr: 0.01, opt: { name: 'sgd' } });
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/train/loss.tsv'), 'train/loss');
    assert.deepEqual(loss.points.map((p) => [p.step, p.value]), [[0, 1], [1, 0.5], [2, 1 / 3]]);
    const latest = await readLatestMetrics(runDir);
    assert.equal((latest.test as Record<string, number>).f1, 0.8);
    assert.ok(Number.isNaN(latest.val_accuracy as number));
  });

  it('Node on its own: creates a completed run in the workspace', async () => {
    const clientPath = join(repo, 'src/client/node/index.ts');
    writeFileSync(join(ws.path, 'solo.js'), `require(${JSON.stringify(clientPath)}).logMetric('acc', 0.5);`);
    await exec(process.execPath, ['-r', 'tsx/cjs', join(ws.path, 'solo.js')], { cwd: repo, env: { ...process.env, MLOPS_RUN_DIR: '', MLOPS_WORKSPACE: ws.path } });
    const dirs = readdirSync(join(ws.path, '.mlops/runs'));
    assert.equal(dirs.length, 1);
    const [row] = await new FileRunStore(ws.path).listRuns();
    assert.equal(row.status, 'completed');
    assert.equal(row.experiment, 'solo.js');
  });
});
