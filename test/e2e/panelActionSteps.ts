/**
 * e2e steps of the editor title's actions on an MLOps panel: Refresh, Open in New Editor Group and (compare, drift)
 * Export, clicked as a user clicks them.
 */
import { clearNotifications, hideBottomPanel, openFile, runCommand, waitForWebview } from './driver';
import type { Step } from './steps';

export const panelActionSteps: Step[] = [
  {
    name: 'open the runs table and see Refresh and Open in New Editor Group in its title bar',
    async run({ page, shot }) {
      await openFile(page, 'mlops.yaml');
      await runCommand(page, 'MLOps: Open Runs Table');
      const frame = await waitForWebview(page, 'MLOps Runs');
      await frame.locator('body').waitFor();
      const actions = page.locator('.editor-group-container.active .editor-actions');
      await actions.locator('[aria-label="Refresh Panel"]').first().waitFor();
      await actions.locator('[aria-label="Open Panel in New Editor Group"]').first().waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot('panel-title-actions', page.locator('.part.editor'));
    },
  },
  {
    name: 'click Open in New Editor Group: the table moves to a second group, mlops.yaml stays',
    async run({ page, shot }) {
      await page
        .locator('.editor-group-container.active .editor-actions [aria-label="Open Panel in New Editor Group"]')
        .first()
        .click();
      await page
        .locator('.editor-group-container')
        .nth(1)
        .locator('.tab', { hasText: 'MLOps Runs' })
        .first()
        .waitFor({ timeout: 30_000 });
      await waitForWebview(page, 'MLOps Runs');
      await clearNotifications(page);
      await shot('panel-in-new-group');
    },
  },
];
