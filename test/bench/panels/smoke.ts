/** Opens each panel on a small synthetic store in the real browser and saves screenshots to /tmp (developer aid). */
import { cleanupAll } from '../../../scripts/vscode-host/processGroups';
import { syntheticSummaries, writeRunFolder } from './syntheticStore';
import { openPanel, openSession, panelFrame, waitForExtension } from './pageSession';

async function main(): Promise<void> {
  const session = await openSession((ws) => {
    for (const s of syntheticSummaries({ runs: 12, params: 6, metrics: 3 })) {
      writeRunFolder(ws, s, [
        { name: 'loss', points: 500, value: (i) => (i === 250 ? NaN : 1 / (i + 1) + Math.random() * 0.01) },
        { name: 'val_accuracy', points: 500, value: (i) => 1 - 1 / (i + 2) },
      ]);
    }
  });
  const { page } = session;
  page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
  await waitForExtension(page);
  await openPanel(page, 'MLOps: Open Runs Table');
  const table = await panelFrame(page, 'runs');
  await table.locator('.tbody .tr[data-id]:not([data-id=""])').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: '/tmp/smoke-runs.png' });
  const boxes = table.locator('.tbody .tr input[type=checkbox]');
  for (let i = 0; i < 4; i++) await boxes.nth(i).check();
  await table.locator('vscode-button', { hasText: 'Compare selected' }).click();
  const compare = await panelFrame(page, 'compare');
  await compare.locator('.curves .main-svg').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/smoke-compare.png' });
  await compare.locator('table.diff th.link').first().click();
  const run = await panelFrame(page, 'run');
  await run.locator('.live-plot .main-svg').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/smoke-run.png' });
  await session.close();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
