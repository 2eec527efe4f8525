import { strict as assert } from 'node:assert';
import { MlopsError } from '../../../src/core/errors';
import { mergeParams, parseParamOverride, parseParamOverrides } from '../../../src/core/spec/paramOverrides';

describe('--param overrides', () => {
  it('coerces values the way a person means them', () => {
    const cases: Array<[string, unknown]> = [
      ['lr=0.01', 0.01],
      ['lr=1e-3', 0.001],
      ['epochs=10', 10],
      ['delta=-2.5', -2.5],
      ['shuffle=true', true],
      ['shuffle=false', false],
      ['seed=null', null],
      ['layers=[64,32]', [64, 32]],
      ['opt={"name":"adam","beta":0.9}', { name: 'adam', beta: 0.9 }],
      ['optimizer=adam', 'adam'],
      ['id=007', '007'],
      ['version="1.0"', '1.0'],
      ['note=a=b', 'a=b'],
      ['empty=', ''],
    ];
    for (const [text, value] of cases) assert.deepEqual(parseParamOverride(text).value, value, text);
  });

  it('splits dotted keys into a path for nested params', () => {
    assert.deepEqual(parseParamOverride('optimizer.lr=0.1'), {
      key: 'optimizer.lr',
      path: ['optimizer', 'lr'],
      value: 0.1,
    });
    assert.deepEqual(parseParamOverrides(['optimizer.lr=0.1', 'optimizer.name=sgd', 'epochs=3']), {
      optimizer: { lr: 0.1, name: 'sgd' },
      epochs: 3,
    });
  });

  it('rejects malformed overrides with a hint', () => {
    for (const text of ['lr', '=3', 'a..b=1', 'with space=1', '.lr=1']) {
      assert.throws(
        () => parseParamOverride(text),
        (err: unknown) => err instanceof MlopsError && err.kind === 'bad-input' && /malformed param/.test(err.message),
        text,
      );
    }
    assert.throws(
      () => parseParamOverride('layers=[64,'),
      (err: unknown) =>
        err instanceof MlopsError && /malformed JSON in param layers/.test(err.message) && /\[64,32\]/.test(err.hint!),
    );
  });

  it('merges overrides into defaults: maps key by key, everything else replaced', () => {
    const defaults = { lr: 0.1, optimizer: { name: 'adam', beta: 0.9 }, layers: [64, 32] };
    assert.deepEqual(mergeParams(defaults, { optimizer: { beta: 0.8 }, layers: [8] }), {
      lr: 0.1,
      optimizer: { name: 'adam', beta: 0.8 },
      layers: [8],
    });
    assert.deepEqual(defaults.optimizer, { name: 'adam', beta: 0.9 }, 'defaults are not modified');
  });
});
