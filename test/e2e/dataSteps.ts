/**
 * e2e steps of the data panels: the profile of data/train.csv, the drift report of data/current.csv against it,
 * and a monitor's drift over time after a simulated shift (real checks on windows that drift step by step).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitorCheck } from '../../src/core/monitor/monitorCheck';
import { appendCheck, monitorPaths } from '../../src/core/monitor/monitorFiles';
import { FileRegistryStore } from '../../src/core/registry';
import { writeJsonAtomic } from '../../src/core/store/atomicWrite';
import { parseSpec } from '../../src/core/spec/parseSpec';
import {
  clearNotifications,
  commandWithPicks,
  hideBottomPanel,
  runCommand,
  waitForWebview,
  type PickAnswer,
} from './driver';
import type { PanelStepOptions, Step } from './steps';

/** Runs a panel's command, answering the quick picks it opens, then waits for the panel and screenshots it. */
function withPicks(options: PanelStepOptions, picks: PickAnswer[]): Step {
  return {
    name: options.name,
    async run({ page, shot }) {
      await commandWithPicks(page, options.command, picks);
      const frame = await waitForWebview(page, options.tabTitle);
      await options.ready(frame).first().waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot(options.screenshot);
    },
  };
}

const MONITOR = 'data-shift';

/** Eight hourly checks of a monitor whose current data moves from test.csv (no drift) to current.csv (drifted). */
async function simulateShift(workspace: string): Promise<void> {
  appendFileSync(
    join(workspace, 'mlops.yaml'),
    `  ${MONITOR}:\n    model: churn\n    reference: data/train.csv\n    current: data/window.csv\n`,
  );
  const spec = parseSpec(readFileSync(join(workspace, 'mlops.yaml'), 'utf8')).spec;
  if (!spec?.monitors[MONITOR]) throw new Error(`the ${MONITOR} monitor did not parse`);
  const lines = (file: string) =>
    readFileSync(join(workspace, 'data', file), 'utf8')
      .trim()
      .split('\n');
  const [header, ...clean] = lines('test.csv');
  const shifted = lines('current.csv').slice(1);
  const registry = new FileRegistryStore(workspace);
  const start = Date.parse('2026-11-24T08:00:00Z');
  for (let k = 0; k < 8; k++) {
    writeFileSync(
      join(workspace, 'data', 'window.csv'),
      [header, ...clean.slice(0, 400 - 50 * k), ...shifted.slice(0, 50 * k)].join('\n') + '\n',
    );
    const { check, report } = await runMonitorCheck({
      workspace,
      monitor: spec.monitors[MONITOR],
      spec,
      registry,
      state: { windowEnd: null, dataHashes: null, pending: null },
    });
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
      await commandWithPicks(page, 'MLOps: Show Drift Over Time', [{ title: 'Drift over time', text: MONITOR }]);
      const frame = await waitForWebview(page, /Drift/);
      const history = frame.locator('.history');
      await history.locator('.history-features .main-svg').first().waitFor();
      await history.scrollIntoViewIfNeeded();
      await clearNotifications(page);
      await shot('panel-drift-over-time');
    },
  },
];
