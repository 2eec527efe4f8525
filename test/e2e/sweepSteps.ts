/**
 * e2e steps of sweeps: a 12-trial TPE sweep of node-linear (run through the CLI while preparing), the Sweeps section
 * of the Experiments view, and the Sweep panel in the dark theme and then the light one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { clearNotifications, expandRow, hideBottomPanel, onlyMlopsView, treeRows, waitForWebview } from './driver';
import type { Step } from './steps';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** Runs a real sweep of node-linear in the workspace: 12 TPE trials with median early stopping. */
export async function prepareSweep(workspace: string): Promise<void> {
  const result = spawnSync(
    process.execPath,
    [CLI, 'sweep', 'node-linear', '--trials', '12', '--seed', '4', '--json', '--workspace', workspace],
    { encoding: 'utf8', timeout: 240_000 },
  );
  if (result.status !== 0) throw new Error(`mlops sweep failed (${result.status}): ${result.stderr}`);
}

async function useTheme(
  page: Page,
  workspace: string,
  theme: 'Default Dark Modern' | 'Default Light Modern',
): Promise<void> {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.colorTheme': theme }, null, 2),
  );
  await page.locator(theme.includes('Dark') ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor();
}

/** The Sweep panel once it shows every trial and its charts, in `theme`. */
async function sweepPanel(page: Page, theme: 'dark' | 'light'): Promise<FrameLocator> {
  await page
    .locator('.tabs-container .tab', { hasText: /Sweep: node-linear/ })
    .first()
    .click();
  const frame = await waitForWebview(page, /Sweep: node-linear/);
  await frame.locator(`body.vscode-${theme}`).waitFor();
  await frame.locator('table.trials tbody tr').nth(11).waitFor();
  await frame.locator('.parcoords .parcoords-line-layers, .parcoords svg').first().waitFor();
  await frame.locator('.scatters .plot .main-svg').nth(1).waitFor();
  await frame
    .locator('body')
    .evaluate('new Promise((done) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(done)), 300))');
  return frame;
}

export const sweepSteps: Step[] = [
  {
    name: 'see the sweep in the Sweeps section of the Experiments view and open its panel (dark theme)',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Dark Modern');
      const experiments = await onlyMlopsView(page, 'Experiments');
      const section = treeRows(experiments, /^Sweeps/).first();
      await section.waitFor();
      await expandRow(section);
      const row = treeRows(experiments, /node-linear .*tpe · 12\/12 · best val_accuracy/).first();
      await row.waitFor();
      await shot('sweeps-tree');
      await row.click();
      await sweepPanel(page, 'dark');
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot('sweep-panel-dark');
    },
  },
  {
    name: 'the Sweep panel follows a switch to the light theme',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Light Modern');
      await sweepPanel(page, 'light');
      await clearNotifications(page);
      await shot('sweep-panel-light');
    },
  },
];
