/**
 * Drives the real workbench (offline host) through the scenarios of test/e2e/steps.ts, each in its own workbench on
 * its own copy of the sample workspace, and saves PNGs under test/e2e/screenshots/. A failed scenario does not stop
 * the ones after it; the exit code says whether all passed.
 * Usage: npm run test:e2e        (MLOPS_E2E_ONLY=text runs the scenarios whose name contains it;
 *                                 MLOPS_E2E_TIMEOUT_S bounds each scenario, default 420)
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { repoRoot } from '../../scripts/vscode-host/paths';
import { cleanupAll, isStopping } from '../../scripts/vscode-host/processGroups';
import { startWorkbench } from '../../scripts/vscode-host/workbench';
import { copyWorkspace } from '../integration/workspace';
import { parkMouse, waitForWorkbench } from './driver';
import { scenarios, type Scenario, type StepContext } from './steps';

const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');
const sampleWorkspace = process.env.MLOPS_SAMPLE_WORKSPACE ?? join(repoRoot, 'examples', 'quickstart');
const timeoutS = Number(process.env.MLOPS_E2E_TIMEOUT_S ?? 420);
const stepTimeoutMs = 150_000;
let shots = 0;

function freshScreenshotDir(): void {
  mkdirSync(screenshotDir, { recursive: true });
  for (const f of readdirSync(screenshotDir)) if (f.endsWith('.png')) rmSync(join(screenshotDir, f));
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function runScenario(scenario: Scenario): Promise<boolean> {
  const started = Date.now();
  console.log(`\n${scenario.name}`);
  const workspace = copyWorkspace(sampleWorkspace, 'e2e');
  let closeWorkbench: () => Promise<void> = async () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let ctx: StepContext | undefined;
  const walk = async (): Promise<boolean> => {
    if (scenario.prepare) {
      await scenario.prepare(workspace.folder);
      console.log(`  ✔ prepared the workspace (${seconds(started)})`);
    }
    const workbench = await startWorkbench({
      folder: workspace.folder,
      extensionDevelopmentPath: repoRoot,
      viewport: { width: 1600, height: 1000 },
    });
    closeWorkbench = workbench.close;
    if (process.env.MLOPS_HOST_VERBOSE)
      workbench.page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));
    const page = workbench.page;
    ctx = {
      page,
      workspace: workspace.folder,
      shot: async (name: string, element?: Locator) => {
        const path = join(screenshotDir, `${String(++shots).padStart(2, '0')}-${name}.png`);
        await parkMouse(page);
        await (element ?? page).screenshot({ path });
        console.log(`    screenshot ${path}`);
        return path;
      },
    };
    page.setDefaultTimeout(stepTimeoutMs);
    await waitForWorkbench(page);
    for (const step of scenario.steps) {
      const stepStarted = Date.now();
      try {
        await step.run(ctx);
        console.log(`  ✔ ${step.name} (${seconds(stepStarted)})`);
      } catch (err) {
        console.log(`  ✘ ${step.name}\n    ${(err as Error).message.split('\n').join('\n    ')}`);
        await ctx.shot(`FAILED-${step.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
        return false;
      }
    }
    return true;
  };
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      console.log(`  ✘ the scenario did not finish within ${timeoutS} s (MLOPS_E2E_TIMEOUT_S)`);
      void ctx?.shot('FAILED-timeout').catch(() => undefined);
      resolve(false);
    }, timeoutS * 1000);
  });
  try {
    const passed = await Promise.race([
      walk().catch((err: Error) => {
        console.log(`  ✘ ${err.message}`);
        return false;
      }),
      timedOut,
    ]);
    console.log(`  ${passed ? 'passed' : 'FAILED'} in ${seconds(started)}`);
    return passed;
  } finally {
    clearTimeout(timer);
    await closeWorkbench();
    workspace.dispose();
  }
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js')))
    throw new Error('dist/extension.js is missing. Run "npm run build" first.');
  freshScreenshotDir();
  const only = process.env.MLOPS_E2E_ONLY;
  const chosen = only ? scenarios.filter((s) => s.name.includes(only)) : scenarios;
  if (chosen.length === 0) throw new Error(`no e2e scenario's name contains "${only}"`);
  const started = Date.now();
  const failed: string[] = [];
  for (const scenario of chosen) {
    if (isStopping()) break;
    if (!(await runScenario(scenario))) failed.push(scenario.name);
  }
  console.log(
    `\ne2e: ${chosen.length - failed.length} of ${chosen.length} scenarios passed in ${seconds(started)}${failed.length ? `; FAILED: ${failed.join('; ')}` : ''}; screenshots in ${screenshotDir}`,
  );
  return failed.length ? 1 : 0;
}

main()
  .catch((err: Error) => {
    console.error(err.message);
    return 1;
  })
  .then(async (code) => {
    if (isStopping()) return; // the signal handler owns the exit
    await cleanupAll();
    process.exit(code);
  });
