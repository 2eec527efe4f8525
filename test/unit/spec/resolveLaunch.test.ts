import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { findExperiment } from '../../../src/core/spec/experiments';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { resolveLaunch } from '../../../src/core/spec/resolveLaunch';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { param } from './specText';

const workspace = resolve('/work/space');
const experiment = (fields: Partial<ExperimentSpec>): ExperimentSpec => ({ name: 'exp', params: {}, ...fields });

describe('resolveLaunch: what to spawn for an experiment', () => {
  it('interpolates params into argv items, overrides winning over defaults, without a shell', () => {
    const plan = resolveLaunch(
      experiment({
        command: ['python', 'train.py', '--lr', param('lr'), `--epochs=${param('epochs')}`],
        params: { lr: 0.001, epochs: 5 },
      }),
      { lr: 0.01 },
      workspace,
    );
    assert.deepEqual(plan, {
      kind: 'command',
      executable: 'python',
      args: ['train.py', '--lr', '0.01', '--epochs=5'],
      shell: false,
      params: { lr: 0.01, epochs: 5 },
      cwd: workspace,
      env: {},
      display: 'python train.py --lr 0.01 --epochs=5',
    });
  });

  it('passes argv values verbatim (no quoting needed) but quotes them in the display', () => {
    const plan = resolveLaunch(
      experiment({ command: ['python', 't.py', param('name')], params: { name: "it's mine" } }),
      {},
      workspace,
      { platform: 'linux' },
    );
    assert.equal(plan.kind, 'command');
    if (plan.kind !== 'command') return;
    assert.deepEqual(plan.args, ['t.py', "it's mine"]);
    assert.equal(plan.display, `python t.py 'it'\\''s mine'`);
  });

  it('runs a string command through the shell, shell-quoting every substituted value', () => {
    const spec = experiment({
      command: `python train.py --name ${param('name')} --layers ${param('layers')} --lr ${param('lr')}`,
      params: { lr: 0.1 },
    });
    const posix = resolveLaunch(spec, { name: 'a b; rm -rf ~', layers: [64, 32] }, workspace, { platform: 'linux' });
    assert.equal(posix.kind === 'command' && posix.shell, true);
    assert.equal(
      posix.kind === 'command' && posix.executable,
      `python train.py --name 'a b; rm -rf ~' --layers '[64,32]' --lr 0.1`,
    );
    assert.deepEqual(posix.kind === 'command' && posix.args, []);
    const windows = resolveLaunch(spec, { name: 'say "hi"', layers: [1] }, workspace, { platform: 'win32' });
    assert.equal(windows.display, `python train.py --name "say ""hi""" --layers "[1]" --lr 0.1`);
  });

  it('swaps python and node for the interpreters the user picked', () => {
    const argv = resolveLaunch(experiment({ command: ['python3', 't.py'] }), {}, workspace, {
      pythonPath: '/opt/venv/bin/python',
    });
    assert.equal(argv.kind === 'command' && argv.executable, '/opt/venv/bin/python');
    const line = resolveLaunch(experiment({ command: 'python t.py | tee log' }), {}, workspace, {
      pythonPath: '/my env/python',
      platform: 'linux',
    });
    assert.equal(line.display, `'/my env/python' t.py | tee log`);
    const node = resolveLaunch(experiment({ command: ['node', 't.js'] }), {}, workspace, {
      nodePath: '/usr/local/bin/node',
    });
    assert.equal(node.kind === 'command' && node.executable, '/usr/local/bin/node');
    const other = resolveLaunch(experiment({ command: ['pythonw', 't.py'] }), {}, workspace, {
      pythonPath: '/x/python',
    });
    assert.equal(other.kind === 'command' && other.executable, 'pythonw');
  });

  it('resolves cwd against the workspace and interpolates env values', () => {
    const plan = resolveLaunch(
      experiment({
        command: ['make'],
        cwd: `runs/${param('seed')}`,
        env: { SEED: param('seed'), MODE: 'fast' },
        params: { seed: 7 },
      }),
      {},
      workspace,
    );
    assert.equal(plan.cwd, join(workspace, 'runs', '7'));
    assert.deepEqual(plan.env, { SEED: '7', MODE: 'fast' });
    assert.equal(
      resolveLaunch(experiment({ command: ['make'], cwd: '/abs/dir' }), {}, workspace).cwd,
      resolve('/abs/dir'),
    );
  });

  it('hands tfjs experiments to the built-in trainer, with same-named params overriding train options', () => {
    const tfjs = experiment({
      trainer: 'tfjs',
      data: { train: 'd.csv', label: 'y' },
      model: { layers: [{ dense: 1 }] },
      train: { epochs: 20, learningRate: 0.001, batchSize: 64 },
      params: { learningRate: 0.01 },
    });
    const plan = resolveLaunch(tfjs, { epochs: 3 }, workspace);
    assert.equal(plan.kind, 'tfjs');
    if (plan.kind !== 'tfjs') return;
    assert.deepEqual(plan.train, { epochs: 3, learningRate: 0.01, batchSize: 64 });
    assert.deepEqual(plan.params, { learningRate: 0.01, epochs: 3 });
    assert.equal(plan.experiment, tfjs);
    assert.equal(plan.display, 'tfjs trainer (exp)');
  });

  it('fails clearly when a placeholder has no param or there is nothing to run', () => {
    assert.throws(
      () => resolveLaunch(experiment({ command: ['python', param('script')], params: { lr: 1 } }), {}, workspace),
      (err: unknown) =>
        err instanceof MlopsError &&
        err.message === '${params.script} refers to a param that is not set' &&
        /Known params: lr/.test(err.hint!),
    );
    assert.throws(() => resolveLaunch(experiment({}), {}, workspace), /experiment 'exp' has nothing to run/);
  });
});

describe('findExperiment', () => {
  const { spec } = parseSpec('experiments:\n  train: {command: [python, t.py]}\n  eval: {command: [python, e.py]}\n');

  it('finds experiments from mlops.yaml by name', () => {
    assert.deepEqual(findExperiment(spec!, 'train').command, ['python', 't.py']);
  });

  it('treats a script path as a script experiment', () => {
    assert.deepEqual(findExperiment(spec!, 'scripts/train.py'), {
      name: 'scripts/train.py',
      command: ['python', 'scripts/train.py'],
      params: {},
      source: 'script',
    });
  });

  it('lists the known experiments when the name is unknown', () => {
    assert.throws(
      () => findExperiment(spec!, 'trian'),
      (err: unknown) =>
        err instanceof MlopsError &&
        err.kind === 'not-found' &&
        err.message === "unknown experiment 'trian'" &&
        err.hint === 'Known experiments: train, eval; or pass a script path such as train.py.',
    );
  });
});
