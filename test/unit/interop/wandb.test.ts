import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importWandb } from '../../../src/core/interop/wandb/wandbImport';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readLatestMetrics, readParams } from '../../../src/core/tracking/runReader';
import { useTempDir } from '../../helpers/tempWorkspace';

/** A run folder as wandb (offline or synced) leaves it: files/ with plain files, and the binary run-<id>.wandb. */
function wandbRun(root: string, folder: string, files: Record<string, string>, binary = true): string {
  const dir = join(root, folder);
  mkdirSync(join(dir, 'files'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'files', name), text);
  if (binary) writeFileSync(join(dir, `run-${folder.split('-').pop()}.wandb`), Buffer.from([0x3a, 0xd9, 0x01, 0x02]));
  return dir;
}

const CONFIG = [
  'wandb_version: 1',
  '_wandb:',
  '  desc: null',
  '  value: {cli_version: 0.17.0}',
  'lr:',
  '  desc: null',
  '  value: 0.01',
  'optimizer:',
  '  desc: null',
  '  value: adam',
  '',
].join('\n');

describe('W&B import (plain files of run folders)', () => {
  const ws = useTempDir();

  it('config.yaml → params, wandb-summary.json → final values, wandb-history.jsonl → series', async () => {
    const root = join(ws.path, 'wandb');
    const history =
      [0, 1, 2]
        .map((s) =>
          JSON.stringify({ _step: s, _timestamp: 1767225600 + s, loss: 1 / (s + 1), 'val/acc': 0.5 + s / 10 }),
        )
        .join('\n') + '\n';
    wandbRun(root, 'run-20260101_000000-abc123', {
      'config.yaml': CONFIG,
      'wandb-summary.json': JSON.stringify({ loss: 1 / 3, test_acc: 0.91, _step: 2, _timestamp: 1767225602 }),
      'wandb-history.jsonl': history,
    });
    const store = new FileRunStore(ws.path);
    const report = await importWandb(store, { path: root });
    assert.deepEqual(report.notes, []);
    const run = report.runs[0];
    assert.equal(run.name, 'abc123');
    const dir = store.runDir(run.runId!);
    assert.deepEqual(await readParams(dir), { lr: 0.01, optimizer: 'adam' });
    const loss = await readMetricSeries(join(dir, 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(
      loss.points.map((p) => [p.timestamp, p.step, p.value]),
      [
        [1767225600000, 0, 1],
        [1767225601000, 1, 0.5],
        [1767225602000, 2, 1 / 3],
      ],
    );
    const latest = await readLatestMetrics(dir);
    assert.equal(latest.test_acc, 0.91);
    assert.deepEqual(latest.val, { acc: 0.7 });
  });

  it('says clearly that a history kept only in the binary .wandb log cannot be read, and imports the rest', async () => {
    const root = join(ws.path, 'wandb');
    wandbRun(root, 'offline-run-20260101_000000-zz9', { 'config.yaml': CONFIG, 'wandb-summary.json': '{"acc": 0.8}' });
    const store = new FileRunStore(ws.path);
    const report = await importWandb(store, { path: root });
    assert.match(
      report.notes[0],
      /1 run\(s\) keep their per-step history only in the binary run-<id>\.wandb log, which this importer cannot read/,
    );
    assert.equal(report.runs[0].outcome, 'created');
    assert.equal((await store.listRuns())[0].metrics.acc, 0.8);
  });

  it('re-importing appends only new history lines', async () => {
    const root = join(ws.path, 'wandb');
    const dir = wandbRun(root, 'run-20260101_000000-r1', { 'wandb-history.jsonl': '{"_step": 0, "loss": 1}\n' }, false);
    const store = new FileRunStore(ws.path);
    await importWandb(store, { path: dir });
    writeFileSync(join(dir, 'files/wandb-history.jsonl'), '{"_step": 0, "loss": 1}\n{"_step": 1, "loss": 0.5}\n');
    const again = await importWandb(store, { path: root });
    assert.equal(again.runs[0].outcome, 'appended');
    assert.equal(again.runs[0].points, 1);
    const loss = await readMetricSeries(join(store.runDir(again.runs[0].runId!), 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(
      loss.points.map((p) => p.step),
      [0, 1],
    );
  });
});
