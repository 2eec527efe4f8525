/**
 * CSV parse time for one very long field against the same bytes in ordinary lines (finding 18 of issue 17: the long
 * field used to take quadratic time). Usage: node --import tsx test/bench/data/longField.ts [--mb 50]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../../src/core/data/readTable';

const i = process.argv.indexOf('--mb');
const mb = i > 0 ? Number(process.argv[i + 1]) : 50;
const size = mb * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-csv-'));

async function time(name: string, text: string): Promise<void> {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, text);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const table = await readTable(file);
  const ms = performance.now() - t;
  clearInterval(sampler);
  console.log(
    `  ${name.padEnd(28)} ${(ms / 1000).toFixed(2)} s, ${table.rowCount.toLocaleString()} rows, peak RSS +${((peak - rssBefore) / 1048576).toFixed(0)} MiB`,
  );
}

async function main(): Promise<void> {
  console.log(`CSV, ${mb} MiB:`);
  try {
    await time('one unquoted field', `id,text\n1,${'a'.repeat(size)}\n`);
    await time('one quoted field', `id,text\n1,"${'a,b\n'.repeat(size / 4)}"\n`);
    const line = `${'a'.repeat(40)},${'b'.repeat(40)}\n`;
    await time('normal lines', `x,y\n` + line.repeat(Math.floor(size / line.length)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
void main();
