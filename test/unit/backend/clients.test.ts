import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams, listMetricSeries } from '../../../src/core/tracking/runReader';
import { FAST, REPO, removeWorkspace, spec, testRunner, workspace } from './helpers';

describe('logging clients and dvclive folders through the runner', function () {
  this.timeout(60_000);
  let dir: string;
  let nodeClients: string;

  before(async () => {
    nodeClients = mkdtempSync(join(tmpdir(), 'mlops-node-client-'));
    await build({
      entryPoints: [join(REPO, 'src', 'client', 'node', 'index.ts')],
      outfile: join(nodeClients, 'mlops-workbench', 'client.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
    });
  });
  after(() => rmSync(nodeClients, { recursive: true, force: true }));
  afterEach(() => removeWorkspace(dir));

  const clients = () => ({ python: join(REPO, 'clients', 'python'), node: nodeClients });

  it('records params and metrics logged by a Python script with mlops_workbench (found on PYTHONPATH)', async () => {
    dir = workspace({
      'mlops.yaml': spec({ py: { command: ['python3', 'train.py'], params: { lr: 0.01, epochs: 5 } } }),
      'train.py': `from mlops_workbench import log_metric, log_params, params
p = params()
log_params({"optimizer": "adam"})
for epoch in range(p["epochs"]):
    log_metric("train/loss", 1.0 / (epoch + 1))
    log_metric("val_accuracy", 0.5 + epoch / 10, step=epoch)
`,
    });
    const { runner } = testRunner(dir, { clients: clients() });
    const { runId, runDir } = await runner.launch({ experiment: 'py', overrides: ['epochs=4'] });
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'completed', readFileSync(join(runDir, 'log.txt'), 'utf8'));
    const loss = await readMetricSeries(join(runDir, 'plots', 'metrics', 'train', 'loss.tsv'), 'train/loss');
    assert.deepEqual(
      loss.points.map((p) => p.value),
      [1, 0.5, 1 / 3, 0.25],
    );
    assert.deepEqual(await readParams(runDir), { lr: 0.01, epochs: 4, optimizer: 'adam' });
    const summary = (await runner.ctx.store.listRuns()).find((r) => r.id === runId)!;
    assert.equal(summary.metrics.val_accuracy, 0.8);
    await runner.close();
  });

  it("records metrics logged by a Node script with require('mlops-workbench/client') (found on NODE_PATH)", async () => {
    dir = workspace({
      'mlops.yaml': spec({ js: { command: [process.execPath, 'train.js'], params: { steps: 3 } } }),
      'train.js': `const { logMetric, params } = require('mlops-workbench/client');
for (let i = 0; i < params().steps; i++) logMetric('loss', 10 - i);`,
    });
    const { runner } = testRunner(dir, { clients: clients() });
    const { runId, runDir } = await runner.launch({ experiment: 'js' });
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'completed', readFileSync(join(runDir, 'log.txt'), 'utf8'));
    const loss = await readMetricSeries(join(runDir, 'plots', 'metrics', 'loss.tsv'), 'loss');
    assert.deepEqual(
      loss.points.map((p) => [p.step, p.value]),
      [
        [0, 10],
        [1, 9],
        [2, 8],
      ],
    );
    await runner.close();
  });

  it("keeps a dvclive script's own dvclive/ folder with the run", async () => {
    dir = workspace({
      'mlops.yaml': spec({ dvc: { command: ['python3', 'dvc.py'] } }),
      'dvc.py': `import os, json
os.makedirs("dvclive/plots/metrics", exist_ok=True)
with open("dvclive/plots/metrics/acc.tsv", "w") as f:
    f.write("timestamp\\tstep\\tacc\\n0\\t0\\t0.5\\n0\\t1\\t0.75\\n")
with open("dvclive/metrics.json", "w") as f:
    json.dump({"acc": 0.75, "step": 1}, f)
`,
    });
    const { runner } = testRunner(dir, { clients: clients() });
    const { runId, runDir } = await runner.launch({ experiment: 'dvc' });
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'completed');
    assert.equal(record.dvcliveDir, join(runDir, 'dvclive'));
    const series = await listMetricSeries(runDir, record);
    assert.deepEqual(
      series.map((s) => s.name),
      ['acc'],
    );
    const summary = (await runner.ctx.store.listRuns()).find((r) => r.id === runId)!;
    assert.equal(summary.metrics.acc, 0.75);
    await runner.close();
  });

  it('samples CPU and RSS of the process tree into system/*.tsv', async () => {
    dir = workspace({
      'mlops.yaml': spec({
        busy: { command: [process.execPath, '-e', 'const end = Date.now() + 1200; while (Date.now() < end) {}'] },
      }),
    });
    const { runner, events } = testRunner(dir, { timing: { ...FAST, systemSampleMs: 200 } });
    const { runId, runDir } = await runner.launch({ experiment: 'busy' });
    await runner.waitForEnd(runId);
    const cpu = await readMetricSeries(join(runDir, 'system', 'cpu.tsv'), 'cpu');
    const rss = await readMetricSeries(join(runDir, 'system', 'rss.tsv'), 'rss');
    assert.ok(cpu.points.length >= 2, `got ${cpu.points.length} cpu samples`);
    assert.ok(Math.max(...cpu.points.map((p) => p.value)) > 20, 'a busy loop shows CPU use');
    assert.ok(
      rss.points.every((p) => p.value > 5),
      'a node process holds some MiB',
    );
    assert.ok(events.some((e) => e.type === 'systemSample' && e.runId === runId));
    await runner.close();
  });

  it('runs the PyTorch sample: trains with PyTorch, or says clearly that it skipped', async () => {
    dir = workspace({});
    const { cpSync } = await import('node:fs');
    cpSync(join(REPO, 'examples', 'pytorch'), dir, { recursive: true });
    const { runner } = testRunner(dir, { clients: clients(), pythonPath: 'python3' });
    const { runId, runDir } = await runner.launch({
      experiment: 'torch-mlp',
      overrides: ['epochs=1', 'samples=2000', 'hidden=32'],
    });
    const record = await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.equal(record.status, 'completed', log);
    const params = await readParams(runDir);
    if (params.skipped) assert.match(log, /SKIPPED: PyTorch is not installed/);
    else
      assert.ok(
        (await listMetricSeries(runDir)).some((s) => s.name === 'val_accuracy'),
        log,
      );
    await runner.close();
  });
});
