/** A code-server workbench on a prepared workspace, with helpers to open the panels and read their frames. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../../../scripts/vscode-host/paths';
import { startWorkbench, type Workbench } from '../../../scripts/vscode-host/workbench';
import { runCommand, waitForWorkbench } from '../../e2e/driver';

export interface PageSession {
  workbench: Workbench;
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

/** Copies the quickstart sample, lets `prepare` add runs, and opens it in the offline workbench. */
export async function openSession(prepare: (workspace: string) => void | Promise<void>): Promise<PageSession> {
  const root = mkdtempSync(join(tmpdir(), 'mlops-panels-'));
  const source = join(repoRoot, 'examples', 'quickstart');
  const workspace = join(root, basename(source));
  cpSync(source, workspace, { recursive: true, filter: (src) => !src.includes('.mlops') });
  await prepare(workspace);
  const workbench = await startWorkbench({ folder: workspace, extensionDevelopmentPath: repoRoot });
  if (process.env.MLOPS_HOST_VERBOSE)
    workbench.page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));
  await waitForWorkbench(workbench.page, 120_000);
  return {
    workbench,
    page: workbench.page,
    workspace,
    close: async () => {
      await workbench.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The inner frame of the webview whose document loads `dist/webview/<script>.js`. */
export async function panelFrame(page: Page, script: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame
        .evaluate(`[...document.scripts].some((s) => s.src.includes('/dist/webview/${script}.js'))`)
        .catch(() => false);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview running ${script}.js appeared`);
    await page.waitForTimeout(100);
  }
}

export async function openPanel(page: Page, title: string): Promise<void> {
  // The palette lists an extension's commands only once it has activated; retry while it starts.
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, title);
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (attempt === 4) throw err;
    }
  }
}

/** Waits until the extension has activated (its activity bar entry exists and the palette knows its commands). */
export async function waitForExtension(page: Page): Promise<void> {
  await page.locator('.part.activitybar .action-item [aria-label^="MLOps"]').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(3000);
}
