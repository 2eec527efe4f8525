/**
 * Memory the extension host spends on the runs table: N runs (20 params, 10 metrics) read from index.json by the
 * run store, as the runs model holds them, plus the table controller opened on them. Measured in a fresh Node
 * process (heap after a full GC, before and after), so nothing else shares the figure; the browser route
 * (pageBench.ts table) reads the real extension host's RSS instead.
 *   npx tsx test/bench/panels/tableMemory.ts [runs=100000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { storePaths } from '../../../src/core/store/layout';
import { RunsTableController } from '../../../src/extension/panels/runsTableController';
import { syntheticSummaries, writeIndexOnly } from './syntheticStore';

export interface TableMemory {
  heapMiB: number;
  rssMiB: number;
  jsonMiB: number;
}

const MiB = 1048576;

/** Writes the store in this process and measures in a child, so the generator's garbage is not counted. */
export async function measureTableMemory(runs: number): Promise<TableMemory> {
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-bench-table-'));
  try {
    writeIndexOnly(workspace, syntheticSummaries({ runs, params: 20, metrics: 10 }));
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--require', 'tsx/cjs', __filename, '--measure', workspace],
      { encoding: 'utf8' },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
    if (child.status !== 0 || !line) throw new Error(`table memory measurement failed: ${child.stderr}`);
    return {
      ...(JSON.parse(line) as Omit<TableMemory, 'jsonMiB'>),
      jsonMiB: statSync(storePaths(workspace).index).size / MiB,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function measureHere(workspace: string): Promise<void> {
  const gc = global.gc!;
  gc();
  const before = process.memoryUsage();
  const rows = await new FileRunStore(workspace).listRuns();
  const table = new RunsTableController({
    rows: () => rows,
    post: () => undefined,
    compare: () => undefined,
    selectionChanged: () => undefined,
    open: () => undefined,
  });
  table.handle({ type: 'ready', state: { filter: '', sort: null, columns: null, onlyDiffering: false } });
  gc();
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({
      heapMiB: (after.heapUsed - before.heapUsed) / MiB,
      rssMiB: after.rss / MiB,
      rows: rows.length,
      open: table.currentState.filter === '',
    }),
  );
}

if (require.main === module) {
  const at = process.argv.indexOf('--measure');
  if (at > 0) void measureHere(process.argv[at + 1]);
  else {
    const runs = Number(process.argv[2] ?? 100_000);
    void measureTableMemory(runs).then((m) => {
      console.log(
        `Runs table memory, ${runs.toLocaleString()} runs × (20 params, 10 metrics), index.json ${m.jsonMiB.toFixed(0)} MiB:`,
      );
      console.log(
        `  heap for the rows as loaded plus the open table: ${m.heapMiB.toFixed(0)} MiB; process RSS ${m.rssMiB.toFixed(0)} MiB (host budget 300 MiB)`,
      );
    });
  }
}
