import { strict as assert } from 'node:assert';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { problemsOf, yaml } from './specText';

describe('mlops.yaml: drift test names in monitors.*.tests', () => {
  it('a misspelt test is an error on its value, suggesting the registered name', () => {
    const text = yaml`
      models:
        churn: {}
      monitors:
        live:
          model: churn
          reference: data/ref.csv
          current: data/cur.csv
          tests: {age: kss, plan: chisquare}
    `;
    assert.deepEqual(problemsOf(text), [
      '8:18 invalid value for monitors.live.tests.age: found string "kss"; allowed: auto, ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, hellinger (did you mean \'ks\'?)',
    ]);
    assert.equal(parseSpec(text).spec, null);
  });

  it('accepts every registered test and auto', () => {
    const text = yaml`
      models:
        churn: {}
      monitors:
        live: {model: churn, reference: r.csv, current: c.csv, tests: {a: auto, b: ks, c: psi, d: kl_div, e: hellinger}}
    `;
    assert.deepEqual(problemsOf(text), []);
  });
});
