/**
 * Drives the real workbench (offline host) through test/e2e/steps.ts and saves PNGs under test/e2e/screenshots/.
 * Usage: npm run test:e2e        (MLOPS_E2E_TIMEOUT_S bounds the whole walk, default 900)
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { repoRoot } from '../../scripts/vscode-host/paths';
import { cleanupAll, isStopping } from '../../scripts/vscode-host/processGroups';
import { startWorkbench, type Workbench } from '../../scripts/vscode-host/workbench';
import { copyWorkspace } from '../integration/workspace';
import { parkMouse, waitForWorkbench } from './driver';
import { steps, type StepContext } from './steps';

const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');
const sampleWorkspace = process.env.MLOPS_SAMPLE_WORKSPACE ?? join(repoRoot, 'examples', 'quickstart');
const timeoutS = Number(process.env.MLOPS_E2E_TIMEOUT_S ?? 900);
const stepTimeoutMs = 150_000;

function freshScreenshotDir(): void {
  mkdirSync(screenshotDir, { recursive: true });
  for (const f of readdirSync(screenshotDir)) if (f.endsWith('.png')) rmSync(join(screenshotDir, f));
}

async function walk(workbench: Workbench, workspace: string): Promise<number> {
  let shots = 0;
  const ctx: StepContext = {
    page: workbench.page,
    workspace,
    shot: async (name: string, element?: Locator) => {
      const path = join(screenshotDir, `${String(++shots).padStart(2, '0')}-${name}.png`);
      await parkMouse(workbench.page);
      await (element ?? workbench.page).screenshot({ path });
      console.log(`    screenshot ${path}`);
      return path;
    },
  };
  workbench.page.setDefaultTimeout(stepTimeoutMs);
  await waitForWorkbench(workbench.page);
  for (const step of steps) {
    const started = Date.now();
    try {
      await step.run(ctx);
      console.log(`  ✔ ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      console.log(`  ✘ ${step.name}\n    ${(err as Error).message.split('\n').join('\n    ')}`);
      await ctx.shot(`FAILED-${step.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
      return 1;
    }
  }
  return 0;
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing. Run "npm run build" first.');
  freshScreenshotDir();
  const workspace = copyWorkspace(sampleWorkspace, 'e2e');
  const started = Date.now();
  const workbench = await startWorkbench({ folder: workspace.folder, extensionDevelopmentPath: repoRoot, viewport: { width: 1600, height: 1000 } });
  if (process.env.MLOPS_HOST_VERBOSE) workbench.page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));
  console.log(`e2e on ${workspace.folder}`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      console.error(`The e2e walk did not finish within ${timeoutS} s (MLOPS_E2E_TIMEOUT_S): stopping code-server and the browser.`);
      resolve(124);
    }, timeoutS * 1000);
  });
  try {
    const code = await Promise.race([walk(workbench, workspace.folder), timedOut]);
    console.log(`e2e ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${screenshotDir}`);
    return code;
  } finally {
    clearTimeout(timer);
    await workbench.close();
    workspace.dispose();
  }
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
