import { strict as assert } from 'node:assert';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseMetricValue, parseNumberBytes } from '../../../src/core/tracking/metricLine';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { SeriesColumnsTail } from '../../../src/core/tracking/seriesColumns';
import { useTempDir } from '../../helpers/tempWorkspace';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('columnar metric series reader', () => {
  const tmp = useTempDir();

  it('parses numbers exactly as the string parser does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double().map(String),
          fc.integer().map(String),
          fc.constantFrom(
            '1.',
            '.5',
            '-0',
            '1e5',
            '1E-7',
            '+3',
            'nan',
            '-inf',
            'Infinity',
            'abc',
            '1e',
            '',
            ' 2 ',
            '0.000123',
            '123456789012345678',
          ),
        ),
        (text) => {
          const b = bytes(text);
          assert.deepEqual(parseNumberBytes(b, 0, b.length), parseMetricValue(text));
        },
      ),
      { numRuns: 2000 },
    );
    for (const text of ['0.1', '0.123456789', '3.14159e-10', '99999999999999.9']) {
      const b = bytes(text);
      assert.equal(parseNumberBytes(b, 0, b.length), Number(text));
    }
  });

  it('reads the same points as MetricTail, skipping bad rows, holding back a torn last line', async () => {
    const file = join(tmp.path, 'loss.tsv');
    writeFileSync(
      file,
      'timestamp\tstep\tloss\n1000\t0\t0.5\n1001\t1\tnan\n1002\tx\t0.3\n1003\t2\tabc\n1004\t3\t-inf\r\n1005\t4\t0.2',
    );
    const tail = new SeriesColumnsTail(file, 'loss');
    assert.deepEqual(await tail.poll(), { added: 3, reset: false });
    const reference = await readMetricSeries(file, 'loss');
    const c = tail.columns;
    assert.deepEqual(
      Array.from({ length: c.length }, (_, i) => ({ step: c.step[i], timestamp: c.time[i], value: c.value[i] })),
      reference.points,
    );
    assert.equal(tail.skipped, 2);
    appendFileSync(file, '1\n1006\t5\t0.1\n');
    assert.deepEqual(await tail.poll(), { added: 2, reset: false });
    assert.deepEqual([...c.value.slice(0, 0)], []);
    assert.deepEqual([...tail.columns.value.subarray(3, 5)], [0.21, 0.1]);
  });

  it('grows past its first allocation and starts over when the file is replaced', async () => {
    const file = join(tmp.path, 'acc.tsv');
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}\t${i}\t${i / 10}`).join('\n');
    writeFileSync(file, `timestamp\tstep\tacc\n${lines}\n`);
    const tail = new SeriesColumnsTail(file, 'acc');
    assert.equal((await tail.poll()).added, 5000);
    assert.equal(tail.columns.value[4999], 499.9);
    writeFileSync(file, 'timestamp\tstep\tacc\n0\t0\t7\n');
    assert.deepEqual(await tail.poll(), { added: 1, reset: true });
    assert.equal(tail.columns.value[0], 7);
  });
});
