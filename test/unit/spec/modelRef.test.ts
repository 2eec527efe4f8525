import { strict as assert } from 'node:assert';
import { MlopsError } from '../../../src/core/errors';
import { formatModelRef, parseModelRef, tryParseModelRef } from '../../../src/core/spec/modelRef';

describe('model references: name, name@alias, name:version', () => {
  it('parses the three forms and formats them back', () => {
    assert.deepEqual(parseModelRef('churn'), { name: 'churn', kind: 'latest' });
    assert.deepEqual(parseModelRef('churn@production'), { name: 'churn', kind: 'alias', alias: 'production' });
    assert.deepEqual(parseModelRef('churn:12'), { name: 'churn', kind: 'version', version: 12 });
    for (const text of ['churn', 'churn@champion', 'churn:3']) assert.equal(formatModelRef(parseModelRef(text)), text);
  });

  it('rejects anything else with the accepted forms as a hint', () => {
    for (const text of ['', 'churn@', 'churn:0', 'churn:v2', 'churn@a@b', '@prod'])
      assert.equal(tryParseModelRef(text), null, text);
    assert.throws(
      () => parseModelRef('churn:'),
      (err: unknown) => err instanceof MlopsError && /NAME@ALIAS/.test(err.hint!),
    );
  });
});
