import { strict as assert } from 'node:assert';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { crc32c, maskedCrc32c } from '../../../src/core/interop/tensorboard/crc32c';
import { findRunFolders } from '../../../src/core/interop/tensorboard/eventFiles';
import { readRunFolder } from '../../../src/core/interop/tensorboard/readRunFolder';
import { importTensorboard } from '../../../src/core/interop/tensorboard/tensorboardImport';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { storePaths } from '../../../src/core/store/layout';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams } from '../../../src/core/tracking/runReader';
import { useTempDir } from '../../helpers/tempWorkspace';

// Event files written by tensorboardX and torch.utils.tensorboard (test/fixtures/tensorboard/make_event_files.py),
// and what TensorBoard's own EventAccumulator reads from them (expected.json).
const fixtures = join(__dirname, '../../fixtures/tensorboard');
const logs = join(fixtures, 'logs');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, Array<[number, number]>>
>;

async function series(store: FileRunStore, runId: string, tag: string): Promise<Array<[number, number]>> {
  const file = join(store.runDir(runId as never), 'plots/metrics', ...tag.split('/')) + '.tsv';
  const read = await readMetricSeries(file, tag);
  return read.points.map((p) => [p.step, p.value]);
}

describe('TensorBoard import', () => {
  const ws = useTempDir();

  it('CRC-32C: the standard check value, and TFRecord masking', () => {
    const bytes = new TextEncoder().encode('123456789');
    assert.equal(crc32c(bytes), 0xe3069283);
    const long = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    let bitwise = -1;
    for (const b of long) {
      bitwise ^= b;
      for (let k = 0; k < 8; k++) bitwise = bitwise & 1 ? (bitwise >>> 1) ^ 0x82f63b78 : bitwise >>> 1;
    }
    assert.equal(crc32c(long), (bitwise ^ -1) >>> 0, 'slicing-by-8 agrees with the bitwise definition');
    const crc = crc32c(bytes);
    assert.equal(maskedCrc32c(bytes), (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
  });

  it('reads every scalar TensorBoard reads, from tensorboardX and torch writers, one run per folder', async () => {
    const store = new FileRunStore(ws.path);
    const report = await importTensorboard(store, { logdir: logs });
    assert.deepEqual(
      report.runs.map((r) => r.name),
      ['tbx/train', 'tbx/val', 'torch', 'torch/hparams'],
    );
    assert.deepEqual(Object.keys(expected).sort(), ['tbx/train', 'tbx/val', 'torch', 'torch/hparams']);
    for (const run of report.runs) {
      assert.equal(run.outcome, 'created');
      for (const [tag, points] of Object.entries(expected[run.name])) {
        assert.deepEqual(await series(store, run.runId!, tag), points, `${run.name} ${tag}`);
      }
      assert.equal(
        run.points,
        Object.values(expected[run.name]).reduce((n, p) => n + p.length, 0),
      );
    }
    const rows = await store.listRuns();
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => r.experiment === 'logs' && r.status === 'completed'));
    assert.equal(rows.find((r) => r.name === 'tbx/train')?.startedAt, '2026-01-01T00:00:00.000Z');
  });

  it('turns the hparams plugin session-start info into params', async () => {
    const store = new FileRunStore(ws.path);
    const report = await importTensorboard(store, { logdir: join(logs, 'torch'), experiment: 'hp' });
    const run = report.runs.find((r) => r.name === 'hparams')!;
    assert.deepEqual(await readParams(store.runDir(run.runId!)), {
      lr: 0.01,
      optimizer: 'adam',
      layers: 3,
      dropout: 1,
    });
    assert.equal((await store.getRun(run.runId!))?.experiment, 'hp');
  });

  it('skips and counts images, histograms and a plugin it does not know', async () => {
    const report = await importTensorboard(new FileRunStore(ws.path), { logdir: join(logs, 'tbx') });
    assert.deepEqual(report.runs[0].skipped, { histogram: 1, image: 1, "plugin 'my_custom_plugin'": 1 });
    assert.deepEqual(report.runs[0].problems, []);
  });

  it('re-importing appends only new events: a file read while cut short is completed, nothing is duplicated', async () => {
    const logdir = join(ws.path, 'tb');
    mkdirSync(join(logdir, 'run'), { recursive: true });
    const full = readFileSync(join(logs, 'tbx/train', readdirSync(join(logs, 'tbx/train'))[0]));
    const target = join(logdir, 'run', 'events.out.tfevents.1.host');
    writeFileSync(target, full.subarray(0, Math.floor(full.length / 2)));
    const store = new FileRunStore(ws.path);
    const first = await importTensorboard(store, { logdir });
    assert.equal(first.runs[0].outcome, 'created');
    assert.match(first.runs[0].problems[0], /cut short/);
    writeFileSync(target, full);
    const second = await importTensorboard(store, { logdir });
    assert.equal(second.runs[0].outcome, 'appended');
    assert.equal(second.runs[0].runId, first.runs[0].runId);
    assert.deepEqual(second.runs[0].problems, []);
    assert.equal(first.runs[0].points + second.runs[0].points, 102);
    const third = await importTensorboard(store, { logdir });
    assert.equal(third.runs[0].outcome, 'unchanged');
    assert.equal(third.runs[0].points, 0);
    assert.deepEqual(await series(store, first.runs[0].runId!, 'loss'), expected['tbx/train'].loss);
    assert.equal((await store.listRuns()).length, 1);
  });

  it('a record whose CRC does not match is skipped and counted; the others are read', async () => {
    const report = await importTensorboard(new FileRunStore(ws.path), { logdir: join(fixtures, 'bad/crc') });
    assert.equal(report.runs[0].points, 101);
    assert.match(
      report.runs[0].problems[0],
      /1 record\(s\) failed their CRC check \(first at byte \d+\) and were skipped/,
    );
  });

  it('a length header whose CRC does not match stops the read there, and says how much was left unread', async () => {
    const report = await importTensorboard(new FileRunStore(ws.path), { logdir: join(fixtures, 'bad/length_crc') });
    assert.match(
      report.runs[0].problems[0],
      /length header at byte \d+ failed its CRC check, so the \d+ bytes from there on were not read/,
    );
    assert.ok(report.runs[0].points < 102);
  });

  it('a folder with nothing readable leaves no run behind', async () => {
    const logdir = join(ws.path, 'garbage');
    mkdirSync(logdir);
    writeFileSync(join(logdir, 'events.out.tfevents.1.host'), Buffer.alloc(64, 7));
    const store = new FileRunStore(ws.path);
    const report = await importTensorboard(store, { logdir });
    assert.equal(report.runs[0].outcome, 'skipped');
    assert.equal(report.runs[0].reason, 'nothing readable in its event files');
    assert.deepEqual(await store.listRuns(), []);
    assert.deepEqual(existsSync(storePaths(ws.path).runs) ? readdirSync(storePaths(ws.path).runs) : [], []);
  });

  it('a folder without event files is a clear error', async () => {
    mkdirSync(join(ws.path, 'empty'));
    await assert.rejects(
      importTensorboard(new FileRunStore(ws.path), { logdir: join(ws.path, 'empty') }),
      (e: unknown) => e instanceof MlopsError && /no TensorBoard event files/.test(e.message),
    );
    await assert.rejects(
      importTensorboard(new FileRunStore(ws.path), { logdir: join(ws.path, 'nope') }),
      /is not a folder/,
    );
  });

  it('reader threads give what reading on the main thread gives', async () => {
    const inline = await importTensorboard(new FileRunStore(join(ws.path, 'a')), { logdir: logs, threads: 0 });
    const threaded = await importTensorboard(new FileRunStore(join(ws.path, 'b')), { logdir: logs, threads: 2 });
    const strip = (r: typeof inline) => r.runs.map(({ runId: _id, ...rest }) => rest);
    assert.deepEqual(strip(threaded), strip(inline));
    const a = inline.runs.find((r) => r.name === 'torch')!;
    const b = threaded.runs.find((r) => r.name === 'torch')!;
    const file = (root: string, id: string) =>
      readFileSync(join(root, '.mlops/runs', id, 'plots/metrics/train/loss_double.tsv'), 'utf8');
    assert.equal(file(join(ws.path, 'b'), b.runId!), file(join(ws.path, 'a'), a.runId!));
  });

  it('the scalar fast path and protobufjs (the reference decoder) agree on every fixture record', async () => {
    const dir = join(ws.path, 'all');
    cpSync(logs, join(dir, 'logs'), { recursive: true });
    for (const bad of ['crc', 'truncated']) {
      mkdirSync(join(dir, bad));
      for (const f of readdirSync(join(fixtures, 'bad', bad)))
        copyFileSync(join(fixtures, 'bad', bad, f), join(dir, bad, f));
    }
    const folders = await findRunFolders(dir);
    assert.equal(folders.length, 6);
    let fastTotal = 0;
    let total = 0;
    for (const folder of folders) {
      const fast = await readRunFolder(folder);
      const reference = await readRunFolder(folder, {}, { reference: true });
      assert.deepEqual([...fast.collected.series], [...reference.collected.series], folder.relative);
      assert.deepEqual(fast.collected.params, reference.collected.params);
      assert.deepEqual([...fast.collected.skipped], [...reference.collected.skipped]);
      assert.deepEqual(fast.offsets, reference.offsets);
      assert.equal(reference.fastRecords, 0);
      fastTotal += fast.fastRecords;
      total += fast.records;
    }
    assert.ok(
      fastTotal > total / 2,
      `the fast path read ${fastTotal} of ${total} records: the comparison must exercise it`,
    );
  });
});
