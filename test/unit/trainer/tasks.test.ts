import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { loadModelArtifact } from '../../../src/backend/trainer/loadModelArtifact';
import { MODEL_ARTIFACT_DIR, runTrainer } from '../../../src/backend/trainer/runTrainer';

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}

describe('tfjs trainer: regression and array inputs', function () {
  this.timeout(120_000);
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'mlops-tasks-'));
    mkdirSync(join(ws, 'data'));
    const r = lcg(7);
    const reg = ['x1,x2,size,price'];
    for (let i = 0; i < 400; i++) {
      const x1 = r() * 10;
      const x2 = r() * 5;
      const size = ['S', 'M', 'L'][i % 3];
      const price = 100 + 30 * x1 - 20 * x2 + (size === 'L' ? 50 : 0) + (r() - 0.5) * 10;
      reg.push(`${x1.toFixed(3)},${x2.toFixed(3)},${size},${price.toFixed(2)}`);
    }
    writeFileSync(join(ws, 'data', 'prices.csv'), reg.join('\n') + '\n');
    // 3 classes of 12-step signals: a bump at the start, the middle or the end.
    const seq = ['signal,kind'];
    for (let i = 0; i < 180; i++) {
      const kind = ['early', 'middle', 'late'][i % 3];
      const centre = kind === 'early' ? 2 : kind === 'middle' ? 6 : 10;
      const values = Array.from({ length: 12 }, (_, t) =>
        (Math.exp(-((t - centre) ** 2) / 2) + (r() - 0.5) * 0.2).toFixed(3),
      );
      seq.push(`"[${values.join(', ')}]",${kind}`);
    }
    writeFileSync(join(ws, 'data', 'signals.csv'), seq.join('\n') + '\n');
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('learns a regression and reports MAE, RMSE and R² in the label units', async () => {
    const spec: ExperimentSpec = {
      name: 'prices',
      trainer: 'tfjs',
      params: {},
      data: { train: 'data/prices.csv', label: 'price' },
      preprocess: { standardize: ['x1', 'x2'] },
      model: { layers: [{ dense: 16, activation: 'relu' }, { dense: 1 }] },
      train: { epochs: 40, batchSize: 32, learningRate: 0.02 },
    };
    const report = await runTrainer({ runDir: join(ws, 'run-reg'), workspace: ws, spec, log: () => undefined });
    assert.equal(report.task, 'regression');
    assert.equal(report.evaluatedOn, 'validation');
    assert.ok(report.metrics!.r2 > 0.9, `r2 ${report.metrics!.r2}`);
    assert.ok(report.metrics!.rmse < 30, `rmse ${report.metrics!.rmse}`);
    const model = await loadModelArtifact(join(ws, 'run-reg', MODEL_ARTIFACT_DIR));
    const [p] = await model.predict([{ x1: 5, x2: 2, size: 'L' }]);
    model.dispose();
    assert.ok(Math.abs((p.prediction as number) - 260) < 40, `prediction ${p.prediction}`);
  });

  it('trains conv1d on an array column, choosing cpu because wasm lacks conv gradients', async () => {
    const spec: ExperimentSpec = {
      name: 'signals',
      trainer: 'tfjs',
      params: {},
      data: { train: 'data/signals.csv', label: 'kind', features: ['signal'] },
      preprocess: { arrays: { signal: { shape: [12, 1] } } },
      model: {
        layers: [
          { conv1d: 4, kernelSize: 3 },
          { maxPool1d: 2 },
          { flatten: true },
          { dense: 3, activation: 'softmax' },
        ],
      },
      train: { epochs: 30, batchSize: 16, learningRate: 0.03 },
    };
    const report = await runTrainer({ runDir: join(ws, 'run-conv'), workspace: ws, spec, log: () => undefined });
    assert.equal(report.engine, 'cpu');
    assert.match(
      report.tiersTried.find((t) => t.engine === 'wasm')!.reason,
      /conv1d, whose gradients the wasm backend lacks/,
    );
    assert.deepEqual(report.inputShape, [12, 1]);
    assert.deepEqual(report.classes, ['early', 'late', 'middle']);
    assert.ok(report.metrics!.accuracy >= 0.9, `accuracy ${report.metrics!.accuracy}`);
    const model = await loadModelArtifact(join(ws, 'run-conv', MODEL_ARTIFACT_DIR), { engine: 'wasm' });
    const bump = Array.from({ length: 12 }, (_, t) => Math.exp(-((t - 10) ** 2) / 2));
    const [p] = await model.predict([{ signal: bump }]);
    model.dispose();
    assert.equal(p.prediction, 'late');
  });
});
