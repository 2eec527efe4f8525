import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { parseTfjsModel, validateTfjsModel } from '../../../src/core/tfjs/validateModel';

function experiment(over: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    name: 'churn',
    trainer: 'tfjs',
    params: {},
    data: { train: 'data/train.csv', label: 'churned' },
    model: {
      layers: [
        { dense: 32, activation: 'relu' },
        { dense: 1, activation: 'sigmoid' },
      ],
    },
    ...over,
  };
}

const errors = (spec: ExperimentSpec) => validateTfjsModel(spec).filter((p) => p.severity === 'error');

describe('validateTfjsModel: static checks of a tfjs experiment', () => {
  it('accepts the churn example from docs/DESIGN.md', () => {
    assert.deepEqual(validateTfjsModel(experiment()), []);
  });

  it('ignores experiments that are not trained by the tfjs trainer', () => {
    assert.deepEqual(validateTfjsModel({ name: 'py', params: {}, command: ['python', 'train.py'] }), []);
  });

  it('names an unknown layer at its list position', () => {
    const [p] = errors(
      experiment({ model: { layers: [{ dense: 8 }, { lstmz: 4 }, { dense: 1, activation: 'sigmoid' }] } }),
    );
    assert.equal(p.path, 'experiments.churn.model.layers[1]');
    assert.deepEqual(p.segments, ['experiments', 'churn', 'model', 'layers', 1]);
    assert.match(p.message, /no layer key; use one of: dense, dropout/);
  });

  it('rejects dense units ≤ 0 and unknown activations', () => {
    const ps = errors(experiment({ model: { layers: [{ dense: 0 }, { dense: 1, activation: 'sigmoidal' }] } }));
    assert.equal(ps.length, 2);
    assert.equal(ps[0].path, 'experiments.churn.model.layers[0].dense');
    assert.match(ps[0].message, /number of units/);
    assert.equal(ps[1].path, 'experiments.churn.model.layers[1].activation');
  });

  it('rejects conv2d on a flat input and says how to declare an array column', () => {
    const [p] = errors(
      experiment({
        model: { layers: [{ conv2d: 8, kernelSize: 3 }, { flatten: true }, { dense: 1, activation: 'sigmoid' }] },
      }),
    );
    assert.equal(p.path, 'experiments.churn.model.layers[0]');
    assert.match(
      p.message,
      /conv2d needs a \[height, width, channels\] input, but its input is a flat feature vector; declare .*preprocess\.arrays/,
    );
  });

  it('walks shapes through conv, pooling and flatten for an array column', () => {
    const spec = experiment({
      data: { train: 'digits.csv', label: 'digit', features: ['pixels'] },
      preprocess: { arrays: { pixels: { shape: [8, 8, 1] } } },
      model: {
        layers: [
          { conv2d: 4, kernelSize: 3 },
          { maxPool2d: 2 },
          { flatten: true },
          { dense: 10, activation: 'softmax' },
        ],
      },
    });
    const parsed = parseTfjsModel(spec);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.inputShapes, [[8, 8, 1], [6, 6, 4], [3, 3, 4], [36]]);
    assert.deepEqual(parsed.outputShape, [10]);
  });

  it('reports a window larger than its input', () => {
    const spec = experiment({
      data: { train: 's.csv', label: 'y', features: ['seq'] },
      preprocess: { arrays: { seq: { shape: [4, 1] } } },
      model: { layers: [{ conv1d: 2, kernelSize: 5 }, { flatten: true }, { dense: 1 }] },
    });
    const [p] = errors(spec);
    assert.match(p.message, /conv1d window 5 does not fit its input \(shape \[4, 1\]\)/);
  });

  it('requires a flat output', () => {
    const spec = experiment({
      data: { train: 's.csv', label: 'y', features: ['seq'] },
      preprocess: { arrays: { seq: { shape: [10, 2] } } },
      model: { layers: [{ conv1d: 2, kernelSize: 3 }, { dense: 1 }] },
    });
    const [p] = errors(spec);
    assert.equal(p.path, 'experiments.churn.model.layers[1]');
    assert.match(p.message, /ends with shape \[8, 1\]; add \{flatten: true\}/);
  });

  it('reports a missing label, an option that does not belong, and bad training options', () => {
    const ps = errors(
      experiment({
        data: { train: 'train.csv' } as never,
        model: { layers: [{ dropout: 0.2, kernelSize: 3 }, { dense: 1 }] },
        train: { epochs: 0, validationSplit: 1, earlyStopping: { monitor: 'val_f1' } },
      }),
    );
    const paths = ps.map((p) => p.path);
    assert.deepEqual(paths, [
      'experiments.churn.data.label',
      'experiments.churn.model.layers[0].kernelSize',
      'experiments.churn.train.epochs',
      'experiments.churn.train.validationSplit',
      'experiments.churn.train.earlyStopping.monitor',
    ]);
  });

  it('checks reshape sizes once the input shape is known', () => {
    const spec = experiment({ model: { layers: [{ reshape: [5, 5, 1] }, { flatten: true }, { dense: 1 }] } });
    assert.deepEqual(parseTfjsModel(spec, { inputShape: [25] }).problems, []);
    const [p] = parseTfjsModel(spec, { inputShape: [24] }).problems;
    assert.match(p.message, /reshape to \[5, 5, 1\] does not fit a flat vector of 24 features/);
  });

  it('leaves out what the spec checks already report when asked, keeping shape problems', () => {
    const spec = experiment({
      data: { train: 'x.csv' } as never,
      model: { layers: [{ conv1d: 4, kernelSize: 3 }, { dense: 0 }, { dense: 1, activation: 'sigmoidal' }] },
    });
    const all = validateTfjsModel(spec).map((p) => p.path);
    assert.ok(all.includes('experiments.churn.data.label') && all.includes('experiments.churn.model.layers[1].dense'));
    const extra = validateTfjsModel(spec, { includeSpecChecks: false });
    assert.deepEqual(
      extra.map((p) => p.path),
      ['experiments.churn.model.layers[0]', 'experiments.churn.model.layers[2].activation'],
    );
    assert.match(extra[0].message, /conv1d needs a \[steps, channels\] input/);
  });

  it('never throws on malformed experiments (it reports problems instead)', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.array(fc.anything(), { maxLength: 4 }),
        (data, preprocess, train, layer, layers) => {
          const spec = {
            name: 'x',
            trainer: 'tfjs',
            params: {},
            data,
            preprocess,
            train,
            model: { layers: [layer, ...layers] },
          } as unknown as ExperimentSpec;
          for (const includeSpecChecks of [true, false])
            assert.ok(Array.isArray(validateTfjsModel(spec, { includeSpecChecks })));
        },
      ),
      { numRuns: 300 },
    );
  });
});
