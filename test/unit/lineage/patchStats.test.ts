import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { PatchStatsCounter } from '../../../src/core/lineage/patchStats';
import { parseNumstatZ } from '../../../src/core/lineage/gitStatus';
import { TempRepo, tempDir } from './tempRepo';

function count(patch: Buffer, chunkSize: number) {
  const counter = new PatchStatsCounter();
  for (let i = 0; i < patch.length; i += chunkSize) counter.push(patch.subarray(i, i + chunkSize));
  counter.end();
  return {
    files: counter.files,
    insertions: counter.insertions,
    deletions: counter.deletions,
    binaryFiles: counter.binaryFiles,
  };
}

describe('lineage: patch statistics while streaming', () => {
  it('agrees with git numstat however the patch is chunked, header look-alikes in content included', () => {
    const repo = new TempRepo();
    const runDir = tempDir('lineage-patch-');
    try {
      repo.write('tricky.txt', '-- not a header\nkeep\n++ also not\nlast-no-newline');
      repo.write('img.bin', Buffer.from([0, 1, 2, 3]));
      repo.write('gone.txt', 'a\nb\n');
      repo.commitAll('first');
      repo.write(
        'tricky.txt',
        '--- looks like a header\nkeep\n+++ b/also looks like one\ndiff --git inside content\n@@ -1 +1 @@\nlast',
      );
      repo.write('img.bin', Buffer.from([0, 9, 2, 3, 7]));
      repo.git('rm', '-q', 'gone.txt');
      repo.write('new.txt', `${'z'.repeat(5000)}\n`);
      repo.git('add', '-N', 'new.txt');
      const patch = Buffer.from(repo.git('diff', '--binary', '--full-index', '--no-renames', 'HEAD') + '\n');
      const numstat = parseNumstatZ(repo.git('diff', '--numstat', '-z', '--no-renames', 'HEAD'));
      const expected = {
        files: numstat.files,
        insertions: numstat.insertions,
        deletions: numstat.deletions,
        binaryFiles: numstat.binaryFiles,
      };
      assert.deepEqual(expected, { files: 4, insertions: 6, deletions: 5, binaryFiles: 1 });
      for (const size of [1, 3, 7, 64, patch.length])
        assert.deepEqual(count(patch, size), expected, `chunks of ${size}`);
    } finally {
      repo.dispose();
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
