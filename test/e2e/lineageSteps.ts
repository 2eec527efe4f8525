/** e2e steps of lineage: the lineage panel of a model with two runs on two data versions, and the code diff editor. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileRegistryStore } from '../../src/core/registry/fileRegistryStore';
import { registerRun } from '../../src/core/registry/registration';
import { FileRunStore } from '../../src/core/store/fileRunStore';
import { commitWorkspace, finishedRun } from '../helpers/lineageRuns';
import { clearNotifications, commandWithPicks, runCommand, waitForWebview } from './driver';
import type { Step } from './steps';

export const lineageSteps: Step[] = [
  {
    name: 'show the lineage of a model version trained twice on two versions of the data',
    async run({ page, workspace, shot }) {
      const store = new FileRunStore(workspace);
      const data = join(workspace, 'data', 'churn-lineage.csv');
      writeFileSync(data, 'age,income,churned\n31,52000,0\n45,61000,1\n');
      const first = await finishedRun(store, 'churn-tfjs', {
        inputs: ['data/churn-lineage.csv', 'data/test.csv'],
        params: { lr: 0.001, epochs: 20 },
      });
      writeFileSync(data, 'age,income,churned\n31,52000,0\n45,61000,1\n52,48000,1\n');
      const second = await finishedRun(store, 'churn-tfjs', {
        inputs: ['data/churn-lineage.csv', 'data/test.csv'],
        params: { lr: 0.0005, epochs: 30 },
        extra: { derivedFrom: first.id },
      });
      const registry = new FileRegistryStore(workspace);
      await registerRun(registry, { run: first.id, model: 'churn' });
      await registerRun(registry, { run: second.id, model: 'churn' });
      await runCommand(page, 'MLOps: Refresh');
      await commandWithPicks(page, 'MLOps: Show Lineage', [
        { title: 'Show lineage of', text: 'churn v2', expect: /churn v2/ },
      ]);
      const frame = await waitForWebview(page, /Lineage/);
      await frame.locator('.node.kind-model-version').first().waitFor();
      await frame.locator('.node.kind-dataset').nth(2).waitFor();
      await clearNotifications(page);
      await shot('lineage-panel');
    },
  },
  {
    name: 'compare the code of two runs in the diff editor',
    async run({ page, workspace, shot }) {
      commitWorkspace(workspace, ['data/churn-lineage.csv']);
      const store = new FileRunStore(workspace);
      const script = join(workspace, 'train.py');
      const a = await finishedRun(store, 'py-linear', {
        inputs: ['data/train.csv'],
        params: { lr: 0.5, epochs: 40 },
        git: true,
      });
      writeFileSync(
        script,
        readFileSync(script, 'utf8').replace(
          'def sigmoid(z):\n',
          'def sigmoid(z):\n    z = max(-30.0, min(30.0, z))  # clip, so exp never overflows\n',
        ),
      );
      const b = await finishedRun(store, 'py-linear', {
        inputs: ['data/train.csv'],
        params: { lr: 0.2, epochs: 60 },
        git: true,
      });
      await runCommand(page, 'MLOps: Refresh');
      await commandWithPicks(page, 'MLOps: Compare Code/Data/Params', [
        { title: 'first run (A)', text: a.id.slice(-8) },
        { title: 'second run (B)', text: b.id.slice(-8) },
      ]);
      const diff = page.locator('.monaco-diff-editor').first();
      await diff.locator('.editor.modified .view-line', { hasText: 'so exp never overflows' }).first().waitFor();
      await diff.locator('.editor.original .view-line', { hasText: 'def sigmoid' }).first().waitFor();
      await page
        .locator('.tabs-container .tab', { hasText: /train\.py/ })
        .first()
        .waitFor();
      await clearNotifications(page);
      await shot('lineage-code-diff');
      await page
        .locator('.tabs-container .tab', { hasText: /^Preview / })
        .first()
        .click();
      const preview = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
      await preview.locator('h2', { hasText: 'Params' }).waitFor();
      await shot('lineage-run-diff-summary');
    },
  },
];
