import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TensorboardFollower } from '../../../src/backend/runs/tensorboardPickup';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams } from '../../../src/core/tracking/runReader';
import { FAST, removeWorkspace, spec, testRunner, workspace } from './helpers';

const fixtures = join(__dirname, '../../fixtures/tensorboard');

/** Skips the test, saying why, where python3 cannot import tensorboardX. */
function requireTensorboardX(test: Mocha.Context): void {
  try {
    execFileSync('python3', ['-c', 'import tensorboardX'], { stdio: 'pipe' });
  } catch (err) {
    const why = ((err as { stderr?: Buffer }).stderr?.toString() ?? String(err)).trim().split('\n').pop();
    console.log(`      skipped: tensorboardX is not importable (${why ?? 'unknown'})`);
    test.skip();
  }
}

describe('mlops run of a script that writes TensorBoard event files', function () {
  this.timeout(60_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('imports its scalars and hparams into the run when it ends (tensorboardX, for real)', async function () {
    requireTensorboardX(this);
    dir = workspace({
      'mlops.yaml': spec({ tb: { command: ['python3', 'train.py'] } }),
      'train.py': [
        'from tensorboardX import SummaryWriter',
        'w = SummaryWriter("runs/exp")',
        'for step in range(20):',
        '    w.add_scalar("loss/train", 1.0 / (step + 1), step)',
        'w.close()',
      ].join('\n'),
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'tb' });
    const record = await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.equal(record.status, 'completed', log);
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/loss/train.tsv'), 'loss/train');
    assert.deepEqual(
      loss.points.map((p) => p.step),
      [...Array(20).keys()],
    );
    assert.equal(loss.points[1].value, 0.5);
    assert.match(log, /mlops: imported 20 TensorBoard point\(s\) of 1 scalar tag\(s\) from runs\/exp/);
    const summary = (await runner.ctx.store.listRuns()).find((r) => r.id === runId)!;
    assert.equal(
      summary.metrics['loss/train'],
      Math.fround(1 / 20),
      `metrics.json follows the imported series: ${JSON.stringify(summary.metrics)} ${readFileSync(join(runDir, 'metrics.json'), 'utf8')}`,
    );
    await runner.close();
  });

  it('warns, in the run log, about event files it could not read, and imports the rest; hparams become params', async () => {
    const truncated = join(fixtures, 'bad/truncated', readdirSync(join(fixtures, 'bad/truncated'))[0]);
    const hparamsDir = join(fixtures, 'logs/torch/hparams');
    const hparams = join(hparamsDir, readdirSync(hparamsDir)[0]);
    dir = workspace({
      'mlops.yaml': spec({
        copy: {
          command: [
            'python3',
            'copy.py',
            truncated,
            'logs/a/events.out.tfevents.1.x',
            hparams,
            'logs/b/events.out.tfevents.2.x',
          ],
        },
      }),
      // The script "writes" its event files by copying fixtures: one cut short, one whole with hparams.
      'copy.py':
        'import shutil, sys\nfor src, dst in zip(sys.argv[1::2], sys.argv[2::2]):\n    import os; os.makedirs(os.path.dirname(dst), exist_ok=True); shutil.copyfile(src, dst)\n',
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'copy' });
    await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.match(
      log,
      /mlops: TensorBoard event file logs\/a\/events\.out\.tfevents\.1\.x could not be read in full: the last record .* is cut short/,
    );
    assert.match(log, /mlops: warning: 1 event file\(s\) could not be read in full/);
    assert.deepEqual(await readParams(runDir), { lr: 0.01, optimizer: 'adam', layers: 3, dropout: 1 });
    const acc = await readMetricSeries(join(runDir, 'plots/metrics/logs/b/hparam/accuracy.tsv'), 'accuracy');
    assert.equal(acc.points.length, 1);
    await runner.close();
  });

  it('reads the event files while the script runs, and ends with every point once (tensorboardX, for real)', async function () {
    requireTensorboardX(this);
    dir = workspace({
      'mlops.yaml': spec({ tb: { command: ['python3', 'train.py'] } }),
      // Five points, flushed; then it waits for the test to see them before it writes five more.
      'train.py': [
        'import os, time',
        'from tensorboardX import SummaryWriter',
        // flush_secs=1: writers flush on their own clock (120 s by default), which is when a point reaches the file.
        'w = SummaryWriter("runs/live", flush_secs=1)',
        'for step in range(5):',
        '    w.add_scalar("loss", 1.0 / (step + 1), step)',
        'while not os.path.exists("go"):',
        '    time.sleep(0.05)',
        'for step in range(5, 10):',
        '    w.add_scalar("loss", 1.0 / (step + 1), step)',
        'w.close()',
      ].join('\n'),
    });
    const { runner } = testRunner(dir, { timing: { ...FAST, tensorboardPollMs: 100 } });
    const { runId, runDir } = await runner.launch({ experiment: 'tb' });
    const tsv = join(runDir, 'plots/metrics/loss.tsv');
    const deadline = Date.now() + 30_000;
    let live: number[] = [];
    while (Date.now() < deadline) {
      live = existsSync(tsv) ? (await readMetricSeries(tsv, 'loss')).points.map((p) => p.step) : [];
      if (live.length >= 5) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(live, [0, 1, 2, 3, 4], 'the first five points are in the run while it runs');
    assert.equal((await runner.ctx.store.getRun(runId))!.status, 'running');
    writeFileSync(join(dir, 'go'), '');
    const record = await runner.waitForEnd(runId);
    const log = readFileSync(join(runDir, 'log.txt'), 'utf8');
    assert.equal(record.status, 'completed', log);
    const loss = await readMetricSeries(tsv, 'loss');
    assert.deepEqual(
      loss.points.map((p) => p.step),
      [...Array(10).keys()],
      'each point once: the end of the run reads on from the last poll',
    );
    assert.match(log, /mlops: imported 10 TensorBoard point\(s\) of 1 scalar tag\(s\) from runs\/live/);
    await runner.close();
  });
});

describe('TensorboardFollower: event files read while they are written', () => {
  let cwd: string;
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const series = (runDir: string) => {
    const out: Record<string, string> = {};
    const walk = (d: string, prefix: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
        else out[prefix + e.name] = readFileSync(join(d, e.name), 'utf8');
      }
    };
    if (existsSync(join(runDir, 'plots/metrics'))) walk(join(runDir, 'plots/metrics'), '');
    return out;
  };

  it('a file copied in pieces cut anywhere (mid-record included), polled by a new follower each time, gives what one read at the end gives', async () => {
    const source = join(fixtures, 'logs/torch');
    const file = readdirSync(source).find((f) => f.includes('tfevents'))!;
    const bytes = readFileSync(join(source, file));
    cwd = mkdtempSync(join(tmpdir(), 'mlops-tb-follow-'));
    const start = Date.now() - 1000;
    const whole = join(cwd, 'whole');
    const pieces = join(cwd, 'pieces');
    for (const d of [whole, pieces]) mkdirSync(join(d, 'run/logs'), { recursive: true });
    writeFileSync(join(whole, 'run/logs', file), bytes);
    const once = await new TensorboardFollower(join(whole, 'run'), join(whole, 'rundir'), start).finish();

    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let at = 0;
    let polls = 0;
    let added = 0;
    while (at < bytes.length) {
      const next = Math.min(bytes.length, at + 1 + Math.floor(rand() * 300));
      appendFileSync(join(pieces, 'run/logs', file), bytes.subarray(at, next));
      at = next;
      added += await new TensorboardFollower(join(pieces, 'run'), join(pieces, 'rundir'), start).poll();
      polls++;
    }
    const end = await new TensorboardFollower(join(pieces, 'run'), join(pieces, 'rundir'), start).finish();
    assert.ok(polls > 10, `${polls} polls`);
    assert.ok(once.points > 10, `the fixture has points: ${once.points}`);
    assert.equal(added, once.points, 'every point arrived before the end');
    assert.equal(end.points, once.points);
    assert.deepEqual(end.messages, once.messages);
    const a = series(join(whole, 'rundir'));
    assert.ok(Object.keys(a).length > 0);
    const b = series(join(pieces, 'rundir'));
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const k of Object.keys(a)) assert.equal(b[k], a[k], k);
  });

  it('a folder that appears beside the first gets prefixed names; the first keeps its own', async () => {
    const tbx = join(fixtures, 'logs/tbx');
    cwd = mkdtempSync(join(tmpdir(), 'mlops-tb-follow-'));
    const start = Date.now() - 1000;
    const run = join(cwd, 'run');
    const runDir = join(cwd, 'rundir');
    for (const sub of ['train', 'val']) mkdirSync(join(run, 'logs', sub), { recursive: true });
    const copy = (sub: string) => {
      const f = readdirSync(join(tbx, sub))[0];
      writeFileSync(join(run, 'logs', sub, f), readFileSync(join(tbx, sub, f)));
    };
    copy('train');
    assert.ok((await new TensorboardFollower(run, runDir, start).poll()) > 0);
    copy('val');
    const end = await new TensorboardFollower(run, runDir, start).finish();
    const names = Object.keys(series(runDir));
    assert.ok(
      names.some((n) => !n.startsWith('logs/')),
      `train's tags keep their bare names: ${names.join(', ')}`,
    );
    assert.ok(
      names.some((n) => n.startsWith('logs/val/')),
      `val's tags are prefixed by its folder: ${names.join(', ')}`,
    );
    assert.match(end.messages[0], /from logs\/train, logs\/val/);
  });
});
