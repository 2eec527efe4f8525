import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { readSweep, sweepsDir } from '../../../src/core/sweep/sweepStore';
import { NODE, REPO, removeWorkspace, workspace } from './helpers';
import { cliContext } from '../cli/cliContext';

/** A training script that logs `loss` each epoch through the file protocol: it converges to (log10 lr + 2)² (+0.5 for sgd). */
const TRAIN = `
const fs = require('fs'); const path = require('path');
const p = JSON.parse(process.env.MLOPS_PARAMS || '{}');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics'); fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'loss.tsv'); fs.writeFileSync(file, 'timestamp\\tstep\\tloss\\n');
const target = p.opt === 'broken' ? NaN : (Math.log10(p.lr) + 2) ** 2 + (p.opt === 'sgd' ? 0.5 : 0);
let step = 0;
const tick = () => {
  fs.appendFileSync(file, Date.now() + '\\t' + step + '\\t' + (target + 1 / (step + 1)) + '\\n');
  if (++step < p.epochs) setTimeout(tick, p.pause);
};
tick();
`;

function spec(sweep: string, extra = '') {
  return [
    'experiments:',
    '  toy:',
    `    command: ${JSON.stringify([NODE, 'train.js'])}`,
    '    params: {lr: 0.01, opt: adam, epochs: 4, pause: 5}',
    `    metric: {name: loss, goal: minimize${extra}}`,
    `    sweep: ${sweep}`,
    '',
  ].join('\n');
}

type SweepJson = {
  sweepId: string;
  method: string;
  status: string;
  error: string | null;
  best: { runId: string; params: Record<string, unknown>; value: number } | null;
  trials: Array<{
    runId: string;
    params: Record<string, unknown>;
    value: number | null;
    status: string;
    error?: string;
  }>;
};

async function sweep(dir: string, argv: string[], signal?: AbortSignal) {
  const ctx = cliContext(sweepCommand, dir, [...argv, '--json']);
  if (signal) ctx.signal = signal;
  const result = await sweepCommand.run(ctx);
  return { exitCode: result.exitCode ?? 0, json: result.json as SweepJson, errors: ctx.errors() };
}

function runRecord(dir: string, runId: string) {
  return JSON.parse(readFileSync(join(dir, '.mlops', 'runs', runId, 'run.json'), 'utf8'));
}

function lossLines(dir: string, runId: string): number {
  return (
    readFileSync(join(dir, '.mlops', 'runs', runId, 'plots', 'metrics', 'loss.tsv'), 'utf8')
      .trim()
      .split('\n').length - 1
  );
}

describe('mlops sweep', function () {
  this.timeout(120_000);
  let dir = '';
  afterEach(() => {
    if (dir) removeWorkspace(dir);
    dir = '';
  });

  it('runs a tpe sweep through the queue: trials are runs with sweep and trial fields, the best is the lowest value', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec(
        '{method: tpe, trials: 6, concurrency: 2, seed: 5, space: {lr: {loguniform: [0.0001, 1]}, opt: {values: [adam, sgd]}}}',
      ),
    });
    const { exitCode, json, errors } = await sweep(dir, ['toy']);
    assert.equal(exitCode, 0, errors);
    assert.deepEqual(
      Object.keys(json).filter((k) => ['sweepId', 'method', 'best', 'trials'].includes(k)),
      ['sweepId', 'method', 'best', 'trials'],
    );
    assert.equal(json.method, 'tpe');
    assert.equal(json.trials.length, 6);
    for (const [i, t] of json.trials.entries()) {
      assert.deepEqual(Object.keys(t).slice(0, 4), ['runId', 'params', 'value', 'status']);
      assert.equal(t.status, 'completed');
      const record = runRecord(dir, t.runId);
      assert.equal(record.sweep, json.sweepId);
      assert.equal(record.trial, i);
      assert.equal(record.status, 'completed');
      assert.ok((t.params.lr as number) >= 0.0001 && (t.params.lr as number) <= 1);
    }
    const lowest = Math.min(...json.trials.map((t) => t.value!));
    assert.equal(json.best!.value, lowest);
    assert.equal(json.trials.find((t) => t.runId === json.best!.runId)!.value, lowest);
    const record = await readSweep(dir, json.sweepId);
    assert.equal(record!.status, 'completed');
    assert.equal(record!.owner, null);

    const again = await sweep(dir, ['toy', '--concurrency', '1']);
    assert.deepEqual(
      again.json.trials.map((t) => t.params),
      json.trials.map((t) => t.params),
      'same seed, same proposals',
    );
    assert.notEqual(again.json.sweepId, json.sweepId);
  });

  it('stops trials worse than the median (status pruned, their points kept), and finds the same best', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec(
        '{method: random, trials: 8, concurrency: 1, seed: 3, earlyStop: {rule: median, minSteps: 2, minTrials: 2}, space: {lr: {loguniform: [0.0001, 1]}, opt: {values: [adam, sgd]}}}',
      ).replace('epochs: 4, pause: 5', 'epochs: 40, pause: 40'),
    });
    const { exitCode, json, errors } = await sweep(dir, ['toy']);
    assert.equal(exitCode, 0, errors);
    const pruned = json.trials.filter((t) => t.status === 'pruned');
    assert.ok(pruned.length >= 2, JSON.stringify(json.trials.map((t) => t.status)));
    for (const t of pruned) {
      assert.match(t.error!, /median rule: .* at step \d+ is worse than the median/);
      assert.equal(runRecord(dir, t.runId).status, 'pruned');
      const kept = lossLines(dir, t.runId);
      assert.ok(kept >= 3 && kept < 40, `pruned trial kept ${kept} points`);
    }
    const completed = json.trials.filter((t) => t.status === 'completed');
    assert.equal(json.best!.value, Math.min(...completed.map((t) => t.value!)));
    assert.ok(
      pruned.every((t) => t.value! > json.best!.value),
      'no pruned trial was better than the best',
    );
  });

  it('ASHA stops trials outside the top third at a rung; their runs end pruned with the rung in the reason', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec(
        '{method: random, trials: 6, concurrency: 1, seed: 3, earlyStop: {rule: asha, minSteps: 2, reductionFactor: 3}, space: {lr: {loguniform: [0.0001, 1]}}}',
      ).replace('epochs: 4, pause: 5', 'epochs: 30, pause: 30'),
    });
    const { exitCode, json, errors } = await sweep(dir, ['toy']);
    assert.equal(exitCode, 0, errors);
    const pruned = json.trials.filter((t) => t.status === 'pruned');
    assert.ok(pruned.length >= 1, JSON.stringify(json.trials.map((t) => [t.status, t.value])));
    for (const t of pruned) {
      assert.match(t.error!, /^asha: .* at rung (2|6|18) is outside the best \d+ of \d+ trials that reached it$/);
      assert.equal(runRecord(dir, t.runId).status, 'pruned');
      assert.ok(lossLines(dir, t.runId) < 30);
    }
    assert.equal(json.trials[0].status, 'completed', 'the first trial is alone at every rung');
  });

  it('a trial that logs NaN fails with the reason and the sweep goes on', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec('{method: grid, space: {opt: {values: [adam, broken, sgd]}}}'),
    });
    const { exitCode, json } = await sweep(dir, ['toy']);
    assert.equal(exitCode, 0);
    assert.deepEqual(
      json.trials.map((t) => t.status),
      ['completed', 'failed', 'completed'],
    );
    assert.equal(json.trials[1].error, "its last 'loss' is NaN (step 3)");
    assert.equal(json.trials[1].value, null);
    assert.equal(json.best!.params.opt, 'adam');
  });

  it('exits 1 with the first error when every trial fails (a metric no trial logs)', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec('{method: grid, space: {opt: {values: [adam, sgd]}}}').replace('name: loss', 'name: val_loss'),
    });
    const { exitCode, json } = await sweep(dir, ['toy']);
    assert.equal(exitCode, 1);
    assert.equal(json.status, 'failed');
    assert.equal(json.best, null);
    assert.equal(json.error, "every trial failed; the first: it never logged the metric 'val_loss'; it logged: loss");
    assert.deepEqual(
      json.trials.map((t) => t.status),
      ['failed', 'failed'],
    );
  });

  it('refuses bad input before any run starts (exit 2 in the CLI)', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec('{method: random, trials: 3, space: {lr: {loguniform: [0.0001, 1]}}}'),
    });
    const refused = async (argv: string[], message: RegExp) => {
      await assert.rejects(
        sweep(dir, argv),
        (err: Error & { kind?: string }) => err.kind === 'bad-input' && message.test(err.message),
      );
    };
    await refused(['toy', '--method', 'grid'], /grid cannot enumerate the float range of 'lr'/);
    await refused(['toy', '--method', 'bayes'], /unknown sweep method 'bayes'/);
    await refused(['toy', '--trials', '0'], /--trials must be an integer ≥ 1/);
    await refused(['toy', '--resume', 'abc'], /--resume and --stop take a sweep id and no experiment/);
    await refused([], /sweep needs an experiment name/);
    await assert.rejects(sweep(dir, ['--resume', 'zzzz']), /no sweep 'zzzz'/);
    const runs = join(dir, '.mlops', 'runs');
    assert.deepEqual(
      existsSync(runs) ? readdirSync(runs).filter((n) => !n.startsWith('.')) : [],
      [],
      'no run was created',
    );
  });

  it('resumes a sweep whose driver was killed -9, adopting the trial it left running', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec(
        '{method: random, trials: 4, concurrency: 1, seed: 9, space: {lr: {loguniform: [0.0001, 1]}}}',
      ).replace('epochs: 4, pause: 5', 'epochs: 12, pause: 60'),
    });
    const driver = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'sweep', 'toy', '--workspace', dir],
      { stdio: 'ignore' },
    );
    let id = '';
    for (let i = 0; i < 1200 && !id; i++) {
      await delay(50);
      const [found] = existsSync(sweepsDir(dir)) ? readdirSync(sweepsDir(dir)) : [];
      const record = found ? await readSweep(dir, found) : undefined;
      if (
        record &&
        record.trialRecords.some((t) => t.status === 'completed') &&
        record.trialRecords.some((t) => t.status === 'running')
      )
        id = record.id;
    }
    assert.ok(id, 'a first trial completed and a second is running');
    driver.kill('SIGKILL');
    await new Promise((resolve) => driver.once('exit', resolve));
    const before = (await readSweep(dir, id))!;
    assert.equal(before.status, 'running');
    const left = before.trialRecords.find((t) => t.status === 'running')!;

    const resumed = await sweep(dir, ['--resume', id.slice(0, 12)]);
    assert.equal(resumed.exitCode, 0, resumed.errors);
    assert.equal(resumed.json.sweepId, id);
    assert.equal(resumed.json.trials.length, 4);
    assert.equal(
      resumed.json.trials[left.number].runId,
      left.runId,
      'the running trial was adopted, not launched again',
    );
    assert.equal(new Set(resumed.json.trials.map((t) => t.runId)).size, 4);
    assert.deepEqual(
      resumed.json.trials.map((t) => t.status),
      ['completed', 'completed', 'completed', 'completed'],
    );
    assert.equal(lossLines(dir, left.runId!), 12, 'the adopted trial ran to its end');
  });

  it('--stop ends a running sweep: its trials are stopped and it is recorded as stopped', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': spec('{method: random, trials: 5, concurrency: 2, space: {lr: {loguniform: [0.0001, 1]}}}').replace(
        'epochs: 4, pause: 5',
        'epochs: 1000, pause: 50',
      ),
    });
    const running = sweep(dir, ['toy']);
    let id = '';
    for (let i = 0; i < 600 && !id; i++) {
      await delay(50);
      const [found] = readdirSync(sweepsDir(dir), { withFileTypes: true }).filter((e) => e.isDirectory());
      const record = found ? await readSweep(dir, found.name) : undefined;
      if (record?.trialRecords.some((t) => t.status === 'running')) id = record.id;
    }
    assert.ok(id, 'a trial started');
    const stop = await sweep(dir, ['--stop', id]);
    assert.equal(stop.exitCode, 0);
    const ended = await running;
    assert.equal(ended.json.status, 'stopped');
    assert.equal(ended.exitCode, 0);
    for (const t of ended.json.trials) {
      assert.ok(['killed', 'completed'].includes(t.status), t.status);
      if (t.runId) assert.ok(['killed', 'completed'].includes(runRecord(dir, t.runId).status));
    }
    assert.ok(ended.json.trials.length < 5, 'no trial launched after the stop');
  });
});
