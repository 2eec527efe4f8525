import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchLog } from '../../../src/core/tracking/logSearch';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('log search', () => {
  const tmp = useTempDir();

  it('finds matching lines with their line numbers across chunk boundaries, case-insensitively', async () => {
    const file = join(tmp.path, 'log.txt');
    const lines = Array.from({ length: 60_000 }, (_, i) =>
      i % 10_000 === 9_999 ? `Epoch ${i}: ERROR diverged` : `epoch ${i} loss ${(1 / (i + 1)).toFixed(6)}`,
    );
    writeFileSync(file, lines.join('\n'));
    const result = await searchLog(file, 'error', { limit: 4 });
    assert.equal(result.total, 6);
    assert.deepEqual(
      result.matches.map((m) => m.line),
      [10_000, 20_000, 30_000, 40_000],
    );
    assert.equal(result.matches[0].text, 'Epoch 9999: ERROR diverged');
    assert.ok(result.bytes > 1 << 20, 'the test log should span several read chunks');
  });

  it('returns nothing for a missing log and honours cancellation', async () => {
    assert.deepEqual(await searchLog(join(tmp.path, 'none.txt'), 'x'), { matches: [], total: 0, bytes: 0 });
    const file = join(tmp.path, 'log.txt');
    writeFileSync(file, 'a\n');
    await assert.rejects(searchLog(file, 'a', { signal: AbortSignal.abort() }), /cancelled/);
  });
});
