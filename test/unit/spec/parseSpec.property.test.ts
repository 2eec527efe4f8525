import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseSpec } from '../../../src/core/spec/parseSpec';

/** Pieces of YAML and of mlops.yaml: keys, indentation, flow and block syntax, anchors, tags and placeholders. */
const TOKENS = [
  'experiments:',
  'models:',
  'monitors:',
  'command:',
  'trainer: tfjs',
  'data:',
  'gates:',
  'tests:',
  'params:',
  'sweep:',
  'space:',
  'reference:',
  'current:',
  'model:',
  'layers:',
  'env:',
  '__proto__:',
  'constructor:',
  'prototype:',
  '<<:',
  '\n',
  '\n  ',
  '\n    ',
  '  ',
  ' ',
  '- ',
  ': ',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '|',
  '>',
  '---',
  '...',
  '?',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!str ',
  '!!map ',
  '!tag ',
  '%YAML 1.2\n',
  'x',
  'python t.py',
  '${params.lr',
  '${params.lr}',
  '}',
  '../d.csv',
  '/abs',
  'val_accuracy >>= 0.9',
  'ks',
  'kss',
  'auto',
  '0',
  '-1',
  '1e309',
  '.nan',
  'null',
  '~',
  'true',
  '\t',
  '\\',
  '\u0000',
  '\ufeff',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(''));

const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom('${params.lr', '../x.csv', '/etc/passwd', 'a >>= 1', 'kss', 'predictions', '__proto__'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'command', 'data', 'gates', 'tests')),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
}));

/** Spec-shaped documents: the right sections and keys, with any values under them. */
const specShaped = fc
  .record({
    experiments: fc.dictionary(
      fc.string({ maxLength: 12 }),
      fc.dictionary(
        fc.constantFrom('command', 'trainer', 'data', 'params', 'env', 'cwd', 'sweep', 'model', 'gpus'),
        anyValue.value,
        { maxKeys: 4 },
      ),
      { maxKeys: 3 },
    ),
    models: fc.dictionary(
      fc.string({ maxLength: 12 }),
      fc.dictionary(fc.constantFrom('experiment', 'gates', 'serve'), anyValue.value, { maxKeys: 3 }),
      { maxKeys: 2 },
    ),
    monitors: fc.dictionary(
      fc.string({ maxLength: 12 }),
      fc.dictionary(fc.constantFrom('model', 'reference', 'current', 'tests', 'retrain'), anyValue.value, {
        maxKeys: 5,
      }),
      { maxKeys: 2 },
    ),
  })
  .map((doc) => stringify(doc));

function assertIssueList(text: string): void {
  const result = parseSpec(text);
  for (const p of result.problems) {
    assert.ok(p.line >= 1 && p.column >= 1 && p.endLine >= p.line, `${JSON.stringify(p)} for ${JSON.stringify(text)}`);
    assert.ok(typeof p.message === 'string' && p.message.length > 0);
    assert.doesNotMatch(
      p.message,
      /could not be checked/,
      `an internal error reached the problems for ${JSON.stringify(text)}`,
    );
  }
  assert.equal(
    result.spec === null,
    result.problems.some((p) => p.severity === 'error'),
    JSON.stringify(text),
  );
}

describe('parseSpec on random YAML-ish input: a list of positioned problems, never a throw', () => {
  it('token soup', () => {
    fc.assert(fc.property(tokenSoup, assertIssueList), { numRuns: 1500, seed: 17 });
  });

  it('spec-shaped documents with random values', () => {
    fc.assert(fc.property(specShaped, assertIssueList), { numRuns: 500, seed: 19 });
  });

  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), assertIssueList), {
      numRuns: 500,
      seed: 23,
    });
  });
});
