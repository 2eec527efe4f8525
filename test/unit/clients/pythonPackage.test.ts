import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { useTempDir } from '../../helpers/tempWorkspace';
import { pythonClientDir, repo } from './clientProcess';

const exec = promisify(execFile);

describe('Python client package (clients/python)', () => {
  const ws = useTempDir();

  it('pyproject.toml and mlops_workbench.__version__ carry the extension version from package.json', () => {
    const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    const pyproject = readFileSync(join(pythonClientDir, 'pyproject.toml'), 'utf8');
    assert.equal(/^version\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1], version);
    const init = readFileSync(join(pythonClientDir, 'mlops_workbench', '__init__.py'), 'utf8');
    assert.equal(/^__version__\s*=\s*"([^"]+)"/m.exec(init)?.[1], version);
  });

  it('outside the runner the experiment is the argument, else MLOPS_EXPERIMENT, else the script path', async () => {
    const env = { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: '', MLOPS_WORKSPACE: ws.path };
    writeFileSync(join(ws.path, 'train.py'), 'import sys\nfrom mlops_workbench import Run\nwith Run(experiment=sys.argv[1] or None) as r:\n    r.log_metric("m", 1)\n');
    await exec('python3', ['train.py', ''], { cwd: ws.path, env: { ...env, MLOPS_EXPERIMENT: '' } });
    await exec('python3', ['train.py', ''], { cwd: ws.path, env: { ...env, MLOPS_EXPERIMENT: 'from-env' } });
    await exec('python3', ['train.py', 'from-arg'], { cwd: ws.path, env: { ...env, MLOPS_EXPERIMENT: 'from-env' } });
    const experiments = (await new FileRunStore(ws.path).listRuns()).map((r) => r.experiment).sort();
    assert.deepEqual(experiments, ['from-arg', 'from-env', 'train.py']);
  });

  it('pip installs into a fresh virtual environment, and `import mlops_workbench` works from any folder', async function () {
    this.timeout(180_000);
    const venv = mkdtempSync(join(tmpdir(), 'mlops-venv-'));
    try {
      try {
        await exec('python3', ['-m', 'venv', venv]);
      } catch (err) {
        console.log(`      skipped: python3 -m venv is not available (${(err as Error).message.split('\n')[0]})`);
        return this.skip();
      }
      // From a copy, so the build leaves no build/ or egg-info in the repository.
      const source = join(venv, 'src');
      cpSync(pythonClientDir, source, { recursive: true, filter: (p) => !p.includes('__pycache__') });
      await exec(join(venv, 'bin', 'pip'), ['install', '--quiet', source], { env: { ...process.env, PYTHONPATH: '' } });
      const script = 'import mlops_workbench, os; print(mlops_workbench.__version__); print(os.path.dirname(mlops_workbench.__file__))';
      const { stdout } = await exec(join(venv, 'bin', 'python'), ['-c', script], { cwd: ws.path, env: { ...process.env, PYTHONPATH: '' } });
      const [version, where] = stdout.trim().split('\n');
      assert.equal(version, (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version);
      assert.ok(where.startsWith(venv), `imported from ${where}, not from the venv`);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  });
});
