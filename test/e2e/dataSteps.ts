/**
 * e2e steps of the data panels: the profile of data/train.csv, the drift report of data/current.csv against it,
 * and a monitor's drift over time after a simulated shift (real checks on windows that drift step by step).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runMonitorCheck } from '../../src/core/monitor/monitorCheck';
import { appendCheck, monitorPaths } from '../../src/core/monitor/monitorFiles';
import { FileRegistryStore } from '../../src/core/registry';
import { writeJsonAtomic } from '../../src/core/store/atomicWrite';
import { parseSpec } from '../../src/core/spec/parseSpec';
import { clearNotifications, runCommand, waitForWebview } from './driver';
import { panelStep, type Step } from './steps';

/** Answers the quick picks a command opens, in order: waits for each title, types the text, picks the first row. */
async function answerPicks(page: Page, picks: Array<{ title: string | RegExp; text: string }>): Promise<void> {
  for (const p of picks) {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: p.title }).waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.quick-input-widget input.input').fill(p.text, { timeout: 20_000 });
    await page.locator('.quick-input-widget .monaco-list-row').first().filter({ hasText: p.text }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: p.title }).waitFor({ state: 'hidden' });
  }
}

/**
 * A panelStep whose command first asks for files in quick picks. The step is built when it runs: steps.ts
 * imports this module, so panelStep is not usable while the modules load.
 */
function withPicks(options: Parameters<typeof panelStep>[0], picks: Array<{ title: string | RegExp; text: string }>): Step {
  return {
    name: options.name,
    async run(ctx) {
      // A quick pick closes when something else takes focus as it opens (on a loaded machine, a panel or run view
      // finishing its load); the command is then simply given again, once.
      for (let attempt = 1; ; attempt++) {
        try {
          const answering = answerPicks(ctx.page, picks);
          await Promise.all([panelStep(options).run(ctx), answering]);
          return;
        } catch (err) {
          if (attempt === 2) throw err;
          await ctx.page.keyboard.press('Escape');
          await clearNotifications(ctx.page);
        }
      }
    },
  };
}

const MONITOR = 'data-shift';

/** Eight hourly checks of a monitor whose current data moves from test.csv (no drift) to current.csv (drifted). */
async function simulateShift(workspace: string): Promise<void> {
  appendFileSync(join(workspace, 'mlops.yaml'), `  ${MONITOR}:\n    model: churn\n    reference: data/train.csv\n    current: data/window.csv\n`);
  const spec = parseSpec(readFileSync(join(workspace, 'mlops.yaml'), 'utf8')).spec;
  if (!spec?.monitors[MONITOR]) throw new Error(`the ${MONITOR} monitor did not parse`);
  const lines = (file: string) => readFileSync(join(workspace, 'data', file), 'utf8').trim().split('\n');
  const [header, ...clean] = lines('test.csv');
  const shifted = lines('current.csv').slice(1);
  const registry = new FileRegistryStore(workspace);
  const start = Date.parse('2026-11-24T08:00:00Z');
  for (let k = 0; k < 8; k++) {
    writeFileSync(join(workspace, 'data', 'window.csv'), [header, ...clean.slice(0, 400 - 50 * k), ...shifted.slice(0, 50 * k)].join('\n') + '\n');
    const { check, report } = await runMonitorCheck({ workspace, monitor: spec.monitors[MONITOR], spec, registry, state: { windowEnd: null, dataHashes: null, pending: null } });
    const at = new Date(start + k * 3_600_000).toISOString();
    await appendCheck(workspace, { ...check, at });
    if (report) await writeJsonAtomic(monitorPaths(workspace, MONITOR).report, { check: { ...check, at }, report });
  }
}

export const dataSteps: Step[] = [
  withPicks(
    {
      name: 'profile data/train.csv',
      command: 'MLOps: Profile Data',
      tabTitle: 'Profile: train.csv',
      ready: (frame) => frame.locator('.card .plot .main-svg').nth(5),
      screenshot: 'panel-data-profile',
    },
    [{ title: 'Profile data', text: 'data/train.csv' }],
  ),
  withPicks(
    {
      name: 'check drift of data/current.csv against data/train.csv',
      command: 'MLOps: Check Drift…',
      tabTitle: 'Drift: current.csv vs train.csv',
      ready: (frame) => frame.locator('.card .plot .main-svg').nth(1),
      screenshot: 'panel-drift-report',
    },
    [
      { title: 'reference data', text: 'data/train.csv' },
      { title: 'current data', text: 'data/current.csv' },
    ],
  ),
  {
    name: 'see a monitor’s drift over time after a simulated shift',
    async run({ page, workspace, shot }) {
      await simulateShift(workspace);
      await runCommand(page, 'MLOps: Refresh');
      const answering = answerPicks(page, [{ title: 'Drift over time', text: MONITOR }]);
      await runCommand(page, 'MLOps: Show Drift Over Time');
      await answering;
      const frame = await waitForWebview(page, /Drift/);
      const history = frame.locator('.history');
      await history.locator('.history-features .main-svg').first().waitFor();
      await history.scrollIntoViewIfNeeded();
      await clearNotifications(page);
      await shot('panel-drift-over-time');
    },
  },
];
