/**
 * e2e steps of the runs panels: the runs table with a filter, compare with curves and parallel coordinates, and a
 * live run, first in the dark theme and then in the light one.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { syntheticSummaries, writeRunFolder } from '../bench/panels/syntheticStore';
import { clearNotifications, commandWithPicks, runCommand, waitForWebview } from './driver';
import type { Step } from './steps';

const FILTER = 'val_accuracy > 0.3 status = completed';
let liveRunId = '';

type Theme = 'dark' | 'light';

/** The tab's webview, once it has taken the theme and drawn a frame with it (a theme switch re-renders the plots). */
export async function showTab(page: Page, title: string | RegExp, theme: Theme): Promise<FrameLocator> {
  await page.locator('.tabs-container .tab', { hasText: title }).first().click();
  const frame = await waitForWebview(page, title);
  const body = frame.locator(`body.vscode-${theme}`);
  await body.waitFor();
  await body.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  return frame;
}

/** Seeds 24 finished runs and one running run that logs 50 points/s (for three minutes) into the workspace. */
export async function seedRuns(workspace: string): Promise<void> {
  const runs = syntheticSummaries({ runs: 25, params: 6, metrics: 3, seed: 5 });
  runs.forEach((s, k) => {
    const last = k === runs.length - 1;
    const run = last ? { ...s, status: 'running' as const, endedAt: null, startedAt: new Date().toISOString() } : s;
    const rate = 0.002 + (0.004 * ((k * 7) % 11)) / 11;
    writeRunFolder(
      workspace,
      run,
      [
        {
          name: 'loss',
          points: last ? 50 : 2000,
          value: (i) => (i === 700 + k * 40 ? 2.5 : Math.exp(-rate * i) + 0.03 * Math.sin(i / 15 + k)),
        },
        {
          name: 'val_accuracy',
          points: last ? 50 : 2000,
          value: (i) => (i === 1500 && k === 3 ? NaN : 1 - Math.exp(-rate * i) * 0.9),
        },
      ],
      last
        ? {
            record: {
              pid: process.pid,
              supervisor: { pid: process.pid, startTime: null },
              heartbeatAt: new Date().toISOString(),
            },
          }
        : {},
    );
    if (last) liveRunId = run.id;
  });
  const file = join(workspace, '.mlops', 'runs', liveRunId, 'plots', 'metrics', 'loss.tsv');
  let step = 50;
  const writer = setInterval(() => {
    try {
      appendFileSync(file, `${Date.now()}\t${step}\t${Math.exp(-0.004 * step++) + 0.02 * Math.random()}\n`);
    } catch {
      clearInterval(writer); // the scenario ended and its workspace is gone
    }
  }, 20);
  setTimeout(() => clearInterval(writer), 180_000).unref();
  writer.unref();
}

/** Switches the colour theme through the workspace settings (VS Code applies the change live). */
export async function useTheme(
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

async function screenshots(page: Page, shot: (name: string) => Promise<string>, theme: Theme): Promise<void> {
  const table = await showTab(page, 'MLOps Runs', theme);
  await table.locator('.tbody .tr[data-id]:not([data-id=""])').first().waitFor();
  await shot(`runs-table-filtered-${theme}`);
  const compare = await showTab(page, /MLOps Compare/, theme);
  await compare.locator('.parcoords .main-svg').first().waitFor();
  await shot(`compare-curves-parcoords-${theme}`);
  const live = await showTab(page, new RegExp(liveRunId.slice(-6)), theme);
  await live.locator('.live-plot .main-svg').first().waitFor();
  await shot(`live-run-${theme}`);
}

export const panelSteps: Step[] = [
  {
    name: 'filter the runs table, compare five runs, and open a live run (dark theme)',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Dark Modern');
      await runCommand(page, 'MLOps: Open Runs Table');
      const table = await waitForWebview(page, 'MLOps Runs');
      await table
        .locator('.tbody .tr', { hasText: liveRunId.slice(-6) })
        .first()
        .waitFor();
      // Typed keys follow focus: one that a loading panel took midway lands elsewhere, so check what the field holds.
      const field = table.locator('vscode-text-field.filter');
      const value = () => field.evaluate((el) => (el as unknown as { value: string }).value);
      for (let attempt = 1; ; attempt++) {
        await field.evaluate((el) => void ((el as unknown as { value: string }).value = ''));
        await field.click();
        await page.keyboard.type(FILTER);
        const typed = await value();
        if (typed === FILTER) break;
        if (attempt === 3)
          throw new Error(`the filter field holds "${typed}" after typing "${FILTER}" ${attempt} times`);
        console.log(`    (the filter field got "${typed}"; typing it again)`);
      }
      await table.locator('.toolbar .muted', { hasText: /^\d+ of \d+ runs/ }).waitFor();
      const boxes = table.locator('.tbody .tr input[type=checkbox]');
      for (let i = 0; i < 5; i++) await boxes.nth(i).check();
      await table.locator('.toolbar .muted', { hasText: '5 selected' }).waitFor();
      await table.locator('vscode-button', { hasText: 'Compare selected' }).click();
      const compare = await waitForWebview(page, /MLOps Compare/);
      await compare.locator('.curves .main-svg').first().waitFor();
      await commandWithPicks(page, 'MLOps: Open Run Details', [{ title: null, text: liveRunId.slice(-6) }]);
      await clearNotifications(page);
      await screenshots(page, shot, 'dark');
    },
  },
  {
    name: 'the same panels follow a switch to the light theme',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Light Modern');
      await clearNotifications(page);
      await screenshots(page, shot, 'light');
    },
  },
];
