/**
 * Opt-in suite (npm run test:integration -- activation-bench): prints the extension's activation figures as
 * one JSON line prefixed with MLOPS_BENCH, for test/bench/extension/activation.ts to collect.
 */
import * as assert from 'node:assert/strict';
import { runMochaSuite } from '../mochaRunner';
import { mlopsApi } from '../helpers';

export function run(): Promise<void> {
  return runMochaSuite(() => {
    describe('activation figures', () => {
      it('reports activate() time and time to the first complete scan', async () => {
        const api = await mlopsApi();
        await api.whenIdle();
        const { activateMs, readyMs } = api.activation();
        assert.ok(readyMs !== null, 'the initial scan never finished');
        console.log(
          `MLOPS_BENCH ${JSON.stringify({ activateMs, readyMs, runs: api.runs().length, experiments: api.experiments().length })}`,
        );
      });
    });
  });
}
