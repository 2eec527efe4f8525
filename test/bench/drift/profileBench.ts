/**
 * Profile of a large CSV: wall time and peak memory (max RSS), plus the size of the typed columns the profile is
 * bounded by. Run: python3 test/bench/drift/generate_profile_data.py && npx tsx test/bench/drift/profileBench.ts
 */
import { statSync } from 'node:fs';
import { profile } from '../../../src/core/data/profile';

const path = process.argv[2] ?? '/tmp/mlops-profile-bench/big.csv';

(async () => {
  const bytes = statSync(path).size;
  const t0 = performance.now();
  const result = await profile(path);
  const seconds = (performance.now() - t0) / 1000;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const numeric = result.columns.filter((c) => c.kind === 'numeric').length;
  const typedMB = (result.rowCount * numeric * 8) / 1e6;
  console.log(
    `profile ${path}: ${(bytes / 1e9).toFixed(2)} GB, ${result.rowCount} rows × ${result.columnCount} columns`,
  );
  console.log(`  time ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(0)} MB/s)`);
  console.log(
    `  peak RSS ${maxRssMB.toFixed(0)} MB; numeric typed columns ${typedMB.toFixed(0)} MB (${numeric} × Float64Array)`,
  );
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
