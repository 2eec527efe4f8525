import { strict as assert } from 'node:assert';
import { parseRunFilter, resolveField } from '../../../src/core/tracking/runFilter';
import type { RunSummary } from '../../../src/core/tracking/types';
import { summary } from './fixtures';

const fields = { params: new Set(['lr', 'optimizer.name', 'layers']), metrics: new Set(['val_accuracy', 'loss']) };

const runs: RunSummary[] = [
  summary('a', {
    status: 'completed',
    experiment: 'mlp',
    params: { lr: 0.001, 'optimizer.name': 'adam' },
    metrics: { val_accuracy: 0.95, loss: 0.1 },
  }),
  summary('b', {
    status: 'failed',
    experiment: 'mlp',
    params: { lr: 0.1, 'optimizer.name': 'sgd' },
    metrics: { val_accuracy: 0.5, loss: NaN },
  }),
  summary('c', {
    status: 'completed',
    experiment: 'cnn',
    params: { lr: 0.005 },
    metrics: { val_accuracy: 0.91 },
    tags: { team: 'vision' },
  }),
  summary('d', { status: 'running', experiment: 'cnn', params: {}, metrics: {} }),
];

function ids(text: string): string[] {
  const result = parseRunFilter(text, fields);
  assert.ok(result.ok, `filter '${text}' did not parse: ${result.ok ? '' : result.message}`);
  return runs.filter(result.predicate).map((r) => r.id);
}

describe('runs table filter expressions', () => {
  it('compares metrics and params numerically', () => {
    assert.deepEqual(ids('val_accuracy > 0.9'), ['a', 'c']);
    assert.deepEqual(ids('lr < 0.01'), ['a', 'c']);
    assert.deepEqual(ids('lr >= 0.005'), ['b', 'c']);
  });

  it('matches status and text fields case-insensitively', () => {
    assert.deepEqual(ids('status = completed'), ['a', 'c']);
    assert.deepEqual(ids('status = Completed'), ['a', 'c']);
    assert.deepEqual(ids('optimizer.name = adam'), ['a']);
    assert.deepEqual(ids('experiment ~ nn'), ['c', 'd']);
    assert.deepEqual(ids('tags.team = vision'), ['c']);
  });

  it('combines terms: juxtaposition, commas and "and" mean AND; "or" and "not" work with parentheses', () => {
    assert.deepEqual(ids('val_accuracy > 0.9 lr < 0.01 status = completed'), ['a', 'c']);
    assert.deepEqual(ids('val_accuracy > 0.9, experiment = cnn'), ['c']);
    assert.deepEqual(ids('status = failed or status = running'), ['b', 'd']);
    assert.deepEqual(ids('not (experiment = mlp) && status = completed'), ['c']);
  });

  it('treats a run without the value as not matching, except for !=', () => {
    assert.deepEqual(ids('val_accuracy < 2'), ['a', 'b', 'c']);
    assert.deepEqual(ids('val_accuracy != 0.5'), ['a', 'c', 'd']);
  });

  it('finds NaN values with "= nan" and never matches them in ordering comparisons', () => {
    assert.deepEqual(ids('loss = nan'), ['b']);
    assert.deepEqual(ids('loss > -inf'), ['a']);
  });

  it('treats bare words as free text over id, experiment, status, command and tags', () => {
    assert.deepEqual(ids('vision'), ['c']);
    assert.deepEqual(ids('cnn running'), ['d']);
    assert.deepEqual(ids(''), ['a', 'b', 'c', 'd']);
  });

  it('reports where a filter is wrong', () => {
    const missing = parseRunFilter('val_accuracy >', fields);
    assert.deepEqual(missing, { ok: false, message: "expected a value after '>'", position: 14 });
    const unknown = parseRunFilter('accuracy > 1', fields);
    assert.equal(unknown.ok, false);
    assert.match(unknown.ok ? '' : unknown.message, /no param or metric named 'accuracy'/);
    const paren = parseRunFilter('(lr < 1', fields);
    assert.equal(paren.ok ? '' : paren.message, "missing ')'");
  });

  it('resolves names: run fields, explicit prefixes, then metrics before params', () => {
    assert.equal(resolveField('Status', fields), 'status');
    assert.equal(resolveField('params.loss', fields), 'param:loss');
    assert.equal(resolveField('loss', fields), 'metric:loss');
    assert.equal(resolveField('lr', fields), 'param:lr');
    assert.equal(resolveField('nothing', fields), undefined);
  });
});
