import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvRows } from '../../../src/core/data/csvReader';

function openDescriptorsOf(path: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++;
    } catch {
      // closed while listing
    }
  }
  return n;
}

describe('CSV reader: files are closed', () => {
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mlops-csvfiles-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('closes the file when it stops early at maxRows (many chunks left unread)', async function () {
    if (process.platform !== 'linux') this.skip();
    const path = join(dir, 'many.csv');
    const rows = ['a,b'];
    for (let i = 0; i < 200_000; i++) rows.push(`${i},"x${i}"`);
    writeFileSync(path, rows.join('\n') + '\n');
    for (let k = 0; k < 20; k++) {
      let seen = 0;
      await readCsvRows(path, { header() {}, rows: (batch) => (seen += batch.length) }, { maxRows: 10 });
      assert.ok(seen >= 10);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(openDescriptorsOf(path), 0, 'a descriptor of the CSV is still open after the reads ended');
  });
});
