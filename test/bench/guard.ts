/**
 * CI-sized regression guard of the speed benchmarks (issue 16), run by `npm test` after the build: each figure is a
 * small version of a test/bench benchmark, printed with its ratio against the baseline measured back to back. It
 * never fails on time (shared CI machines are too noisy for that); it fails only when a benchmark cannot run at all
 * or computes a wrong answer. The full-size runs and the browser timings are in the scripts it names.
 *   npm run build && node --import tsx test/bench/guard.ts
 */
import { spawnSync } from 'node:child_process';
import { measureDriftRatio } from './drift/driftCliBench';
import { measureColdCompare } from './panels/coldCompare';
import { measureTableMemory } from './panels/tableMemory';

function pythonHas(modules: string[]): boolean {
  return spawnSync('python3', ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log('speed guard (CI-sized; figures only, never a failure on time)');

  const cold = await measureColdCompare(10, 20_000);
  console.log(
    `  cold compare 10 runs × 20,000 points (coldCompare.ts): TSVs on the host thread ${cold.baselineMs.toFixed(0)} ms, ` +
      `worker pool ${cold.foreignMs.toFixed(0)} ms (ratio ${(cold.foreignMs / cold.baselineMs).toFixed(2)}), ` +
      `sidecars ${cold.loggedMs.toFixed(0)} ms (ratio ${(cold.loggedMs / cold.baselineMs).toFixed(2)})`,
  );

  if (pythonHas(['numpy', 'pandas', 'scipy'])) {
    const drift = measureDriftRatio({ rows: 100_000, repeats: 1, dir: '/tmp/mlops-drift-bench-100000' });
    if (drift.maxRelativeDifference > 1e-9)
      throw new Error(`mlops drift disagrees with SciPy: relative difference ${drift.maxRelativeDifference}`);
    console.log(
      `  mlops drift 100,000 rows × 20 columns (driftCliBench.ts): ${drift.tsSeconds.toFixed(2)} s vs pandas+SciPy ${drift.peerSeconds.toFixed(2)} s, ratio ${drift.ratio.toFixed(2)} (target ≤ 0.50)`,
    );
  } else {
    console.log(
      '  mlops drift vs pandas+SciPy: skipped, python3 lacks numpy, pandas or scipy (pip install pandas scipy)',
    );
  }

  const memory = await measureTableMemory(10_000);
  console.log(
    `  runs table 10,000 runs (tableMemory.ts): ${memory.heapMiB.toFixed(1)} MiB of heap for the rows and the table, ` +
      `${memory.heapMiB > 0 ? (memory.jsonMiB / memory.heapMiB).toFixed(2) : 'n/a'} MiB of index.json per MiB of heap; ` +
      `×10 for 100,000 runs ≈ ${(memory.heapMiB * 10).toFixed(0)} MiB (host budget 300 MiB)`,
  );
  console.log('  new-panel first paint: browser only, see test/bench/panels/pageBench.ts compare');
  console.log(`speed guard done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
