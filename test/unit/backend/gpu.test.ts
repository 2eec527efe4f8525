import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickGpus } from '../../../src/backend/gpu/gpuAllocation';
import { NO_GPU_MESSAGE, parseComputeApps, parseGpuQuery, queryGpus } from '../../../src/core/gpu/nvidiaSmi';
import { gpuFigures } from '../../../src/backend/system/systemSampler';
import { fakeNvidiaSmi, FIXTURES, prependPath } from './helpers';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('GPU inventory', () => {
  it('parses the real H100 query output without a header', () => {
    const { gpus, driverVersion } = parseGpuQuery(fixture('query-gpu-busy.csv'));
    assert.deepEqual(gpus, [
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        uuid: 'GPU-e134a9fd-e1ce-d5fb-e6ca-c871ff81b666',
        memoryTotalMiB: 81559,
        memoryUsedMiB: 1395,
        utilizationPct: 100,
      },
    ]);
    assert.equal(driverVersion, '580.159.04');
  });

  it('parses the output with a header and units', () => {
    const { gpus } = parseGpuQuery(fixture('query-gpu-idle-with-header.csv'));
    assert.equal(gpus.length, 1);
    assert.equal(gpus[0].memoryTotalMiB, 81559);
    assert.equal(gpus[0].memoryUsedMiB, 0);
    assert.equal(gpus[0].utilizationPct, 0);
  });

  it('parses the short five-column query as the issue writes it', () => {
    const { gpus } = parseGpuQuery('0, Tesla T4, 15360, 100, 7\n1, Tesla T4, 15360, 0, [N/A]\n', [
      'index',
      'name',
      'memory.total',
      'memory.used',
      'utilization.gpu',
    ]);
    assert.deepEqual(
      gpus.map((g) => [g.index, g.memoryUsedMiB, g.utilizationPct]),
      [
        [0, 100, 7],
        [1, 0, null],
      ],
    );
  });

  it('parses compute apps and attributes GPU use to a run by its pids', () => {
    const apps = parseComputeApps(fixture('query-compute-apps-busy.csv'));
    assert.deepEqual(apps, [
      { pid: 424, processName: 'python3', usedMemoryMiB: 1386, gpuUuid: 'GPU-e134a9fd-e1ce-d5fb-e6ca-c871ff81b666' },
    ]);
    const inventory = {
      gpus: parseGpuQuery(fixture('query-gpu-busy.csv')).gpus,
      message: null,
      driverVersion: null,
      sampledAt: '',
    };
    assert.deepEqual(gpuFigures({ inventory, apps }, [], new Set([424])), { util: 100, mem: 1386 });
    assert.deepEqual(gpuFigures({ inventory, apps }, [0], new Set()), { util: 100, mem: 1395 });
    assert.equal(gpuFigures({ inventory, apps }, [], new Set([1])), null);
  });

  it('says "no GPU found: runs on CPU" when nvidia-smi is absent, and reads a fake one on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const none = await queryGpus();
      assert.deepEqual(none.gpus, []);
      assert.equal(none.message, NO_GPU_MESSAGE);
    } finally {
      process.env.PATH = saved;
    }
    const restoreFake = prependPath(fakeNvidiaSmi(2));
    try {
      const two = await queryGpus();
      assert.deepEqual(
        two.gpus.map((g) => g.index),
        [0, 1],
      );
      assert.equal(two.message, null);
    } finally {
      restoreFake();
    }
  });

  it('allocates free GPUs, or shares the least loaded when allowed', () => {
    assert.deepEqual(pickGpus([0, 1, 2], [[1]], 2, false), [0, 2]);
    assert.equal(pickGpus([0, 1], [[0], [1]], 1, false), null);
    assert.deepEqual(pickGpus([0, 1], [[0], [0], [1]], 1, true), [1]);
    assert.equal(pickGpus([0], [], 2, true), null);
    assert.deepEqual(pickGpus([], [], 0, false), []);
  });
});
