/**
 * Runs every integration suite inside a real VS Code (see host.ts for which one) against a temp copy of
 * examples/quickstart (or MLOPS_SAMPLE_WORKSPACE). Usage: npm run test:integration [-- suite-name…]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/vscode-host/paths';
import { cleanupAll, isStopping, killGroup, removeOnExit, spawnGroup } from '../../scripts/vscode-host/processGroups';
import { resolveTestHost, type TestHost } from './host';
import { copyWorkspace } from './workspace';

interface SuiteDefinition {
  name: string;
  /** Bundled mocha entry (scripts/build.mjs). */
  entry: string;
  /** Open the folder in restricted mode (Workspace Trust on, folder not trusted). */
  restricted: boolean;
  /** Runs only when named on the command line (benchmarks). */
  optIn?: boolean;
}

const SUITES: SuiteDefinition[] = [
  { name: 'trusted', entry: 'out/integration/suite/index.js', restricted: false },
  { name: 'restricted', entry: 'out/integration/restricted/index.js', restricted: true },
  { name: 'activation-bench', entry: 'out/integration/bench/index.js', restricted: false, optIn: true },
];

const sampleWorkspace = process.env.MLOPS_SAMPLE_WORKSPACE ?? join(repoRoot, 'examples', 'quickstart');
const timeoutS = Number(process.env.MLOPS_TEST_TIMEOUT_S ?? 600);

function hostArgs(suite: SuiteDefinition, folder: string, stateDir: string): string[] {
  const args = [
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${join(repoRoot, suite.entry)}`,
    `--user-data-dir=${join(stateDir, 'user-data')}`,
    `--extensions-dir=${join(stateDir, 'extensions')}`,
  ];
  if (!suite.restricted) args.push('--disable-workspace-trust');
  return [...args, folder];
}

/** Runs one suite; resolves with the host's exit code (124 when the suite outlived MLOPS_TEST_TIMEOUT_S). */
function runSuite(host: TestHost, suite: SuiteDefinition, folder: string): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), `mlops-it-state-${suite.name}-`));
  const forgetState = removeOnExit(stateDir);
  const [command, ...prefix] = [...host.wrapper, host.executable];
  const child = spawnGroup(command, [...prefix, ...hostArgs(suite, folder, stateDir)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, MLOPS_TEST_TIMEOUT_S: String(timeoutS) },
  });
  let timedOut = false;
  return new Promise<number>((resolve) => {
    // The offline launcher has its own time-out; this one also covers a desktop VS Code that hangs.
    const timer = setTimeout(
      () => {
        timedOut = true;
        process.stderr.write(`\nSuite "${suite.name}" did not finish within ${timeoutS + 30} s: stopping VS Code.\n`);
        if (child.pid !== undefined) void killGroup(child.pid, 8000);
      },
      (timeoutS + 30) * 1000,
    );
    child.on('error', (err) => {
      process.stderr.write(`Could not start ${host.executable}: ${err.message}\n`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) void killGroup(child.pid, 500);
      rmSync(stateDir, { recursive: true, force: true });
      forgetState();
      resolve(timedOut ? 124 : (code ?? 1));
    });
  });
}

function checkBuilt(suites: SuiteDefinition[]): void {
  const missing = ['dist/extension.js', ...suites.map((s) => s.entry)].filter((p) => !existsSync(join(repoRoot, p)));
  if (missing.length > 0) throw new Error(`Missing build output: ${missing.join(', ')}. Run "npm run build" first.`);
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES.filter((s) => !s.optIn);
  if (suites.length === 0)
    throw new Error(`Unknown suite(s) ${wanted.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}.`);
  checkBuilt(suites);
  const host = await resolveTestHost();
  console.log(`Integration tests run in: ${host.description}`);
  const results: string[] = [];
  let failed = 0;
  for (const suite of suites) {
    if (isStopping()) break;
    const workspace = copyWorkspace(sampleWorkspace, suite.name);
    console.log(
      `\n── ${suite.name} suite (${suite.restricted ? 'restricted mode' : 'trusted workspace'}) on ${workspace.folder}`,
    );
    const started = Date.now();
    const code = await runSuite(host, suite, workspace.folder);
    workspace.dispose();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const outcome = code === 0 ? 'passed' : code === 124 ? 'TIMED OUT' : `FAILED (exit ${code})`;
    if (code !== 0) failed++;
    results.push(`  ${suite.name}: ${outcome} in ${seconds} s`);
  }
  console.log(`\nIntegration suites:\n${results.join('\n')}`);
  return failed === 0 ? 0 : 1;
}

main()
  .catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    return 1;
  })
  .then(async (code) => {
    if (isStopping()) return; // the signal handler owns the exit
    await cleanupAll();
    process.exit(code);
  });
