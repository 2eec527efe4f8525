/**
 * e2e steps of serving and monitoring, with churn trained, registered and put in production through the CLI
 * beforehand (prepareProductionModel): Serve Model from the
 * Monitors view's title bar, traffic from a client on 127.0.0.1 (clean rows of test.csv, then the drifted rows of
 * current.csv), Run Monitor Now from the monitor's row, then the Monitors view with the deployment's figures and
 * the monitor in drift, and the drift warning on the monitor in mlops.yaml with the Problems panel.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { readHistory } from '../../src/core/monitor/monitorFiles';
import { FileRegistryStore } from '../../src/core/registry/fileRegistryStore';
import {
  answerPick,
  clearNotifications,
  hideBottomPanel,
  hoverUntilShown,
  onlyMlopsView,
  openFile,
  runCommand,
  treeRows,
  waitForWebview,
} from './driver';
import { repoRoot } from '../../scripts/vscode-host/paths';
import type { Step } from './steps';

const MODEL = 'churn';
const MONITOR = 'churn-live';
let url = '';
let requests = 0;

/** Trains churn-tfjs, registers the run as churn and promotes it to production over its drift gate, with the CLI. */
export async function prepareProductionModel(workspace: string): Promise<void> {
  const mlops = (...args: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args, '--workspace', workspace, '--json'], {
        encoding: 'utf8',
      }),
    ) as Record<string, unknown>;
  const run = mlops('run', 'churn-tfjs');
  if (run.status !== 'completed') throw new Error(`churn-tfjs ended ${String(run.status)}: ${String(run.error)}`);
  const registered = mlops('register', String(run.runId), '--model', MODEL);
  mlops(
    'promote',
    MODEL,
    String(registered.version),
    '--to',
    'production',
    '--force',
    '--reason',
    'e2e: serving scenario',
  );
}

/** A row by its label, not its description (the deployment's description names the model too). */
function labelled(pane: Locator, label: string): Locator {
  return treeRows(pane)
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first();
}

/** The rows of a quickstart CSV as the raw JSON a client sends (features only). */
function rowsOf(workspace: string, file: string): Array<Record<string, string | number>> {
  const [header, ...lines] = readFileSync(join(workspace, 'data', file), 'utf8')
    .trim()
    .split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      names.flatMap((n, i) => (n === 'churned' ? [] : [[n, n === 'plan' ? cells[i] : Number(cells[i])]])),
    );
  });
}

async function predict(rows: Array<Record<string, string | number>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows.slice(i, i + 100)),
    });
    requests++;
    if (res.status !== 200) throw new Error(`POST /predict answered ${res.status}: ${await res.text()}`);
  }
}

/** Clicks the monitor row's inline "Run Monitor Now" and waits for the check to land in its history. */
async function runMonitorFromRow(page: Page, workspace: string, status: 'ok' | 'drift'): Promise<void> {
  const before = (await readHistory(workspace, MONITOR)).length;
  const row = labelled(await onlyMlopsView(page, 'Monitors'), MONITOR);
  const action = row.locator('.action-label[aria-label="Run Monitor Now"]');
  await hoverUntilShown(page, row, action);
  await action.click();
  // The row's action runs on its row, even while the tree refreshes it: a monitor quick pick here is the bug of a
  // row that lost its identity.
  const picker = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Run which monitor?' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const history = await readHistory(workspace, MONITOR);
    const check = history.length > before ? history.at(-1) : undefined;
    if (await picker.isVisible())
      throw new Error(`the monitor row's Run Monitor Now asked which monitor: the action lost its row`);
    if (check) {
      if (check.status !== status)
        throw new Error(
          `monitor ${MONITOR} reported ${check.status} (${check.message ?? `share ${check.share}`}), expected ${status}`,
        );
      return;
    }
    if (Date.now() > deadline) throw new Error(`Run Monitor Now added no check to ${MONITOR}'s history within 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const monitorSteps: Step[] = [
  {
    name: 'serve churn@production from the Monitors view and send it clean, then drifted, traffic',
    async run({ page, workspace }) {
      await hideBottomPanel(page);
      await clearNotifications(page);
      const registry = new FileRegistryStore(workspace);
      const production = (await registry.listVersions(MODEL)).find((v) => v.stage === 'production');
      if (!production)
        throw new Error(`no ${MODEL} version in production: prepareProductionModel should have promoted one`);
      const pane = await onlyMlopsView(page, 'Monitors');
      await pane.locator('.pane-header').hover();
      await pane.locator('.pane-header .action-label[aria-label="Serve Model"]').click();
      await answerPick(page, { title: 'Serve which model version?', text: `${MODEL}:${production.version}` });
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: /is served at http:\/\/127\.0\.0\.1:\d+/ })
        .first()
        .waitFor({ timeout: 120_000 });
      url = (await registry.getDeployment(MODEL))?.url ?? '';
      if (!url) throw new Error(`registry.json has no URL for deployment ${MODEL}`);

      await predict(rowsOf(workspace, 'test.csv'));
      await runMonitorFromRow(page, workspace, 'ok');
      await predict(rowsOf(workspace, 'current.csv'));
      await runMonitorFromRow(page, workspace, 'drift');
    },
  },
  {
    name: 'see the deployment and the drifting monitor in the Monitors view, with the monitor’s drift over time',
    async run({ page, shot }) {
      const pane = await onlyMlopsView(page, 'Monitors');
      // The drift queued a retraining run: it may still wait behind earlier runs (the row says retraining…), or
      // have ended and been registered as the challenger.
      await runCommand(page, 'MLOps: Refresh Monitors');
      const monitor = labelled(pane, MONITOR).filter({
        hasText: /drift · share \d\.\d\d .*(retraining…|challenger v\d+)/,
      });
      await monitor.waitFor();
      await labelled(pane, MODEL)
        .filter({ hasText: new RegExp(`running · ${requests} req · p95 [\\d.]+ ms · 0 err`) })
        .waitFor();
      // A drift panel left open by an earlier step keeps its own comparison at the top; start from a fresh one.
      await runCommand(page, 'View: Close All Editors');
      await monitor.click({ button: 'right' });
      // The workbench's context menu reacts to keys more reliably than to a synthetic click.
      const item = page.getByRole('menuitem', { name: 'Show Drift Over Time' });
      await item.waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await item.waitFor({ state: 'hidden' });
      const frame = await waitForWebview(page, /Drift/);
      await frame.locator('.history .history-features .main-svg').first().waitFor();
      await frame.locator('.history').scrollIntoViewIfNeeded();
      await hideBottomPanel(page);
      await clearNotifications(page);
      const path = await shot('monitors-view-deployment-and-drift');
      await hoverUntilShown(
        page,
        monitor,
        page
          .locator('.workbench-hover')
          .filter({ hasText: /retraining run \S+ \(drift\) in progress|last retraining/ }),
      );
      await page.screenshot({
        path: join(dirname(path), `${basename(path).slice(0, 2)}b-monitors-view-monitor-tooltip.png`),
      });
    },
  },
  {
    name: 'see the drift warning on the monitor in mlops.yaml and in Problems',
    async run({ page, shot }) {
      await openFile(page, 'mlops.yaml');
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problem = page
        .locator('.markers-panel .monaco-list-row', { hasText: `Data drift detected by monitor ${MONITOR}` })
        .first();
      await problem.click();
      await page
        .locator('.editor-instance .monaco-editor .view-line', { hasText: `${MONITOR}:` })
        .first()
        .waitFor();
      await clearNotifications(page);
      await shot('monitor-drift-alert-problems');
    },
  },
];
