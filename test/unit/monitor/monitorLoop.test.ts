import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../../src/core/data/readTable';
import { readHistory, monitorPaths } from '../../../src/core/monitor/monitorFiles';
import { runMonitor } from '../../../src/core/monitor/monitorRun';
import { summariseMonitors } from '../../../src/core/monitor/monitorSummary';
import { FileRegistryStore, readAuditEvents } from '../../../src/core/registry';
import { registerRun } from '../../../src/core/registry/registration';
import { loadSpec, requireValidSpec } from '../../../src/core/spec/loadSpec';
import { storePaths } from '../../../src/core/store/layout';
import type { RunId } from '../../../src/core/tracking/types';
import { retrainActions } from '../../../src/backend/monitoring/retrainActions';
import { Runner } from '../../../src/backend/runner';
import { startServing, type Serving } from '../../../src/backend/serving/startServing';
import { writeChurnData } from '../trainer/helpers/churnData';

const SPEC = `experiments:
  churn-tfjs:
    trainer: tfjs
    data: {train: data/train.csv, test: data/test.csv, label: churned, features: [age, income, plan, tenure_months, support_calls]}
    preprocess: {standardize: [age, income, tenure_months, support_calls], onehot: [plan], impute: median}
    model: {layers: [{dense: 8, activation: relu}, {dense: 1, activation: sigmoid}]}
    train: {epochs: 3, batchSize: 64, optimizer: adam, learningRate: 0.01, seed: 1}
models:
  churn: {experiment: churn-tfjs, gates: ["test_accuracy >= 0.5"]}
monitors:
  churn-live:
    model: churn@production
    reference: data/train.csv
    current: predictions
    retrain: {on: [drift], experiment: churn-tfjs}
`;

async function featureRows(path: string): Promise<Record<string, unknown>[]> {
  const t = await readTable(path);
  return Array.from({ length: t.rowCount }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const c of t.columns) {
      if (c.name === 'churned' || c.name === 'customer_id') continue;
      const v = c.values[i];
      row[c.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    }
    return row;
  });
}

const post = (url: string, path: string, body: unknown) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, any>>);

describe('monitor loop: prediction log → drift → retraining → challenger', function () {
  this.timeout(240_000);
  let ws: string;
  let runner: Runner;
  let registry: FileRegistryStore;
  let serving: Serving;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'mlops-monitor-'));
    writeChurnData(ws, 600, 200);
    writeFileSync(join(ws, 'mlops.yaml'), SPEC);
    runner = new Runner({ workspace: ws, role: 'cli', captureLineage: false });
    registry = new FileRegistryStore(ws);
    const { runId } = await runner.launch({ experiment: 'churn-tfjs' });
    const ended = await runner.waitForEnd(runId);
    assert.equal(ended.status, 'completed');
    const v1 = await registerRun(registry, { run: runId, model: 'churn' });
    await registry.transition({ model: 'churn', version: v1.version, to: { kind: 'stage', stage: 'production' } });
    serving = await startServing(
      {
        workspace: ws,
        deployment: 'churn',
        model: 'churn',
        version: v1.version,
        artifactDir: join(ws, v1.artifact.path),
        port: 0,
        kind: 'tfjs',
      },
      { engine: 'cpu' },
    );
  });
  after(async () => {
    await serving?.close();
    await runner?.close({ stopRuns: true });
    rmSync(ws, { recursive: true, force: true });
  });

  const check = async () => {
    const spec = requireValidSpec(await loadSpec(ws));
    return runMonitor({
      workspace: ws,
      monitor: spec.monitors['churn-live'],
      spec,
      registry,
      actions: retrainActions(runner, registry),
    });
  };

  it('finds no drift on traffic like the training data, and queues nothing', async () => {
    const rows = await featureRows(join(ws, 'data', 'test.csv'));
    const answer = await post(serving.url, '/predict', rows);
    const labels = readFileSync(join(ws, 'data', 'test.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').at(-1));
    await post(serving.url, '/feedback', { requestId: answer.requestId, labels });
    const { check: result } = await check();
    assert.equal(result.status, 'ok', result.message ?? '');
    assert.equal(result.window.rows, 200);
    assert.ok(result.share! < 0.5);
    assert.equal(result.retrain, null);
    assert.ok(result.performance && result.performance.labelled === 200, 'feedback labels give realized performance');
    assert.equal(result.performance.drifted, false);
  });

  it('sees a shifted window as drift, queues a retraining run and registers it as challenger when it completes', async () => {
    const rows = (await featureRows(join(ws, 'data', 'test.csv'))).map((r) => ({
      ...r,
      age: Number(r.age) + 40,
      income: Number(r.income ?? 50000) * 3,
      tenure_months: 0,
      support_calls: Number(r.support_calls) + 6,
      plan: 'team',
    }));
    await post(serving.url, '/predict', rows);
    const { check: result } = await check();
    assert.equal(result.status, 'drift');
    assert.equal(result.window.rows, 200, 'only the rows since the last check');
    assert.ok(result.share! >= 0.8, `share ${result.share}`);
    assert.ok(result.retrain, 'a retraining run was queued');
    const run = await runner.ctx.store.getRun(result.retrain!.runId as RunId);
    assert.equal(run!.tags['retrain-of'], 'churn:1');
    assert.equal(run!.tags.trigger, 'drift');

    const again = await check();
    assert.ok(again.check.retrain === null || again.settled, 'no second run while the first is pending');

    await runner.waitForEnd(result.retrain!.runId as RunId);
    const { settled, check: third } = await check();
    assert.ok(settled, 'the ended run is settled at the next check');
    assert.equal(third.status, 'insufficient-data', 'no predictions since the last check');
    assert.equal(third.retrain, null);
    await post(serving.url, '/predict', rows.slice(0, 50));
    const { check: fourth } = await check();
    assert.equal(fourth.status, 'drift');
    assert.equal(fourth.retrain, null, 'drift that persists does not queue a second retraining');
    assert.equal(settled!.status, 'completed');
    assert.equal(settled!.version, 2);
    assert.equal(settled!.gates!.passed, true);
    assert.equal(settled!.promoted, false, 'autoPromote is off');
    assert.equal((await registry.resolve('churn@challenger')).version, 2);
    assert.equal((await registry.resolve('churn@production')).version, 1);

    const history = await readHistory(ws, 'churn-live');
    assert.deepEqual(
      history.slice(0, 2).map((h) => h.status),
      ['ok', 'drift'],
    );
    for (const h of history) assert.ok(h.columns.every((c) => typeof c.column === 'string'));
    const report = JSON.parse(readFileSync(monitorPaths(ws, 'churn-live').report, 'utf8'));
    assert.ok(report.report.columns.length >= 5);
    const audit = (await readAuditEvents(storePaths(ws).audit)).map((e) => e.type);
    for (const t of ['monitor.create', 'monitor.alert', 'retrain.queued', 'retrain.registered'])
      assert.ok(audit.includes(t as never), `audit has ${t}`);
    const spec = requireValidSpec(await loadSpec(ws));
    const [summary] = await summariseMonitors(ws, spec, registry);
    assert.equal(summary.lastRetrain!.version, 2);
    assert.deepEqual(summary.challenger, { version: 2, stage: null, holdsAlias: true });
    await registry.transition({ model: 'churn', version: 2, to: { kind: 'stage', stage: 'production' } });
    const [after] = await summariseMonitors(ws, spec, registry);
    assert.equal(after.lastRetrain!.promoted, false, 'the outcome is kept as it was when registered');
    assert.deepEqual(
      after.challenger,
      { version: 2, stage: 'production', holdsAlias: true },
      'where the challenger stands now',
    );
  });
});
