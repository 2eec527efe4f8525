import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { param, yaml } from './specText';

const root = join(__dirname, '..', '..', '..');

describe('parseSpec: valid specs', () => {
  it('accepts the example from docs/DESIGN.md and types every section', () => {
    const result = parseSpec(readFileSync(join(root, 'test/fixtures/specs/design.yaml'), 'utf8'));
    assert.deepEqual(result.problems, []);
    const spec = result.spec!;
    assert.deepEqual(Object.keys(spec.experiments), ['mlp', 'churn-tfjs']);
    assert.deepEqual(spec.experiments.mlp.command, ['python', 'train.py', '--lr', '${params.lr}']);
    assert.deepEqual(spec.experiments.mlp.params, { lr: 0.001, epochs: 5 });
    assert.deepEqual(spec.experiments.mlp.sweep?.space, { lr: { log: [1e-4, 1e-1] } });
    assert.equal(spec.experiments['churn-tfjs'].trainer, 'tfjs');
    assert.deepEqual(spec.experiments['churn-tfjs'].data, {
      train: 'data/train.csv',
      test: 'data/test.csv',
      label: 'churned',
    });
    assert.deepEqual(spec.models.churn, {
      name: 'churn',
      experiment: 'churn-tfjs',
      gates: ['val_accuracy >= 0.8', 'drift.share < 0.5'],
    });
    assert.equal(spec.monitors['churn-live'].model, 'churn@production');
    assert.deepEqual(spec.monitors['churn-live'].retrain, { on: ['drift', 'data-change'], experiment: 'churn-tfjs' });
  });

  it('accepts the quickstart sample', () => {
    const result = parseSpec(readFileSync(join(root, 'examples/quickstart/mlops.yaml'), 'utf8'));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(Object.keys(result.spec!.experiments), ['py-linear', 'node-linear', 'churn-tfjs']);
  });

  it('treats an empty file, a comment-only file and empty sections as an empty spec', () => {
    for (const text of ['', '# nothing yet\n', 'experiments:\nmodels:\nmonitors:\n']) {
      assert.deepEqual(parseSpec(text), {
        spec: { experiments: {}, models: {}, monitors: {} },
        problems: [],
        locations: locationsOf(text),
      });
    }
  });

  it('fills defaults: params {}, gates [], source "spec"; env and tag values become strings', () => {
    const { spec } = parseSpec(yaml`
      experiments:
        a:
          command: python a.py
          env: {SEED: 3, DEBUG: true}
          tags: {stage: 2}
      models:
        m: {experiment: a}
    `);
    assert.deepEqual(spec!.experiments.a, {
      name: 'a',
      command: 'python a.py',
      params: {},
      env: { SEED: '3', DEBUG: 'true' },
      tags: { stage: '2' },
      source: 'spec',
    });
    assert.deepEqual(spec!.models.m, { name: 'm', experiment: 'a', gates: [] });
  });

  it('gives the 1-based position of every experiment, model and monitor key (for CodeLens)', () => {
    const { locations } = parseSpec(yaml`
      experiments:
        train:
          command: [python, t.py]
      models:
        m: {experiment: train}
      monitors:
        live: {model: m, reference: a.csv, current: predictions}
    `);
    assert.deepEqual(locations.experiments.train, { line: 2, column: 3, endLine: 2, endColumn: 8 });
    assert.deepEqual(locations.models.m, { line: 5, column: 3, endLine: 5, endColumn: 4 });
    assert.deepEqual(locations.monitors.live, { line: 7, column: 3, endLine: 7, endColumn: 7 });
  });

  it('still reports locations when the spec has errors, so lenses survive a typo elsewhere', () => {
    const result = parseSpec('experiments:\n  a:\n    command: x\n    gpus: many\n');
    assert.equal(result.spec, null);
    assert.deepEqual(result.locations.experiments.a, { line: 2, column: 3, endLine: 2, endColumn: 4 });
  });

  it('resolves anchors, aliases and merge keys', () => {
    const { spec, problems } = parseSpec(yaml`
      experiments:
        base: &base
          command: [python, t.py]
          params: {lr: 0.1}
        more:
          <<: *base
          params: {lr: 0.5}
    `);
    assert.deepEqual(problems, []);
    assert.deepEqual(spec!.experiments.more.command, ['python', 't.py']);
    assert.deepEqual(spec!.experiments.more.params, { lr: 0.5 });
  });

  it('returns the spec when there are only warnings', () => {
    const { spec, problems } = parseSpec(yaml`
      experiments:
        a:
          command: [python, a.py]
          train: {epochs: 3}
    `);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'warning');
    assert.equal(
      problems[0].message,
      "train in experiment 'a' is only used by trainer: tfjs; this experiment runs its command, which ignores it",
    );
    assert.ok(spec);
  });

  it('accepts params used only through a sweep space, nested params and data in table form', () => {
    const { problems } = parseSpec(yaml`
      experiments:
        a:
          command: "python a.py --lr ${param('lr')} --m ${param('opt.momentum')} --b ${param('batch')}"
          params: {lr: 0.1, opt: {momentum: 0.9}}
          data: {train: d.csv, test: t.csv}
          sweep: {method: grid, space: {batch: {int: [16, 64]}}}
    `);
    assert.deepEqual(problems, []);
  });
});

function locationsOf(text: string) {
  return parseSpec(text).locations;
}
