import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { runPaths } from '../../../src/core/store/layout';
import { fakeNvidiaSmi, NODE, prependPath, removeWorkspace, spec, testRunner, workspace } from './helpers';

const PRINT_CUDA = [NODE, '-e', 'console.log("CUDA_VISIBLE_DEVICES=[" + process.env.CUDA_VISIBLE_DEVICES + "]")'];

describe('backend: gpus on a machine without enough GPUs', () => {
  let dir = '';
  let restorePath: () => void = () => undefined;
  afterEach(() => {
    restorePath();
    if (dir) removeWorkspace(dir);
  });

  it('gpus: N refuses the run with a hint naming --cpu and fallback: cpu, and never says it runs on CPU', async () => {
    restorePath = prependPath(fakeNvidiaSmi(0));
    dir = workspace({ 'mlops.yaml': spec({ one: { command: PRINT_CUDA, gpus: 1 } }) });
    const { runner } = testRunner(dir);
    await assert.rejects(runner.launch({ experiment: 'one' }), (err: Error & { hint?: string }) => {
      assert.match(err.message, /experiment 'one' asks for 1 GPU but this machine has none/);
      assert.doesNotMatch(err.message, /runs on CPU/);
      assert.match(err.hint ?? '', /mlops run one --cpu/);
      assert.match(err.hint ?? '', /gpus: \{count: 1, fallback: cpu\}/);
      return true;
    });
    assert.deepEqual(await runner.ctx.store.listRuns(), [], 'no run was created');
    await runner.close();
  });

  it('gpus: {count: 1, fallback: cpu} runs on CPU and says so in the run log', async () => {
    restorePath = prependPath(fakeNvidiaSmi(0));
    dir = workspace({ 'mlops.yaml': `${spec({ one: { command: PRINT_CUDA } })}    gpus: {count: 1, fallback: cpu}\n` });
    const { runner } = testRunner(dir);
    const launched = await runner.launch({ experiment: 'one' });
    assert.equal((await runner.waitForEnd(launched.runId)).status, 'completed');
    const log = readFileSync(runPaths(launched.runDir).log, 'utf8');
    assert.match(log, /asks for 1 GPU but this machine has none: running on CPU \(gpus\.fallback: cpu\)/);
    assert.match(log, /CUDA_VISIBLE_DEVICES=\[\]/);
    await runner.close();
  });

  it('the cpu option runs a gpus: N experiment on CPU even where GPUs are free', async () => {
    restorePath = prependPath(fakeNvidiaSmi(2));
    dir = workspace({ 'mlops.yaml': spec({ one: { command: PRINT_CUDA, gpus: 1 } }) });
    const { runner } = testRunner(dir);
    const launched = await runner.launch({ experiment: 'one', cpu: true });
    assert.equal((await runner.waitForEnd(launched.runId)).status, 'completed');
    const log = readFileSync(runPaths(launched.runDir).log, 'utf8');
    assert.match(log, /running on CPU as --cpu asked/);
    assert.match(log, /CUDA_VISIBLE_DEVICES=\[\]/);
    assert.deepEqual((await runner.ctx.store.getRun(launched.runId))?.gpus ?? [], []);
    await runner.close();
  });

  it('a spec with gpus: {count, fallback} passes the schema, and a bad fallback does not', () => {
    const ok = parseSpec('experiments:\n  a:\n    command: [x]\n    gpus: {count: 2, fallback: cpu}\n');
    assert.equal(ok.spec?.experiments.a.gpus, 2);
    assert.equal(ok.spec?.experiments.a.gpuFallback, 'cpu');
    assert.equal(
      parseSpec('experiments:\n  a:\n    command: [x]\n    gpus: 1\n').spec?.experiments.a.gpuFallback,
      undefined,
    );
    assert.ok(
      parseSpec('experiments:\n  a:\n    command: [x]\n    gpus: {count: 1, fallback: gpu}\n').problems.some(
        (p) => p.severity === 'error',
      ),
    );
  });
});
