import { strict as assert } from 'node:assert';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { fairness } from '../../../src/core/evaluation/groups';
import { permutationImportance } from '../../../src/core/evaluation/importance';
import { num, text, throwsMlops } from './columns';

describe('evaluation: bad input is named, not a crash', () => {
  it('a label column with one class: AUC and AP are undefined with the reason, the rest is computed', () => {
    const r = evaluateColumns({ label: num('churned', [1, 1, 1, 1]), score: num('p', [0.2, 0.9, 0.6, 0.7]) });
    assert.equal(r.metrics.roc_auc, null);
    assert.equal(r.metrics.average_precision, null);
    assert.match(r.undefined.roc_auc, /label column 'churned' has one class.*ROC AUC is undefined/);
    assert.equal(r.metrics.accuracy, 0.75);
    assert.equal(r.roc, undefined);
  });

  it('binary scores outside [0, 1] name the column, the row and the value', () => {
    throwsMlops(
      () => evaluateColumns({ label: num('y', [0, 1, 1]), score: num('margin', [0.1, 2.5, 0.3]) }),
      /score column 'margin' has 2\.5 at data row 2, outside \[0, 1\].*sigmoid/,
    );
  });

  it('NaN scores name the column and rows', () => {
    throwsMlops(
      () => evaluateColumns({ label: num('y', [0, 1, 1]), score: num('p', [0.1, NaN, 0.3]) }),
      /score column 'p' has 1 NaN or missing value at data row 2/,
    );
  });

  it('mismatched lengths name both columns and counts', () => {
    throwsMlops(
      () => evaluateColumns({ label: num('y', [0, 1, 1]), score: num('p', [0.1, 0.3]) }),
      /score column 'p' has 2 values but the label column 'y' has 3/,
    );
  });

  it('missing labels are named', () => {
    throwsMlops(
      () => evaluateColumns({ label: text('y', ['a', null, 'b']), prediction: text('yhat', ['a', 'b', 'b']) }),
      /label column 'y' has 1 missing value at data row 2/,
    );
  });

  it('zero regression targets: mape is null with the reason, the rest is computed', () => {
    const r = evaluateColumns(
      { label: num('price', [0, 2.5, 3, 0]), prediction: num('yhat', [0.5, 2, 3.5, 0.1]) },
      { task: 'regression' },
    );
    assert.equal(r.metrics.mape, null);
    assert.match(r.undefined.mape, /label column 'price' has 2 zero targets, so mape is infinite/);
    assert.ok(Math.abs(r.metrics.mae! - 0.4) < 1e-12);
  });

  it('string labels without a known positive ask for --positive', () => {
    throwsMlops(
      () => evaluateColumns({ label: text('y', ['spam', 'ham']), score: num('p', [0.9, 0.1]) }),
      /which label of 'y' is the positive class.*--positive spam/,
    );
    const r = evaluateColumns(
      { label: text('y', ['spam', 'ham', 'spam']), score: num('p', [0.9, 0.1, 0.4]) },
      { positiveLabel: 'spam' },
    );
    assert.deepEqual(r.confusionMatrix, {
      labels: ['ham', 'spam'],
      matrix: [
        [1, 0],
        [1, 1],
      ],
    });
  });

  it('binary predictions without scores: label metrics computed, ranking metrics undefined with the reason', () => {
    const r = evaluateColumns({
      label: text('y', ['yes', 'no', 'yes', 'no']),
      prediction: text('yhat', ['yes', 'yes', 'no', 'no']),
    });
    assert.equal(r.task, 'binary');
    assert.equal(r.positiveLabel, 'yes');
    assert.equal(r.metrics.accuracy, 0.5);
    assert.equal(r.metrics.roc_auc, null);
    assert.match(r.undefined.log_loss, /no score column/);
    assert.deepEqual(r.confusionMatrix, {
      labels: ['no', 'yes'],
      matrix: [
        [1, 1],
        [1, 1],
      ],
    });
    assert.equal(r.threshold, undefined);
  });

  it('regression and multiclass slices: each group gets its own metric set', () => {
    const reg = evaluateColumns({
      label: num('y', [1.5, 2, 3, 4]),
      prediction: num('p', [1, 2, 3, 5]),
      group: text('g', ['a', 'a', 'b', 'b']),
    });
    assert.deepEqual(
      reg.groups!.byGroup.map((g) => [g.group, g.metrics.mae]),
      [
        ['a', 0.25],
        ['b', 0.5],
      ],
    );
    assert.equal(reg.fairness, undefined, 'fairness gaps are for binary tasks');
    const multi = evaluateColumns({
      label: text('y', ['a', 'b', 'c', 'a']),
      prediction: text('p', ['a', 'b', 'b', 'a']),
      group: text('g', ['x', 'x', 'y', 'y']),
    });
    assert.deepEqual(
      multi.groups!.byGroup.map((g) => [g.group, g.metrics.accuracy]),
      [
        ['x', 1],
        ['y', 0.5],
      ],
    );
  });

  it('infers the task: fractional numbers → regression, two labels → binary, a few → multiclass', () => {
    assert.equal(evaluateColumns({ label: num('y', [1.5, 2, 3]), prediction: num('p', [1, 2, 3]) }).task, 'regression');
    assert.equal(evaluateColumns({ label: num('y', [0, 1, 1]), prediction: num('p', [1, 1, 0]) }).task, 'binary');
    assert.equal(evaluateColumns({ label: num('y', [0, 1, 2]), prediction: num('p', [1, 1, 2]) }).task, 'multiclass');
  });
});

describe('fairness gaps (fairlearn definitions, hand-computed)', () => {
  it('selection-rate gap and the worst of the TPR and FPR gaps', () => {
    // group a: y 1 1 0 0, pred 1 0 1 0 → sel 0.5, tpr 0.5, fpr 0.5
    // group b: y 1 1 1 0, pred 1 1 1 1 → sel 1,   tpr 1,   fpr 1
    const positive = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0]);
    const predicted = Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 1]);
    const f = fairness({ positive, predicted }, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
    assert.equal(f.demographic_parity_difference, 0.5);
    assert.equal(f.true_positive_rate_difference, 0.5);
    assert.equal(f.false_positive_rate_difference, 0.5);
    assert.equal(f.equalized_odds_difference, 0.5);
  });

  it('a group with no positives counts a TPR of 0, as fairlearn does, and says so', () => {
    const f = fairness({ positive: Uint8Array.from([1, 0, 0, 0]), predicted: Uint8Array.from([1, 0, 1, 0]) }, [
      'a',
      'a',
      'b',
      'b',
    ]);
    // a: tpr 1, fpr 0; b: no positives → tpr 0, fpr 0.5
    assert.equal(f.equalized_odds_difference, 1);
    assert.ok(f.notes.some((n) => /group 'b' has no positive labels/.test(n)));
  });
});

describe('permutation importance', () => {
  const table = {
    source: 'memory',
    format: 'csv' as const,
    rowCount: 200,
    columns: [
      num(
        'signal',
        Array.from({ length: 200 }, (_, i) => i % 2),
      ),
      num(
        'noise',
        Array.from({ length: 200 }, (_, i) => (i * 7919) % 13),
      ),
    ],
  };
  const y = Array.from({ length: 200 }, (_, i) => i % 2);
  // a "model" that predicts y from `signal` only: accuracy 1 at baseline
  const score = async (t: typeof table) => {
    const s = t.columns.find((c) => c.name === 'signal')!.values as Float64Array;
    let right = 0;
    for (let i = 0; i < y.length; i++) if (s[i] === y[i]) right++;
    return right / y.length;
  };

  it('an unused feature scores 0; the used one drops the score; mean and std over repeats; seeded', async () => {
    const a = await permutationImportance({
      table,
      features: ['signal', 'noise'],
      score,
      scoring: 'accuracy',
      repeats: 5,
      seed: 3,
    });
    const b = await permutationImportance({
      table,
      features: ['signal', 'noise'],
      score,
      scoring: 'accuracy',
      repeats: 5,
      seed: 3,
    });
    assert.deepEqual(a, b);
    const signal = a.features.find((f) => f.feature === 'signal')!;
    const noise = a.features.find((f) => f.feature === 'noise')!;
    assert.deepEqual(noise.drops, [0, 0, 0, 0, 0]);
    assert.ok(signal.mean > 0.3 && signal.mean < 0.7, `shuffling a perfect feature halves accuracy: ${signal.mean}`);
    const mean = signal.drops.reduce((s, d) => s + d, 0) / 5;
    assert.equal(signal.mean, mean);
    assert.ok(Math.abs(signal.std - Math.sqrt(signal.drops.reduce((s, d) => s + (d - mean) ** 2, 0) / 5)) < 1e-15);
    assert.equal(a.features[0].feature, 'signal');
    const other = await permutationImportance({
      table,
      features: ['signal'],
      score,
      scoring: 'accuracy',
      repeats: 5,
      seed: 4,
    });
    assert.notDeepEqual(other.features[0].drops, signal.drops);
  });
});
