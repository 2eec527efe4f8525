import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { listMetricSeries } from '../../../src/core/tracking/runReader';
import { SeriesColumnsTail } from '../../../src/core/tracking/seriesColumns';
import { SIDECAR_MIN_POINTS, SeriesSidecar, seriesSidecarDir } from '../../../src/core/tracking/seriesSidecar';
import type { TailState } from '../../../src/core/tracking/seriesColumns';
import { FAST, NODE, REPO, removeWorkspace, spec, testRunner, workspace } from './helpers';

const POINTS = SIDECAR_MIN_POINTS + 1000;

/** A run script writing a big `train/loss` series and a small `acc` one into its run folder, dvclive-style. */
const TRAIN_JS = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(path.join(dir, 'train'), { recursive: true });
let loss = 'timestamp\\tstep\\tloss\\n', acc = 'timestamp\\tstep\\tacc\\n';
for (let i = 0; i < ${POINTS}; i++) loss += (1700000000000 + i) + '\\t' + i + '\\t' + (1 / (i + 1)) + '\\n';
for (let i = 0; i < 30; i++) acc += (1700000000000 + i) + '\\t' + i + '\\t' + (i / 30) + '\\n';
fs.writeFileSync(path.join(dir, 'train', 'loss.tsv'), loss);
fs.writeFileSync(path.join(dir, 'acc.tsv'), acc);
console.log('trained');`;

function columnsOf(state: Pick<TailState, 'columns'>) {
  const c = state.columns;
  return [c.step, c.time, c.value].map((a) => Array.from(a.subarray(0, c.length)));
}

/** What the panel would find for each series of the run: sidecar columns, or undefined when it must parse the TSV. */
async function sidecarsOf(dir: string, runId: string) {
  const sidecar = new SeriesSidecar(seriesSidecarDir(dir));
  const out = new Map<string, { saved: TailState | undefined; fresh: TailState }>();
  for (const s of await listMetricSeries(new FileRunStore(dir).runDir(runId as never))) {
    const tail = new SeriesColumnsTail(s.path, s.name);
    await tail.poll();
    out.set(s.name, { saved: await sidecar.load(s.path, s.name), fresh: tail.state() as TailState });
  }
  return out;
}

function mlops(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(NODE, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args, '--workspace', dir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('series sidecars of finished runs', function () {
  this.timeout(60_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('a run ended by the runner leaves a sidecar equal to a fresh parse, and none for a small series', async () => {
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [NODE, 'train.js'] } }), 'train.js': TRAIN_JS });
    const { runner, events } = testRunner(dir);
    const { runId } = await runner.launch({ experiment: 'train' });
    assert.equal((await runner.waitForEnd(runId)).status, 'completed');
    assert.ok(events.some((e) => e.type === 'runStatus' && e.status === 'completed'));
    await runner.sidecarsWritten();
    await runner.close();

    const found = await sidecarsOf(dir, runId);
    assert.deepEqual([...found.keys()], ['acc', 'train/loss']);
    const loss = found.get('train/loss');
    assert.ok(loss?.saved, 'train/loss has a sidecar');
    assert.equal(loss.saved.columns.length, POINTS);
    assert.deepEqual(columnsOf(loss.saved), columnsOf(loss.fresh));
    assert.equal(loss.saved.offset, loss.fresh.offset);
    assert.equal(found.get('acc')?.saved, undefined);
    assert.equal(readdirSync(seriesSidecarDir(dir)).length, 1, 'one sidecar, no temp files');
  });

  it('a running run gets its sidecar while it logs, appended as the series grows, equal to a fresh parse at its end', async () => {
    // Logs a first block, waits for its sidecar to appear, logs a second block, then waits for `go` to end.
    const script = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const rows = (a, b) => { let t = ''; for (let i = a; i < b; i++) t += (1700000000000 + i) + '\\t' + i + '\\t' + Math.sin(i) + '\\n'; return t; };
fs.writeFileSync(path.join(dir, 'loss.tsv'), 'timestamp\\tstep\\tloss\\n' + rows(0, ${POINTS}));
const until = (f, then) => { const t = setInterval(() => { if (fs.existsSync(f)) { clearInterval(t); then(); } }, 20); };
until(path.join(process.env.MLOPS_RUN_DIR, 'more'), () => { fs.appendFileSync(path.join(dir, 'loss.tsv'), rows(${POINTS}, ${POINTS} + 5000)); until(path.join(process.env.MLOPS_RUN_DIR, 'go'), () => {}); });`;
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [NODE, 'train.js'] } }), 'train.js': script });
    const { runner } = testRunner(dir, { timing: { ...FAST, sidecarMs: 50 } });
    const { runId } = await runner.launch({ experiment: 'train' });
    const runDir = new FileRunStore(dir).runDir(runId);
    const sidecarLength = async () => (await sidecarsOf(dir, runId)).get('loss')?.saved?.columns.length ?? 0;
    const waitFor = async (what: string, test: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 20_000; !(await test());) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await waitFor('the first sidecar', async () => (await sidecarLength()) === POINTS);
    const file = readdirSync(seriesSidecarDir(dir)).map((f) => join(seriesSidecarDir(dir), f))[0];
    const inode = statSync(file).ino;
    assert.equal(
      (await new FileRunStore(dir).getRun(runId))?.status,
      'running',
      'the sidecar was written while the run was running',
    );
    writeFileSync(join(runDir, 'more'), '');
    await waitFor('the appended points', async () => (await sidecarLength()) === POINTS + 5000);
    assert.equal(statSync(file).ino, inode, 'the grown series was appended to the same sidecar file, not rewritten');
    writeFileSync(join(runDir, 'go'), '');
    assert.equal((await runner.waitForEnd(runId)).status, 'completed');
    await runner.sidecarsWritten();
    await runner.close();
    const loss = (await sidecarsOf(dir, runId)).get('loss');
    assert.ok(loss?.saved);
    assert.deepEqual(columnsOf(loss.saved), columnsOf(loss.fresh));
  });

  it('closing the runner while sidecars are pending leaves whole sidecars or none, never a temp file', async () => {
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [NODE, 'train.js'] } }), 'train.js': TRAIN_JS });
    const { runner } = testRunner(dir);
    const { runId } = await runner.launch({ experiment: 'train' });
    assert.equal((await runner.waitForEnd(runId)).status, 'completed');
    await runner.close();
    const files = existsSync(seriesSidecarDir(dir)) ? readdirSync(seriesSidecarDir(dir)) : [];
    assert.deepEqual(
      files.filter((f) => !f.endsWith('.f64')),
      [],
    );
    const loss = (await sidecarsOf(dir, runId)).get('train/loss');
    assert.equal(files.length, loss?.saved ? 1 : 0);
    if (loss?.saved) assert.deepEqual(columnsOf(loss.saved), columnsOf(loss.fresh));
  });

  it('`mlops run` writes the sidecars before it exits; `mlops cache build` warms an imported run', async () => {
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [NODE, 'train.js'] } }), 'train.js': TRAIN_JS });
    const run = await mlops(dir, ['run', 'train', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const { runId } = JSON.parse(run.stdout) as { runId: string };
    assert.ok((await sidecarsOf(dir, runId)).get('train/loss')?.saved, 'the CLI run left its sidecar');

    const store = new FileRunStore(dir);
    const imported = await store.createRun({
      experiment: 'imported',
      command: 'elsewhere',
      argv: [],
      shell: false,
      cwd: dir,
    });
    await store.updateRun(imported.id, { status: 'completed', endedAt: new Date().toISOString() });
    const plots = join(store.runDir(imported.id), 'plots', 'metrics');
    mkdirSync(plots, { recursive: true });
    const lines = Array.from({ length: POINTS }, (_, i) => `${i}\t${Math.sqrt(i)}`).join('\n');
    writeFileSync(join(plots, 'rmse.tsv'), `step\trmse\n${lines}\n`);
    assert.equal((await sidecarsOf(dir, imported.id)).get('rmse')?.saved, undefined);

    const built = await mlops(dir, ['cache', 'build', '--json']);
    assert.equal(built.code, 0, built.stderr);
    const { runs, written, current, small, problems } = JSON.parse(built.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { runs, written, current, small, problems },
      { runs: 2, written: 1, current: 1, small: 1, problems: {} },
    );
    const rmse = (await sidecarsOf(dir, imported.id)).get('rmse');
    assert.ok(rmse?.saved);
    assert.deepEqual(columnsOf(rmse.saved), columnsOf(rmse.fresh));

    const bad = await mlops(dir, ['cache', 'rebuild']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown cache action 'rebuild'.*mlops cache build/);
  });
});
