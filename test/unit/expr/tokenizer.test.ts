import { strict as assert } from 'node:assert';
import { tokenize, type Token, type TokenizerOptions } from '../../../src/core/expr/tokenizer';
import { tokenize as gateTokens } from '../../../src/core/registry/gates/lexer';
import { parseRunFilter } from '../../../src/core/tracking/runFilter';
import type { RunSummary } from '../../../src/core/tracking/types';

class AtError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const identifiers: TokenizerOptions = {
  operators: ['<', '>', '-', '(', ')'],
  words: 'identifiers',
  error: (m, at) => new AtError(m, at),
};
const bare: TokenizerOptions = { ...identifiers, words: 'bare', operators: ['<', '>', '~', '(', ')', ','] };
const shape = (tokens: Token[]) =>
  tokens.map((t) => (t.kind === 'end' ? 'end' : `${t.kind}:${String(t.value)}@${t.at}`));

describe('expression tokenizer shared by the runs filter and the gates', () => {
  it('reads = and == as the same operator, and &&/||/! as and/or/not, in both word modes', () => {
    for (const options of [identifiers, bare]) {
      assert.deepEqual(
        shape(tokenize('a = b', options)),
        shape(tokenize('a == b', options)).map((t) => t.replace('@3', '@2').replace('@5', '@4')),
      );
      const ops = tokenize('a && b || c AND d Or e not f', options)
        .filter((t) => t.kind === 'op')
        .map((t) => (t as { value: string }).value);
      assert.deepEqual(ops, ['and', 'or', 'and', 'or', 'not']);
    }
    assert.deepEqual(
      gateTokens('!x').map((t) => t.kind === 'end' || t.value),
      ['not', 'x', true],
    );
  });

  it('splits numbers and dotted names in identifier mode, keeps bare words whole in bare mode', () => {
    assert.deepEqual(shape(tokenize('drift.share-1e-3', identifiers)), [
      'name:drift.share@0',
      'op:-@11',
      'number:0.001@12',
      'end',
    ]);
    assert.deepEqual(shape(tokenize('lr<1e-3 mlp-v2', bare)), [
      'name:lr@0',
      'op:<@2',
      'name:1e-3@3',
      'name:mlp-v2@8',
      'end',
    ]);
    assert.deepEqual(shape(tokenize('ok = TRUE', identifiers)), ['name:ok@0', 'op:==@3', 'boolean:true@5', 'end']);
  });

  it('quotes strings with either quote and names with backticks, and reports positions of errors', () => {
    assert.deepEqual(shape(tokenize(`"a b" 'c' \`train/loss\``, identifiers)), [
      'string:a b@0',
      'string:c@6',
      'name:train/loss@10',
      'end',
    ]);
    assert.throws(
      () => tokenize('x == "open', identifiers),
      (e: unknown) => e instanceof AtError && e.at === 5 && /unterminated string/.test(e.message),
    );
    assert.throws(
      () => tokenize('a ; b', identifiers),
      (e: unknown) => e instanceof AtError && e.at === 2,
    );
    assert.throws(
      () => tokenize('``', bare),
      (e: unknown) => e instanceof AtError && /empty/.test(e.message),
    );
  });

  it('gives the runs filter the same = / == rule as the gates', () => {
    const run = {
      id: 'r1',
      experiment: 'mlp',
      status: 'completed',
      command: 'python train.py',
      tags: {},
      params: { epochs: 3 },
      metrics: {},
    } as unknown as RunSummary;
    const fields = { params: new Set(['epochs']), metrics: new Set<string>() };
    for (const text of ['status = completed', 'status == completed', 'epochs = 3', 'epochs == 3.0']) {
      const result = parseRunFilter(text, fields);
      assert.ok(result.ok, text);
      assert.equal(result.ok && result.predicate(run), true, text);
    }
    const wrong = parseRunFilter('status = failed', fields);
    assert.equal(wrong.ok && wrong.predicate(run), false);
  });
});
