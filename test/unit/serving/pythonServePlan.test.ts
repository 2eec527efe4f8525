import { strict as assert } from 'node:assert';
import { pythonServe } from '../../../src/backend/serving/deploymentPlan';

describe('which command serves a Python model', () => {
  const cmd = (...extra: string[]) => ['py', '-m', 'mlops_workbench.serve', ...extra];

  it('serve: {python} runs the client server with --predict; serve: {command} is left as written', () => {
    assert.deepEqual(pythonServe({ python: 'scoring:predict', port: 9000 }, { format: null }, 'py'), {
      python: 'scoring:predict',
      port: 9000,
      command: cmd('--predict', 'scoring:predict'),
      health: '/health',
    });
    assert.deepEqual(pythonServe({ command: ['node', 's.js'] }, { format: 'mlops-sklearn-model' }, 'py'), {
      command: ['node', 's.js'],
    });
  });

  it('with no serve:, a scikit-learn or TorchScript artifact (by format, else by its model file) gets the built-in loaders', () => {
    assert.deepEqual(pythonServe(null, { format: 'mlops-sklearn-model' }, 'py')?.command, cmd());
    assert.deepEqual(pythonServe(null, { format: null, files: [{ path: 'model.joblib' }] }, 'py')?.command, cmd());
    assert.deepEqual(pythonServe(null, { format: null, files: [{ path: 'model.pt' }] }, 'py')?.command, cmd());
    assert.equal(pythonServe(null, { format: 'mlops-tfjs-model' }, 'py'), null);
    assert.equal(pythonServe(null, { format: null, files: [{ path: 'sub/model.pkl' }] }, 'py'), null);
  });
});
