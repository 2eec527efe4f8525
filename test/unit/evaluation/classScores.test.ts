import { strict as assert } from 'node:assert';
import { classOfColumnName } from '../../../src/core/evaluation/classScores';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { num, text, throwsMlops } from './columns';

const y = text('species', ['cat', 'dog', 'emu', 'cat', 'dog', 'emu']);
const scores = {
  cat: [0.7, 0.2, 0.1, 0.4, 0.3, 0.3],
  dog: [0.2, 0.5, 0.1, 0.3, 0.6, 0.3],
  emu: [0.1, 0.3, 0.8, 0.3, 0.1, 0.4],
};
const cols = (name: (c: string) => string) => Object.entries(scores).map(([c, v]) => ({ column: num(name(c), v) }));

describe('multiclass class probabilities: columns matched to classes, checked, argmax', () => {
  it('finds the class from a column name: the label itself, or the longest label after a separator', () => {
    const labels = ['b', 'a_b', 'cat', '1'];
    assert.equal(classOfColumnName('cat', labels), 'cat');
    assert.equal(classOfColumnName('p_cat', labels), 'cat');
    assert.equal(classOfColumnName('prob(cat)', labels), 'cat');
    assert.equal(classOfColumnName('proba.1', labels), '1');
    assert.equal(classOfColumnName('p_a_b', labels), 'a_b');
    assert.equal(classOfColumnName('p_b', labels), 'b');
    assert.equal(classOfColumnName('bobcat', labels), undefined, 'a class name inside a word is not a match');
    assert.equal(classOfColumnName('p_11', labels), undefined);
  });

  it('the same report whatever the column names, the column order or explicit LABEL=COL', () => {
    const a = evaluateColumns({ label: y, classScores: cols((c) => `p_${c}`) });
    const b = evaluateColumns({ label: y, classScores: cols((c) => `prob(${c})`).reverse() });
    const c = evaluateColumns({
      label: y,
      classScores: Object.entries(scores).map(([k, v], i) => ({ label: k, column: num(`col${i}`, v) })),
    });
    for (const r of [b, c]) assert.deepEqual(r.metrics, a.metrics);
    assert.equal(a.task, 'multiclass');
    assert.equal(a.source.score, 'p_cat,p_dog,p_emu');
    // argmax: rows 1..6 predict cat, dog, emu, cat, dog, emu → all right
    assert.equal(a.metrics.accuracy, 1);
    assert.deepEqual(
      a.classCurves!.map((k) => [k.label, k.support]),
      [
        ['cat', 2],
        ['dog', 2],
        ['emu', 2],
      ],
    );
    assert.equal(a.metrics.roc_auc_ovr, 1);
    assert.ok(a.metrics.log_loss! > 0);
  });

  it('a given prediction column wins over argmax', () => {
    const r = evaluateColumns({
      label: y,
      prediction: text('yhat', ['dog', 'dog', 'emu', 'cat', 'dog', 'emu']),
      classScores: cols((c) => `p_${c}`),
    });
    assert.ok(Math.abs(r.metrics.accuracy! - 5 / 6) < 1e-15);
    assert.equal(r.metrics.roc_auc_ovr, 1, 'ranking metrics still come from the probabilities');
  });

  it('without probabilities the one-vs-rest metrics are null, with the reason', () => {
    const r = evaluateColumns({ label: y, prediction: text('yhat', ['cat', 'dog', 'emu', 'cat', 'dog', 'dog']) });
    for (const m of [
      'roc_auc_ovr',
      'roc_auc_ovr_weighted',
      'roc_auc_ovo',
      'roc_auc_ovo_weighted',
      'average_precision_macro',
      'log_loss',
    ]) {
      assert.equal(r.metrics[m], null, m);
      assert.match(r.undefined[m], /no class probabilities: pass one score column per class/);
    }
    assert.equal(r.classCurves, undefined);
  });

  it('a class the labels hold with no column, an unmatched column, two columns for one class', () => {
    throwsMlops(
      () => evaluateColumns({ label: y, classScores: cols((c) => `p_${c}`).slice(0, 2) }),
      /the label column 'species' has class emu with no score column.*--score p_cat,p_dog,p_emu/,
    );
    throwsMlops(
      () =>
        evaluateColumns({
          label: y,
          classScores: [...cols((c) => `p_${c}`).slice(0, 2), { column: num('third', scores.emu) }],
        }),
      /cannot tell which class of 'species' the score column 'third' is for \(its classes are cat, dog, emu\).*--score cat=third/,
    );
    throwsMlops(
      () =>
        evaluateColumns({
          label: y,
          classScores: [...cols((c) => `p_${c}`), { column: num('prob_cat', scores.cat) }],
        }),
      /two score columns are for class 'cat': 'p_cat' and 'prob_cat'/,
    );
  });

  it('rows that do not sum to 1, values outside [0, 1], missing values and text are named with their row', () => {
    const bad = cols((c) => `p_${c}`);
    (bad[2].column.values as Float64Array)[4] = 0.2;
    throwsMlops(
      () => evaluateColumns({ label: y, classScores: bad }),
      /the class scores of data row 5 sum to 1\.1, not 1 \(columns p_cat, p_dog, p_emu\).*softmax/,
    );
    const logits = cols((c) => `p_${c}`);
    (logits[1].column.values as Float64Array)[2] = 2.5;
    throwsMlops(
      () => evaluateColumns({ label: y, classScores: logits }),
      /the score column 'p_dog' has 2\.5 at data row 3, which is not a probability in \[0, 1\]/,
    );
    const holes = cols((c) => `p_${c}`);
    (holes[0].column.values as Float64Array)[1] = NaN;
    throwsMlops(
      () => evaluateColumns({ label: y, classScores: holes }),
      /the score column 'p_cat' has a missing value at data row 2/,
    );
    throwsMlops(
      () =>
        evaluateColumns({
          label: y,
          classScores: [
            ...cols((c) => `p_${c}`).slice(0, 2),
            { column: text('p_emu', ['a', 'b', 'c', 'd', 'e', 'f']) },
          ],
        }),
      /the score column 'p_emu' holds text \(data row 1: "a"\)/,
    );
  });

  it('sums within numpy allclose of 1 pass (float rounding of a softmax)', () => {
    const c = cols((k) => `p_${k}`);
    (c[0].column.values as Float64Array)[0] = 0.7 + 9e-6;
    assert.equal(evaluateColumns({ label: y, classScores: c }).task, 'multiclass');
  });

  it('class scores with --task binary or regression are refused with the way out', () => {
    throwsMlops(
      () => evaluateColumns({ label: y, classScores: cols((c) => `p_${c}`) }, { task: 'binary' }),
      /one score column per class is for a multiclass evaluation, not binary.*--score COL/,
    );
  });

  it('a class with a column but no labelled rows (named like the others): left out of the averages, with a warning', () => {
    const withYak = [
      ...Object.entries(scores).map(([c, v]) => ({
        column: num(
          `p_${c}`,
          v.map((x) => x * 0.9),
        ),
      })),
      { column: num('p_yak', [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) },
    ];
    const r = evaluateColumns({ label: y, classScores: withYak, prediction: text('yhat', y.values as string[]) });
    assert.equal(r.metrics.roc_auc_ovr, 1);
    assert.match(r.warnings.join('\n'), /class yak has a score column but no rows in the label column/);
    const yak = r.classCurves!.find((k) => k.label === 'yak')!;
    assert.equal(yak.support, 0);
    assert.equal(yak.rocAuc, null);
    throwsMlops(
      () =>
        evaluateColumns({
          label: y,
          classScores: [...withYak.slice(0, 3), { column: num('yak_probability', [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) }],
        }),
      /cannot tell which class of 'species' the score column 'yak_probability' is for.*--score cat=yak_probability/,
    );
  });
});
