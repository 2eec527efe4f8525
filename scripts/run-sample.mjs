// Runs the quickstart sample end to end through the bundled CLI and prints where its runs and metrics are.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = join(root, 'examples', 'quickstart');
const cli = join(root, 'dist', 'cli.js');
const experiments = process.argv.slice(2).length ? process.argv.slice(2) : ['py-linear', 'node-linear', 'churn-tfjs'];

function mlops(args, options = {}) {
  const result = spawnSync(process.execPath, [cli, ...args, '--workspace', workspace], {
    encoding: 'utf8',
    stdio: options.capture ? 'pipe' : 'inherit',
  });
  if (result.status !== 0) {
    if (options.capture) process.stderr.write(result.stderr);
    throw new Error(`mlops ${args.join(' ')} exited with ${result.status}`);
  }
  return result.stdout;
}

let failed = 0;
for (const experiment of experiments) {
  console.log(`\n=== mlops run ${experiment} (workspace ${workspace}) ===`);
  try {
    mlops(['run', experiment]);
  } catch (err) {
    failed++;
    console.error(`sample ${experiment} failed: ${err.message}`);
  }
}
const runs = JSON.parse(mlops(['runs', '--json'], { capture: true }));
console.log('\n=== runs ===');
mlops(['runs']);
for (const experiment of experiments) {
  const latest = runs.find((r) => r.experiment === experiment);
  if (!latest) continue;
  const dir = join(workspace, '.mlops', 'runs', latest.id);
  console.log(`\n${experiment}: run ${latest.id} ${latest.status}`);
  console.log(`  folder:  ${dir}`);
  console.log(`  metrics: ${join(dir, 'metrics.json')} and ${join(dir, 'plots', 'metrics')}/`);
  console.log(`  inspect: npx mlops show ${latest.id} --workspace ${workspace}`);
}
process.exit(failed ? 1 : 0);
