import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../../src/core/data/readTable';
import { MlopsError } from '../../../src/core/errors';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { classificationMetrics } from '../../../src/core/tfjs/metrics';
import { nativeSearchPaths, probeNativePackage } from '../../../src/backend/trainer/engine/probeNative';
import type { EngineName } from '../../../src/backend/trainer/engine/selectEngine';
import { loadModelArtifact } from '../../../src/backend/trainer/loadModelArtifact';
import { MODEL_ARTIFACT_DIR, runTrainer } from '../../../src/backend/trainer/runTrainer';
import { TFJS_VERSION } from '../../../src/backend/trainer/tf';
import { churnSpec, writeChurnData } from './helpers/churnData';

async function csvRows(path: string): Promise<Record<string, unknown>[]> {
  const table = await readTable(path);
  return Array.from({ length: table.rowCount }, (_, i) =>
    Object.fromEntries(table.columns.map((c) => [c.name, c.values[i]])),
  );
}

const spec = (over: Partial<ExperimentSpec> = {}): ExperimentSpec =>
  ({ ...structuredClone(churnSpec), train: { ...churnSpec.train, epochs: 10 }, ...over }) as ExperimentSpec;

describe('tfjs trainer: training runs', function () {
  this.timeout(120_000);
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'mlops-train-'));
    writeChurnData(ws);
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  const nativePackage: Partial<Record<EngineName, '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'>> = {
    'node-gpu': '@tensorflow/tfjs-node-gpu',
    node: '@tensorflow/tfjs-node',
  };

  for (const engine of ['node-gpu', 'node', 'wasm', 'cpu'] as EngineName[]) {
    it(`trains the churn data to a useful accuracy on the ${engine} engine and logs through the run files`, async function () {
      const pkg = nativePackage[engine];
      if (pkg) {
        const probe = probeNativePackage(pkg, { version: TFJS_VERSION, paths: nativeSearchPaths(ws) });
        if (!probe.ok) {
          console.log(`      skipped ${engine}: ${probe.reason}`);
          this.skip();
        }
      }
      const runDir = join(ws, 'runs', engine);
      const report = await runTrainer({ runDir, workspace: ws, spec: spec(), engine, log: () => undefined });
      assert.equal(report.engine, engine);
      assert.equal(report.status, 'completed');
      assert.equal(report.evaluatedOn, 'test');
      assert.ok(report.metrics!.accuracy >= 0.8, `accuracy ${report.metrics!.accuracy}`);
      assert.ok(report.metrics!.auc >= 0.85, `auc ${report.metrics!.auc}`);
      const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
      assert.equal(metrics.test_accuracy, report.metrics!.accuracy);
      assert.equal(metrics.epoch, 10);
      const valAcc = readFileSync(join(runDir, 'plots', 'metrics', 'val_accuracy.tsv'), 'utf8')
        .trim()
        .split('\n');
      assert.equal(valAcc[0], 'timestamp\tstep\tval_accuracy');
      assert.equal(valAcc.length, 11);
      const trainerJson = JSON.parse(readFileSync(join(runDir, 'trainer.json'), 'utf8'));
      assert.equal(trainerJson.engine, engine);
      assert.ok(trainerJson.samplesPerSec > 0);
    });
  }

  it('saves an artifact that alone turns raw rows into the same predictions', async () => {
    const runDir = join(ws, 'runs', 'artifact');
    const report = await runTrainer({ runDir, workspace: ws, spec: spec(), engine: 'wasm', log: () => undefined });
    const rows = await csvRows(join(ws, 'data', 'test.csv'));
    const features = rows.map(({ churned, customer_id, ...rest }) => rest);
    for (const engine of ['wasm', 'cpu'] as const) {
      const model = await loadModelArtifact(join(runDir, MODEL_ARTIFACT_DIR), { engine });
      try {
        assert.equal(model.meta.task, 'classification');
        assert.deepEqual(model.meta.classes, ['no', 'yes']);
        assert.deepEqual(
          model.schema.columns.map((c) => c.name),
          ['age', 'income', 'plan', 'tenure_months', 'support_calls'],
        );
        const predictions = await model.predict(features);
        const actual = Int32Array.from(rows, (r) => (r.churned === 'yes' ? 1 : 0));
        const probs = predictions.map((p) => [p.probabilities!.no, p.probabilities!.yes]);
        const m = classificationMetrics(actual, probs, 2);
        assert.equal(m.accuracy, report.metrics!.accuracy, `${engine} accuracy`);
        assert.ok(Math.abs(m.auc - report.metrics!.auc) < 1e-3, `${engine} auc ${m.auc} vs ${report.metrics!.auc}`);
        assert.equal(predictions[0].prediction, predictions[0].probabilities!.yes > 0.5 ? 'yes' : 'no');
        await assert.rejects(
          model.predict([{ age: 30 }]),
          /the rows lack the columns income, plan, tenure_months, support_calls/,
        );
      } finally {
        model.dispose();
      }
    }
  });

  it('names the existing columns when the label column is missing', async () => {
    const bad = spec({ data: { ...churnSpec.data, label: 'churn', features: undefined } });
    await assert.rejects(
      runTrainer({ runDir: join(ws, 'runs', 'nolabel'), workspace: ws, spec: bad, log: () => undefined }),
      (e: unknown) =>
        e instanceof MlopsError &&
        /"churn" is not in the training data \(columns: customer_id, age, income, plan, tenure_months, support_calls, churned\)/.test(
          e.message,
        ),
    );
  });

  it('stops early when the monitored metric stops improving and restores the best weights', async () => {
    const s = spec({
      train: { ...churnSpec.train, epochs: 10, earlyStopping: { monitor: 'loss', patience: 0, minDelta: 10 } },
    });
    const report = await runTrainer({
      runDir: join(ws, 'runs', 'early'),
      workspace: ws,
      spec: s,
      engine: 'wasm',
      log: () => undefined,
    });
    assert.equal(report.epochsCompleted, 2);
    assert.equal(report.stoppedEarly!.bestEpoch, 0);
    assert.equal(report.stoppedEarly!.monitor, 'loss');
  });
});
