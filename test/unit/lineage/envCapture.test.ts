import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureEnv, envCacheDir } from '../../../src/core/lineage/envCapture';
import { forgetPythonEnvs } from '../../../src/core/lineage/pythonEnv';
import { parseCudaVersion, parseGpuQuery } from '../../../src/core/gpu/nvidiaSmi';
import { tempDir } from './tempRepo';

describe('lineage: captureEnv', () => {
  let dir: string;
  let python: string;
  const calls = () =>
    existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0;
  const addPackage = (name: string, version: string) => {
    const meta = join(dir, 'site', `${name}-${version}.dist-info`);
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  };

  beforeEach(() => {
    dir = tempDir('lineage-env-');
    mkdirSync(join(dir, 'site'));
    mkdirSync(join(dir, 'ws'));
    // A wrapper script (like a pyenv shim) that runs the interpreter named in ./target with one extra site
    // folder, and counts full launches (the quick `-S` start that asks which binary it runs is not counted).
    writeFileSync(join(dir, 'target'), 'python3');
    python = join(dir, 'python');
    writeFileSync(
      python,
      `#!/bin/sh\n[ "$1" = "-S" ] || echo x >> "${dir}/calls"\nPYTHONPATH="${dir}/site" exec "$(cat "${dir}/target")" "$@"\n`,
    );
    chmodSync(python, 0o755);
    forgetPythonEnvs();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records OS, CPU, Node, GPUs, and the interpreter version with pip-freeze style packages', async () => {
    addPackage('demo_pkg', '1.2.3');
    const env = await captureEnv({ python, workspace: join(dir, 'ws') });
    assert.match(env.os!, /\S/);
    assert.ok(env.cpuCount! >= 1);
    assert.equal(env.node, process.version);
    assert.ok(Array.isArray(env.gpus));
    assert.match(env.python!, /^3\.\d+\.\d+/);
    assert.ok(
      env.pythonExecutable!.startsWith('/') && env.pythonExecutable !== python,
      'the binary behind the wrapper',
    );
    assert.ok(env.packages!.split('\n').includes('demo_pkg==1.2.3'), env.packages);
  });

  it('reads an interpreter once, and again only when its packages change', async () => {
    const ws = join(dir, 'ws');
    addPackage('demo_pkg', '1.0.0');
    await captureEnv({ python, workspace: ws });
    await captureEnv({ python, workspace: ws });
    assert.equal(calls(), 1);
    forgetPythonEnvs();
    await captureEnv({ python, workspace: ws });
    assert.equal(calls(), 1, 'a new process reuses the on-disk cache');
    assert.ok(existsSync(envCacheDir(ws)));

    rmSync(join(dir, 'site', 'demo_pkg-1.0.0.dist-info'), { recursive: true });
    addPackage('demo_pkg', '2.0.0');
    const env = await captureEnv({ python, workspace: ws });
    assert.equal(calls(), 2);
    assert.ok(env.packages!.includes('demo_pkg==2.0.0'));
  });

  it('reads again when a wrapper switches to another interpreter binary', async () => {
    const first = await captureEnv({ python, workspace: join(dir, 'ws') });
    symlinkSync(first.pythonExecutable!, join(dir, 'other-python'));
    writeFileSync(join(dir, 'target'), join(dir, 'other-python'));
    const second = await captureEnv({ python, workspace: join(dir, 'ws') });
    assert.equal(calls(), 2);
    assert.equal(second.pythonExecutable, join(dir, 'other-python'));
  });

  it('records a missing interpreter instead of failing', async () => {
    const env = await captureEnv({ python: 'no-such-python-here' });
    assert.equal(env.python, undefined);
    assert.match(env.pythonError!, /not found/);
  });

  it('hashes lock files in the workspace', async () => {
    const ws = join(dir, 'ws');
    writeFileSync(join(ws, 'package-lock.json'), '{}');
    const env = await captureEnv({ workspace: ws });
    assert.deepEqual(env.lockfiles, [
      { path: 'package-lock.json', sha256: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' },
    ]);
  });

  it('parses nvidia-smi output with the one parser the backend uses', () => {
    const fields = ['index', 'name', 'driver_version', 'memory.total', 'uuid'];
    const { gpus, driverVersion } = parseGpuQuery(
      '0, NVIDIA H100 80GB HBM3, 550.54.15, 81559, GPU-abc\n1, NVIDIA A10, 550.54.15, 23028, GPU-def\n',
      fields,
    );
    assert.deepEqual(gpus, [
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        uuid: 'GPU-abc',
        memoryTotalMiB: 81559,
        memoryUsedMiB: null,
        utilizationPct: null,
      },
      {
        index: 1,
        name: 'NVIDIA A10',
        uuid: 'GPU-def',
        memoryTotalMiB: 23028,
        memoryUsedMiB: null,
        utilizationPct: null,
      },
    ]);
    assert.equal(driverVersion, '550.54.15');
    assert.equal(
      parseCudaVersion('| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4     |'),
      '12.4',
    );
    assert.equal(parseCudaVersion('no banner'), null);
  });
});
