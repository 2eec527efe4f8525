/**
 * e2e steps of the Get Started walkthrough: opened from the palette as a user does, its six steps listed; a step's
 * button runs its command and checks the step off; another step's markdown page shows when it is selected.
 */
import { clearNotifications, commandWithPicks, hideBottomPanel } from './driver';
import type { Step } from './steps';

const TITLE = 'Get Started with MLOps Workbench';
const STEP_TITLES = [
  'Open or create the sample',
  'Run your first experiment',
  'See it live in the run panel',
  'Compare two runs',
  'Register a model',
  'Check drift',
];

export const walkthroughSteps: Step[] = [
  {
    name: 'open the walkthrough from the palette and see its six steps',
    async run({ page, shot }) {
      await commandWithPicks(page, 'Welcome: Open Walkthrough...', [{ title: null, text: TITLE }]);
      const container = page.locator('.gettingStartedContainer');
      await container.getByText(TITLE).first().waitFor({ timeout: 30_000 });
      for (const title of STEP_TITLES)
        await container.locator('.getting-started-step', { hasText: title }).first().waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot('walkthrough-get-started');
    },
  },
  {
    name: 'click "Open mlops.yaml" in the first step: the file opens and the step is checked off',
    async run({ page, shot }) {
      const container = page.locator('.gettingStartedContainer');
      await container.getByRole('button', { name: 'Open mlops.yaml' }).first().click();
      await page.locator('.tabs-container .tab', { hasText: 'mlops.yaml' }).first().waitFor();
      // The file takes the walkthrough's place in the editor group: open it again, as a user would.
      await commandWithPicks(page, 'Welcome: Open Walkthrough...', [{ title: null, text: TITLE }]);
      const first = container.locator('.getting-started-step', { hasText: STEP_TITLES[0] }).first();
      await first.locator('.codicon.complete[aria-checked="true"]').first().waitFor({ timeout: 30_000 });
      await clearNotifications(page);
      await shot('walkthrough-first-step-done');
    },
  },
  {
    name: 'select "Compare two runs" and see its page',
    async run({ page, shot }) {
      const container = page.locator('.gettingStartedContainer');
      const step = container.locator('.getting-started-step', { hasText: STEP_TITLES[3] }).first();
      await step.locator('.step-title').first().click();
      await container.locator('.getting-started-step.expanded', { hasText: STEP_TITLES[3] }).first().waitFor();
      await step.getByRole('button', { name: 'Compare Runs' }).first().waitFor();
      const media = page.locator('.gettingStartedContainer .getting-started-media iframe.webview.ready').first();
      await media.waitFor({ timeout: 30_000 });
      await media
        .contentFrame()
        .frameLocator('iframe#active-frame')
        .getByText('overlays their curves')
        .first()
        .waitFor({ timeout: 30_000 });
      await clearNotifications(page);
      await shot('walkthrough-compare-step');
    },
  },
];
