import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { storePaths } from '../../../src/core/store/layout';
import { RunLogger } from '../../../src/core/tracking/runLogger';
import type { RunId } from '../../../src/core/tracking/types';
import { useTempDir } from '../../helpers/tempWorkspace';

const run = promisify(execFile);

const newRun = (experiment = 'mlp') => ({
  experiment,
  command: 'python train.py',
  argv: ['python', 'train.py'],
  shell: false,
  cwd: '/tmp',
});

describe('the .mlops file run store', () => {
  const ws = useTempDir();

  it('creates a run folder with run.json, params.yaml and an index row', async () => {
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun({ ...newRun(), params: { lr: 0.1, opt: { name: 'adam' } } });
    assert.equal(rec.status, 'queued');
    const dir = store.runDir(rec.id);
    assert.ok(existsSync(join(dir, 'run.json')) && existsSync(join(dir, 'artifacts')));
    const [row] = await store.listRuns();
    assert.equal(row.id, rec.id);
    assert.deepEqual(row.params, { lr: 0.1, 'opt.name': 'adam' });
  });

  it('lists newest first and filters by experiment and status', async () => {
    const store = new FileRunStore(ws.path);
    const a = await store.createRun(newRun('a'));
    const b = await store.createRun(newRun('b'));
    await store.updateRun(b.id, { status: 'completed' });
    assert.deepEqual(
      (await store.listRuns()).map((r) => r.id),
      [b.id, a.id],
    );
    assert.deepEqual(
      (await store.listRuns({ experiment: 'a' })).map((r) => r.id),
      [a.id],
    );
    assert.deepEqual(
      (await store.listRuns({ status: 'completed' })).map((r) => r.id),
      [b.id],
    );
  });

  it('refreshes a row with the latest metrics a script logged', async () => {
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun(newRun());
    const logger = new RunLogger(store.runDir(rec.id));
    logger.logMetric('val_accuracy', 0.93, 4);
    logger.close();
    const row = await store.refreshSummary(rec.id);
    assert.deepEqual(row?.metrics, { val_accuracy: 0.93 });
    assert.equal(row?.step, 4);
  });

  it('keeps NaN and Infinity metric values through index.json', async () => {
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun(newRun());
    const logger = new RunLogger(store.runDir(rec.id));
    logger.logMetric('loss', NaN);
    logger.logMetric('grad', -Infinity);
    logger.close();
    await store.refreshSummary(rec.id);
    const [row] = await new FileRunStore(ws.path).listRuns();
    assert.ok(Number.isNaN(row.metrics.loss));
    assert.equal(row.metrics.grad, -Infinity);
  });

  it('rebuilds the index from run folders, reporting runs with missing or corrupt run.json', async () => {
    const store = new FileRunStore(ws.path);
    const good = await store.createRun(newRun());
    const runs = storePaths(ws.path).runs;
    mkdirSync(join(runs, '0000000000aaaa'));
    mkdirSync(join(runs, '0000000000bbbb'));
    writeFileSync(join(runs, '0000000000bbbb', 'run.json'), '{"id": "0000000000bbbb", "experiment": ');
    const report = await store.rebuildIndex();
    assert.equal(report.indexed, 1);
    assert.match(report.problems['0000000000aaaa'], /missing/);
    assert.match(report.problems['0000000000bbbb'], /not valid JSON/);
    assert.deepEqual(
      (await store.listRuns()).map((r) => r.id),
      [good.id],
    );
  });

  it('lists a run whose folder was indexed as a problem before its run.json was written', async () => {
    const store = new FileRunStore(ws.path);
    const early = await store.createRun(newRun());
    const dir = store.runDir(early.id);
    const record = readFileSync(join(dir, 'run.json'), 'utf8');
    rmSync(join(dir, 'run.json'));
    assert.match((await store.rebuildIndex()).problems[early.id], /missing/);
    writeFileSync(join(dir, 'run.json'), record);
    assert.deepEqual(
      (await store.listRuns()).map((r) => r.id),
      [early.id],
    );
    assert.deepEqual(Object.keys((await store.rebuildIndex()).problems), []);
  });

  it('moves a corrupt index aside and rebuilds it instead of emptying it', async () => {
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun(newRun());
    writeFileSync(storePaths(ws.path).index, '{ this is not json');
    const fresh = new FileRunStore(ws.path);
    assert.deepEqual(
      (await fresh.listRuns()).map((r) => r.id),
      [rec.id],
    );
    const aside = readdirSync(storePaths(ws.path).root).filter((f) => f.startsWith('index.json.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(storePaths(ws.path).root, aside[0]), 'utf8'), '{ this is not json');
  });

  it('picks up run folders written by another process without an index update', async () => {
    const store = new FileRunStore(ws.path);
    await store.listRuns();
    const other = new FileRunStore(ws.path);
    const rec = await other.createRun(newRun());
    const dir = store.runDir(rec.id);
    const foreign = join(storePaths(ws.path).runs, '01zzzzzzzzqqqq');
    mkdirSync(foreign);
    writeFileSync(
      join(foreign, 'run.json'),
      JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')), id: '01zzzzzzzzqqqq' }),
    );
    assert.deepEqual(new Set((await store.listRuns()).map((r) => r.id)), new Set([rec.id, '01zzzzzzzzqqqq']));
  });

  it('resolves unique id prefixes and refuses ids that could escape the runs folder', async () => {
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun(newRun());
    assert.equal(await store.resolveRunId(rec.id.slice(0, 12)), rec.id);
    await assert.rejects(store.resolveRunId('nope'), /no run 'nope'/);
    assert.throws(() => store.runDir('../../etc' as RunId), /not a run id/);
  });

  it('serialises updates from several processes so none is lost', async function () {
    this.timeout(60_000);
    const store = new FileRunStore(ws.path);
    const rec = await store.createRun(newRun());
    const script = `
      const { FileRunStore } = require(${JSON.stringify(join(__dirname, '../../../src/core/store/fileRunStore'))});
      const store = new FileRunStore(process.argv[1]);
      (async () => {
        for (let i = 0; i < 10; i++) await store.updateRun(process.argv[2], { tags: { writer: process.argv[3] } });
        const s = new FileRunStore(process.argv[1]);
        const r = await s.createRun({ experiment: 'p' + process.argv[3], command: 'x', argv: ['x'], shell: false, cwd: '/' });
      })().catch((e) => { console.error(e); process.exit(1); });`;
    await Promise.all(
      [1, 2, 3].map((n) =>
        run(process.execPath, ['-r', 'tsx/cjs', '-e', script, ws.path, rec.id, String(n)], {
          cwd: join(__dirname, '../../..'),
        }),
      ),
    );
    const index = JSON.parse(readFileSync(storePaths(ws.path).index, 'utf8'));
    assert.equal(Object.keys(index.runs).length, 4, 'every concurrent createRun reached the index');
    const rebuilt = await store.rebuildIndex();
    assert.equal(rebuilt.indexed, 4);
    assert.deepEqual(Object.keys(rebuilt.problems), []);
  });
});

describe('the .mlops folder in git', () => {
  const ws = useTempDir();

  it('keeps run folders and caches out of git status but leaves the registry committable', async () => {
    await new FileRunStore(ws.path).createRun(newRun());
    // What a crash in the middle of taking or breaking the store lock can leave behind.
    writeFileSync(join(storePaths(ws.path).root, 'store.lock.0123abcd.tmp'), '{}');
    writeFileSync(join(storePaths(ws.path).root, 'store.lock.stale-89ab'), '{}');
    const ignore = readFileSync(join(storePaths(ws.path).root, '.gitignore'), 'utf8');
    assert.match(ignore, /^runs\/$/m);
    assert.match(ignore, /^index\.json$/m);
    assert.doesNotMatch(ignore, /registry\.json|audit\.jsonl/);
    await run('git', ['init', '-q'], { cwd: ws.path });
    const status = await run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ws.path });
    assert.deepEqual(status.stdout.trim().split('\n'), ['?? .mlops/.gitignore']);
  });
});
