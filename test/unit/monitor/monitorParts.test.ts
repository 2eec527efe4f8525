import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDataHashes, experimentDataPaths } from '../../../src/core/monitor/dataChange';
import { logFileName, type PredictionLogLine } from '../../../src/core/monitor/deploymentFiles';
import { parseEvery } from '../../../src/core/monitor/every';
import { retrainReason } from '../../../src/core/monitor/retrain';
import { readPredictionWindow, windowTable } from '../../../src/core/monitor/predictionWindow';
import type { MonitorCheck } from '../../../src/core/monitor/monitorFiles';
import type { MonitorSpec } from '../../../src/core/spec/types';

const line = (i: number, input: Record<string, unknown> = { x: i }): PredictionLogLine => ({
  ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  requestId: `r${i}`,
  index: 0,
  deployment: 'm',
  model: 'm',
  version: 1,
  latencyMs: 1,
  input,
  output: { prediction: i % 2 ? 'yes' : 'no' },
});

describe('monitor parts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlops-monitor-parts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads schedules like 30s, 15m, 1h and 2d, and refuses others with a hint', () => {
    assert.equal(parseEvery('30s'), 30_000);
    assert.equal(parseEvery('15m'), 900_000);
    assert.equal(parseEvery('1h'), 3_600_000);
    assert.equal(parseEvery('2d'), 172_800_000);
    assert.throws(() => parseEvery('1 hour'), /not a schedule/);
  });

  it('takes the rows since the last check across rotated files, widened to minRows, skipping a torn line', async () => {
    writeFileSync(
      join(dir, logFileName('predictions', 1)),
      Array.from({ length: 40 }, (_, i) => JSON.stringify(line(i)) + '\n').join(''),
    );
    writeFileSync(
      join(dir, logFileName('predictions', 2)),
      Array.from({ length: 10 }, (_, i) => JSON.stringify(line(40 + i)) + '\n').join(''),
    );
    appendFileSync(join(dir, logFileName('predictions', 2)), '{"ts": "2026-01-01T00:01:00.000Z", "requ');
    const all = await readPredictionWindow(dir, { since: null, minRows: 5, maxRows: 1000 });
    assert.equal(all.lines.length, 50);
    assert.equal(all.fresh, 50);
    const recent = await readPredictionWindow(dir, { since: line(44).ts, minRows: 3, maxRows: 1000 });
    assert.deepEqual(
      recent.lines.map((l) => l.requestId),
      ['r45', 'r46', 'r47', 'r48', 'r49'],
    );
    const widened = await readPredictionWindow(dir, { since: line(47).ts, minRows: 8, maxRows: 1000 });
    assert.equal(widened.fresh, 2);
    assert.deepEqual(
      widened.lines.map((l) => l.requestId),
      ['r42', 'r43', 'r44', 'r45', 'r46', 'r47', 'r48', 'r49'],
    );
    const capped = await readPredictionWindow(dir, { since: null, minRows: 5, maxRows: 7 });
    assert.equal(capped.lines.at(-1)!.requestId, 'r49');
    assert.equal(capped.lines.length, 7);
  });

  it('turns logged inputs into typed columns plus the prediction, filling fields a row lacked', () => {
    const table = windowTable(
      {
        lines: [line(1, { x: 1, plan: 'pro' }), line(2, { x: 2 }), line(3, { x: 3, plan: 'team' })],
        fresh: 3,
        from: null,
        to: null,
      },
      'log',
    );
    const byName = Object.fromEntries(table.columns.map((c) => [c.name, c]));
    assert.equal(byName.x.kind, 'numeric');
    assert.deepEqual([...byName.plan.values], ['pro', null, 'team']);
    assert.deepEqual([...byName.prediction.values], ['yes', 'no', 'yes']);
  });

  it('notices a changed data file only after a baseline, and names the experiment data it watches', async () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'train.csv'), 'a\n1\n');
    assert.deepEqual(
      experimentDataPaths({
        name: 'e',
        params: {},
        data: { train: 'data/train.csv', test: 'data/test.csv', label: 'y' },
      }),
      ['data/train.csv', 'data/test.csv'],
    );
    const first = await compareDataHashes(dir, ['data/train.csv'], null);
    assert.deepEqual(first.changed, []);
    const same = await compareDataHashes(dir, ['data/train.csv'], first.current);
    assert.deepEqual(same.changed, []);
    writeFileSync(join(dir, 'data', 'train.csv'), 'a\n1\n2\n');
    const changed = await compareDataHashes(dir, ['data/train.csv'], first.current);
    assert.deepEqual(
      changed.changed.map((c) => c.path),
      ['data/train.csv'],
    );
    assert.equal(changed.changed[0].previous, first.current['data/train.csv']);
  });

  it('retrains on the triggers the monitor declares, once per drift, never while a run is pending', () => {
    const monitor: MonitorSpec = {
      name: 'm',
      model: 'm@production',
      reference: 'r.csv',
      current: 'predictions',
      retrain: { on: ['data-change'], experiment: 'e' },
    };
    const check = { status: 'drift', dataChanged: [] } as unknown as MonitorCheck;
    const idle = { windowEnd: null, dataHashes: null, pending: null };
    assert.equal(retrainReason(monitor, check, idle), null, 'drift is not a declared trigger');
    assert.equal(
      retrainReason(monitor, { ...check, dataChanged: [{ path: 'd', sha256: 'x', previous: 'y' }] }, idle),
      'data-change',
    );
    const both: MonitorSpec = { ...monitor, retrain: { on: ['drift', 'data-change'], experiment: 'e' } };
    assert.equal(retrainReason(both, check, idle), 'drift');
    assert.equal(retrainReason(both, check, { ...idle, retrainedThisDrift: true }), null);
    assert.equal(
      retrainReason(both, check, {
        ...idle,
        pending: { runId: 'r', reason: 'drift', queuedAt: '', of: { model: 'm', version: 1 } },
      }),
      null,
    );
    assert.equal(retrainReason({ ...monitor, retrain: undefined }, check, idle), null);
  });
});
