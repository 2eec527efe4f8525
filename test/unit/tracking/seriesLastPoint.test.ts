import { strict as assert } from 'node:assert';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { lastSeriesPoint } from '../../../src/core/tracking/seriesLastPoint';
import { summariseRun } from '../../../src/core/store/runSummary';
import type { RunRecord } from '../../../src/core/tracking/types';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('the last point of a series', () => {
  const ws = useTempDir();

  it('is the last whole line: a torn final line and rows that do not parse are passed over', async () => {
    const file = join(ws.path, 'acc.tsv');
    writeFileSync(file, 'timestamp\tstep\tacc\n1\t0\t0.5\n2\t1\t0.75\n3\tx\tbad\n4\t3\t0.9');
    assert.deepEqual(await lastSeriesPoint(file, 'acc'), { timestamp: 2, step: 1, value: 0.75 });
    writeFileSync(file, 'timestamp\tstep\tacc\n');
    assert.equal(await lastSeriesPoint(file, 'acc'), undefined, 'a header alone has no point');
  });

  it('finds a row that spans the boundary between two read chunks, with multi-byte text around it', async () => {
    const file = join(ws.path, 'loss.tsv');
    const filler = Array.from({ length: 5000 }, (_, i) => `${i}\t${i}\t${i}`).join('\n');
    const junk = 'é'.repeat(40_000);
    writeFileSync(file, `timestamp\tstep\tloss\n${filler}\n7\t123456\t0.25\n${junk}\n${junk}`);
    assert.deepEqual(await lastSeriesPoint(file, 'loss'), { timestamp: 7, step: 123456, value: 0.25 });
  });

  it('reads only the end of the file: a 3 GB series (a sparse file no whole read could hold) gives its last row', async function () {
    this.timeout(60_000);
    const dir = join(ws.path, 'run');
    const series = join(dir, 'plots', 'metrics');
    mkdirSync(series, { recursive: true });
    const file = join(series, 'loss.tsv');
    const fd = openSync(file, 'w');
    writeSync(fd, 'timestamp\tstep\tloss\n');
    const tail = Array.from({ length: 1000 }, (_, i) => `1\t${1_425_000 + i}\t${i / 1000}`).join('\n') + '\n';
    writeSync(fd, `\n${tail}1\t1426000\t0.`, 3 * 1024 ** 3);
    closeSync(fd);
    assert.deepEqual(await lastSeriesPoint(file, 'loss'), { timestamp: 1, step: 1_425_999, value: 0.999 });
    const record = {
      id: 'r',
      experiment: 'e',
      status: 'killed',
      createdAt: '',
      tags: {},
      data: [],
    } as unknown as RunRecord;
    const summary = await summariseRun(dir, record);
    assert.equal(summary.step, 1_425_999, 'the index row of a run without metrics.json comes from the tail too');
    assert.equal(summary.metrics.loss, 0.999);
  });
});
