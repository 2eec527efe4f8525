import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, MlopsError } from '../../../src/core/errors';
import { TableCache } from '../../../src/extension/drift/dataJobs';
import { DataWorker } from '../../../src/extension/drift/dataWorker';
import { DEFAULT_SETTINGS } from '../../../src/extension/drift/driftSettings';
import { CURRENT_CSV, TRAIN_CSV } from './fixtures';

const entry = join(__dirname, '..', '..', '..', 'src', 'extension', 'drift', 'dataWorkerMain.ts');

describe('data worker thread', function () {
  this.timeout(60_000);
  let worker: DataWorker;
  let dir: string;
  beforeEach(() => {
    worker = new DataWorker({ entry, execArgv: ['--require', 'tsx/cjs'] });
    dir = mkdtempSync(join(tmpdir(), 'mlops-data-worker-'));
  });
  afterEach(() => {
    worker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('profiles a file off the calling thread and reports progress', async () => {
    const progress: string[] = [];
    const result = await worker.run({ kind: 'profile', path: TRAIN_CSV }, new AbortController().signal, (p) =>
      progress.push(p.message),
    );
    assert.equal(result.kind, 'profile');
    if (result.kind !== 'profile') return;
    assert.equal(result.profile.rowCount, 2000);
    assert.equal(result.profile.columns.length, 6);
    assert.ok(result.bytes > 0);
    assert.ok(progress.some((m) => /profiling 2,000 rows/.test(m)));
  });

  it('runs a drift report with the panel settings and can run again with others', async () => {
    const signal = new AbortController().signal;
    const auto = await worker.run(
      { kind: 'drift', reference: TRAIN_CSV, current: CURRENT_CSV, settings: DEFAULT_SETTINGS },
      signal,
    );
    assert.equal(auto.kind === 'drift' && auto.report.datasetDrift, true);
    const psi = await worker.run(
      {
        kind: 'drift',
        reference: TRAIN_CSV,
        current: CURRENT_CSV,
        settings: { ...DEFAULT_SETTINGS, test: 'psi', columnTests: { age: 'ks' } },
      },
      signal,
    );
    if (psi.kind !== 'drift') throw new Error('expected a drift result');
    assert.deepEqual(
      psi.report.columns.map((c) => [c.column, c.test]).filter(([c]) => c === 'age' || c === 'income'),
      [
        ['age', 'ks'],
        ['income', 'psi'],
      ],
    );
  });

  it('passes errors users can hit back as MlopsError with their hint', async () => {
    const bad = join(dir, 'ragged.csv');
    writeFileSync(bad, 'a,b\n1,2\n3\n');
    await assert.rejects(
      worker.run({ kind: 'profile', path: bad }, new AbortController().signal),
      (e: unknown) => e instanceof MlopsError && /line 3/.test(e.message),
    );
    await assert.rejects(
      worker.run({ kind: 'profile', path: join(dir, 'missing.csv') }, new AbortController().signal),
      MlopsError,
    );
  });

  it('stops a cancelled job and stays usable', async () => {
    const big = join(dir, 'big.csv');
    const rows = ['x,y,z'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i % 977},${(i * 7) % 131},k${i % 13}`);
    writeFileSync(big, rows.join('\n'));
    const controller = new AbortController();
    const job = worker.run({ kind: 'profile', path: big }, controller.signal, () => controller.abort());
    await assert.rejects(job, CancelledError);
    const after = await worker.run({ kind: 'profile', path: TRAIN_CSV }, new AbortController().signal);
    assert.equal(after.kind === 'profile' && after.profile.rowCount, 2000);
  });

  it('an already-aborted signal never starts the job', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(worker.run({ kind: 'profile', path: TRAIN_CSV }, controller.signal), CancelledError);
  });
});

describe('table cache', () => {
  it('reuses a table while the file is unchanged and reads it again after a change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-table-cache-'));
    try {
      const file = join(dir, 'd.csv');
      writeFileSync(file, 'a\n1\n2\n');
      const cache = new TableCache();
      const signal = new AbortController().signal;
      const first = await cache.read(file, signal, () => undefined);
      assert.equal((await cache.read(file, signal, () => undefined)).table, first.table);
      writeFileSync(file, 'a\n1\n2\n3\n');
      const changed = await cache.read(file, signal, () => undefined);
      assert.notEqual(changed.table, first.table);
      assert.equal(changed.table.rowCount, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
