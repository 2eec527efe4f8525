import { strict as assert } from 'node:assert';
import { MlopsError } from '../../../src/core/errors';
import { encodeFeatures, fitFeatures } from '../../../src/core/tfjs/preprocess';
import { decodePredictions, encodeLabels, fitLabel } from '../../../src/core/tfjs/labels';
import { objectRows } from '../../../src/core/tfjs/rowSource';

const train = objectRows([
  { age: 20, income: 1000, plan: 'basic', churned: 'yes' },
  { age: 40, income: null, plan: 'pro', churned: 'no' },
  { age: 60, income: 3000, plan: 'basic', churned: 'no' },
  { age: null, income: 2000, plan: 'team', churned: 'yes' },
]);

describe('preprocessing: fit on train, apply to raw rows', () => {
  it('standardizes, min-max scales, one-hot encodes and imputes with the training median', () => {
    const pre = fitFeatures(
      train,
      { preprocess: { standardize: ['age'], minmax: ['income'], onehot: ['plan'], impute: 'median' } },
      'churned',
    );
    assert.deepEqual(pre.inputShape, [5]);
    const { x, rows } = encodeFeatures(
      pre,
      objectRows([
        { age: 40, income: 2000, plan: 'pro' },
        { age: null, income: null, plan: 'enterprise' },
      ]),
      'throw',
    );
    assert.deepEqual(rows, [0, 1]);
    const std = Math.sqrt((400 + 0 + 400) / 3);
    const expected = [0 / std, 0.5, 0, 1, 0, /* median age 40 → 0 */ 0, /* median income 2000 */ 0.5, 0, 0, 0];
    expected.forEach((v, i) => assert.ok(Math.abs(x[i] - v) < 1e-6, `x[${i}] = ${x[i]}, expected ${v}`));
  });

  it('survives a JSON round trip: the saved preprocessing encodes the same', () => {
    const pre = fitFeatures(train, { preprocess: { standardize: ['age', 'income'], onehot: ['plan'] } }, 'churned');
    const again = JSON.parse(JSON.stringify(pre));
    const a = encodeFeatures(pre, train, 'throw').x;
    const b = encodeFeatures(again, train, 'throw').x;
    assert.deepEqual(Array.from(b), Array.from(a));
  });

  it('treats "1", 1 and "1.0" as the same numeric category', () => {
    const pre = fitFeatures(
      objectRows([
        { tier: 1, y: 0 },
        { tier: 2, y: 1 },
      ]),
      { preprocess: { onehot: ['tier'] } },
      'y',
    );
    const { x } = encodeFeatures(pre, objectRows([{ tier: '1.0' }, { tier: '2' }]), 'throw');
    assert.deepEqual(Array.from(x), [1, 0, 0, 1]);
  });

  it('drops incomplete rows in training and refuses them in serving under impute: drop', () => {
    const pre = fitFeatures(train, { preprocess: { impute: 'drop', onehot: ['plan'] } }, 'churned');
    assert.deepEqual(encodeFeatures(pre, train, 'skip').rows, [0, 2]);
    assert.throws(
      () => encodeFeatures(pre, objectRows([{ age: 1, income: null, plan: 'pro' }]), 'throw'),
      /row 1: column "income" is missing/,
    );
  });

  it('reshapes array columns and checks their length', () => {
    const rows = objectRows([
      { px: '[1, 2, 3, 4]', y: 'a' },
      { px: '5 6 7 8', y: 'b' },
    ]);
    const pre = fitFeatures(rows, { preprocess: { arrays: { px: { shape: [2, 2, 1] } }, minmax: ['px'] } }, 'y');
    assert.deepEqual(pre.inputShape, [2, 2, 1]);
    const { x } = encodeFeatures(
      pre,
      objectRows([
        {
          px: [
            [1, 2],
            [3, 8],
          ],
        },
      ]),
      'throw',
    );
    assert.deepEqual(
      Array.from(x).map((v) => +v.toFixed(4)),
      [0, 0.1429, 0.2857, 1],
    );
    assert.throws(
      () =>
        fitFeatures(objectRows([{ px: '1 2 3', y: 1 }]), { preprocess: { arrays: { px: { shape: [2, 2] } } } }, 'y'),
      /holds 3 values, but preprocess\.arrays\.px\.shape \[2, 2\] needs 4/,
    );
  });

  it('auto one-hot encodes short text columns and drops id-like ones', () => {
    const rows = objectRows(
      Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, color: i % 2 ? 'red' : 'blue', y: i % 2 })),
    );
    const pre = fitFeatures(rows, {}, 'y');
    assert.deepEqual(
      pre.features.map((f) => [f.column, f.type]),
      [['color', 'category']],
    );
    assert.equal(pre.dropped[0].column, 'id');
  });

  it('names the existing columns when a listed column does not exist', () => {
    assert.throws(
      () => fitFeatures(train, { preprocess: { standardize: ['agee'] } }, 'churned'),
      (e: unknown) =>
        e instanceof MlopsError && /"agee" is not a column .*\(columns: age, income, plan\)/.test(e.message),
    );
  });
});

describe('labels: task, encoding and decoding', () => {
  it('encodes a binary label for a sigmoid head and decodes probabilities back to classes', () => {
    const label = fitLabel(train, 'churned', { units: 1, activation: 'sigmoid' });
    assert.deepEqual(label, { column: 'churned', task: 'classification', classes: ['no', 'yes'], encoding: 'binary' });
    assert.deepEqual(Array.from(encodeLabels(label, train)), [1, 0, 0, 1]);
    const [p] = decodePredictions(label, Float32Array.of(0.75), 1);
    assert.equal(p.prediction, 'yes');
    assert.deepEqual(p.probabilities, { no: 0.25, yes: 0.75 });
  });

  it('says which head fits when the last layer does not match the classes', () => {
    assert.throws(
      () => fitLabel(train, 'plan', { units: 1, activation: 'sigmoid' }),
      (e: unknown) =>
        e instanceof MlopsError &&
        /3 classes \(basic, pro, team\)/.test(e.message) &&
        /\{dense: 3, activation: softmax\}/.test(e.hint ?? ''),
    );
  });

  it('standardizes a regression target and maps predictions back', () => {
    const label = fitLabel(train, 'income', { units: 1, activation: 'linear' }, 'regression');
    assert.throws(
      () => fitLabel(train, 'plan', { units: 1, activation: 'linear' }, 'regression'),
      /regression needs a numeric label/,
    );
    const label2 = fitLabel(objectRows([{ v: 10 }, { v: 20 }, { v: 30 }]), 'v', { units: 1, activation: 'linear' });
    assert.equal(label2.task, 'regression');
    const y = encodeLabels(label2, objectRows([{ v: 30 }]));
    assert.ok(Math.abs((decodePredictions(label2, y, 1)[0].prediction as number) - 30) < 1e-4);
    assert.equal(label.task, 'regression');
  });

  it('fits a regression label over a million rows (no argument spread of the values)', () => {
    const n = 1_000_000;
    const source = { length: n, columns: ['y'], value: (_: string, row: number) => row % 1000 };
    const label = fitLabel(source, 'y', { units: 1, activation: 'linear' }, 'regression');
    assert.equal(label.task, 'regression');
    assert.deepEqual(label.task === 'regression' && [label.min, label.max], [0, 999]);
  });

  it('names the columns that exist when the label column is missing', () => {
    assert.throws(
      () => fitLabel(train, 'churn', { units: 1, activation: 'sigmoid' }),
      (e: unknown) =>
        e instanceof MlopsError &&
        e.message === 'the label column "churn" is not in the training data (columns: age, income, plan, churned)',
    );
  });
});
