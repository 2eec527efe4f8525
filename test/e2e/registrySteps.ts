/**
 * e2e steps of the model registry, the way a user goes: train churn-tfjs, register the run from the palette,
 * promote it to production from the notification (the drift gate fails, so through the refusal dialog and an
 * override reason), then the Models tree with its production badge and tooltip, and the model card preview.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  answerPick,
  clearNotifications,
  commandWithPicks,
  expandRow,
  hideBottomPanel,
  hoverUntilShown,
  onlyMlopsView,
  treeRows,
  waitForWebview,
} from './driver';
import { writeJsonAtomic } from '../../src/core/store/atomicWrite';
import type { Step } from './steps';
import { readRuns } from './workspaceRuns';

const MODEL = 'churn';
const REASON = 'drift is checked by churn-live once served; approved by the model owner';
let version = 0;

async function waitForNewRun(workspace: string, before: Set<string>, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = readRuns(workspace).find(
      (r) => r.experiment === 'churn-tfjs' && !before.has(r.id) && r.status !== 'queued' && r.status !== 'running',
    );
    if (run) {
      if (run.status !== 'completed')
        throw new Error(`churn-tfjs run ${run.id} ended ${run.status}; see ${workspace}/.mlops/runs/${run.id}/log.txt`);
      return run.id;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no new churn-tfjs run finished within ${timeoutMs / 1000} s`);
}

/** The row of the version registered here (the model's row also says "production v3", so match the label). */
function versionRow(pane: Locator): Locator {
  return treeRows(pane)
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`^v${version}$`) }) })
    .first();
}

function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
}

export const registrySteps: Step[] = [
  {
    name: 'train churn-tfjs, register the run and promote it to production over the failed drift gate',
    async run({ page, workspace, shot }) {
      await clearNotifications(page);
      const before = new Set(readRuns(workspace).map((r) => r.id));
      await commandWithPicks(page, 'MLOps: Run Experiment', [{ title: 'Run experiment', text: 'churn-tfjs' }]);
      const runId = await waitForNewRun(workspace, before, 120_000);

      await commandWithPicks(page, 'MLOps: Register Model from Run', [
        { title: 'Register which completed run?', text: runId.slice(-8) },
        { title: 'Register as a version of which model?', text: MODEL },
      ]);
      const registered = notification(page, /registered churn:\d+/);
      await registered.waitFor();
      version = Number(/churn:(\d+)/.exec(await registered.innerText())![1]);
      await registered.getByRole('button', { name: 'Promote…' }).click();
      await answerPick(page, { title: `Promote ${MODEL}:${version} to`, text: 'production' });

      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: 'refused' }).waitFor();
      await shot('registry-promotion-refused');
      await dialog.getByRole('button', { name: 'Override…' }).click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Override failed gates' }).waitFor();
      await page.locator('.quick-input-widget input.input').fill(REASON);
      await page.keyboard.press('Enter');
      await notification(page, '(gates overridden, reason audited)').waitFor();
    },
  },
  {
    name: 'see the production version in the Models tree, and its tooltip',
    async run({ page, shot }) {
      await hideBottomPanel(page);
      await clearNotifications(page);
      const pane = await onlyMlopsView(page, 'Models');
      await expandRow(treeRows(pane, new RegExp(`^${MODEL}`)).first());
      const row = versionRow(pane).filter({ hasText: 'production' });
      await row.waitFor();
      const path = await shot('models-tree-production');
      await hoverUntilShown(page, row, page.locator('.workbench-hover').filter({ hasText: 'val_accuracy' }));
      await page.screenshot({
        path: join(dirname(path), `${path.split('/').pop()!.slice(0, 2)}b-models-tree-tooltip.png`),
      });
    },
  },
  {
    name: 'a version row’s inline Promote acts on its row while the Models tree keeps refreshing',
    async run({ page, workspace }) {
      const pane = await onlyMlopsView(page, 'Models');
      const row = versionRow(pane);
      await row.waitFor();
      // Another window (or the CLI) changing this version's record every 60 ms: the row (its tooltip lists the
      // version's metrics) is redrawn under the pointer. Its parent row shows none of it, so it stays as it is.
      const file = join(workspace, '.mlops', 'registry.json');
      type Registry = {
        models: Record<string, { versions: Array<{ version: number; metrics: Record<string, number> }> }>;
      };
      const original = JSON.parse(readFileSync(file, 'utf8')) as Registry;
      let tick = 0;
      let writing = Promise.resolve();
      const writer = setInterval(() => {
        const next = structuredClone(original);
        const record = next.models[MODEL].versions.find((v) => v.version === version)!;
        record.metrics = { ...record.metrics, e2e_tick: tick++ };
        writing = writing.then(() => writeJsonAtomic(file, next)).catch(() => undefined);
      }, 60);
      const title = page.locator('.quick-input-widget .quick-input-title');
      try {
        for (let click = 1; click <= 20; click++) {
          const promote = row.locator('.action-label[aria-label="Promote Model Version…"]');
          await hoverUntilShown(page, row, promote);
          await promote.click();
          await title.filter({ hasText: /^Promote / }).waitFor();
          const asked = (await title.innerText()).trim();
          await page.keyboard.press('Escape');
          await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
          if (!asked.startsWith(`Promote ${MODEL}:${version} to`))
            throw new Error(`click ${click}: Promote asked "${asked}": the action lost its row`);
        }
      } finally {
        clearInterval(writer);
        await writing;
        await writeJsonAtomic(file, original);
      }
    },
  },
  {
    name: 'open the model card of the production version',
    async run({ page, shot }) {
      const pane = await onlyMlopsView(page, 'Models');
      // The previous step's last registry.json write redraws this row; a click that lands mid-redraw runs nothing,
      // so the click is given again while the card's tab has not appeared.
      const cardTab = page.locator('.tabs-container .tab', { hasText: `${MODEL}-v${version}-model-card.md` }).first();
      for (let attempt = 1; ; attempt++) {
        await versionRow(pane).click();
        const opened = await cardTab.waitFor({ timeout: 15_000 }).then(
          () => true,
          () => false,
        );
        if (opened) break;
        if (attempt === 3) throw new Error(`clicking the version row ${attempt} times opened no model card`);
        console.log('    (the model card did not open; clicking the version row again)');
      }
      const frame = await waitForWebview(page, `${MODEL}-v${version}-model-card.md`);
      await frame.getByText(`Model card: ${MODEL} v${version}`).waitFor();
      await frame.getByText('Intended use').first().waitFor();
      await clearNotifications(page);
      await shot('model-card-preview');
      await frame.getByRole('heading', { name: 'Gates' }).scrollIntoViewIfNeeded();
      await frame.getByText('gates overridden').waitFor();
      await shot('model-card-gates-history');
    },
  },
];
