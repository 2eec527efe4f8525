/**
 * What a user does in the workbench, as small functions over a playwright Page: run a palette command, open a
 * file, open a view container, find tree rows, CodeLens and webviews. Selectors follow VS Code 1.100's DOM.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} input.input`;

/** A quick input closed before it was answered: something took focus as it opened. Giving the command again is safe. */
export class QuickInputClosed extends Error {}

/** Whether the quick input shows with its text box focused, where typed keys and Enter go. */
async function quickInputFocused(page: Page): Promise<boolean> {
  const input = page.locator(QUICK_INPUT_BOX);
  if (!(await input.isVisible())) return false;
  return input.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false);
}

/** Waits for `locator`, unless the quick input closes first (then QuickInputClosed). */
async function whileQuickInputShows(page: Page, locator: Locator, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (
      await locator.waitFor({ timeout: 500 }).then(
        () => true,
        () => false,
      )
    )
      return;
    if (!(await page.locator(QUICK_INPUT_BOX).isVisible()))
      throw new QuickInputClosed(`the quick input closed while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`${what} did not show within ${timeout / 1000} s`);
  }
}

/** Opens the palette (F1) or Quick Open (Control+P) with its text box focused; presses the key again if it did not open. */
async function openQuickInput(page: Page, key: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const shown = await page
      .locator(QUICK_INPUT_BOX)
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    if (shown && (await quickInputFocused(page))) return;
    if (attempt === 6) throw new Error(`${key} opened no focused quick input in ${attempt} tries`);
    if (shown) await page.keyboard.press('Escape');
  }
}

/** Types into the showing quick input and picks the row matching `expect` once it is first (results arrive late; Enter before then picks something else). */
async function answer(page: Page, text: string, expect: string | RegExp): Promise<void> {
  await page
    .locator(QUICK_INPUT_BOX)
    .fill(text, { timeout: 10_000 })
    .catch(() => {
      throw new QuickInputClosed(`the quick input closed before "${text}" could be typed`);
    });
  await whileQuickInputShows(
    page,
    page.locator(`${QUICK_INPUT} .monaco-list-row`).first().filter({ hasText: expect }),
    `a first row matching ${String(expect)}`,
  );
  if (!(await quickInputFocused(page)))
    throw new QuickInputClosed(`the quick input lost focus before Enter on ${String(expect)}`);
  await page.keyboard.press('Enter');
}

export interface PickAnswer {
  /** The title of the quick pick to answer (null: whatever shows). */
  title: string | RegExp | null;
  text: string;
  /** What the first row must show before Enter (default: `text`). */
  expect?: string | RegExp;
}

/** Answers an open quick pick: waits for its title, types, picks the matching row. */
export async function answerPick(page: Page, pick: PickAnswer): Promise<void> {
  if (pick.title)
    await whileQuickInputShows(
      page,
      page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: pick.title }),
      `the quick pick "${String(pick.title)}"`,
    );
  await answer(page, pick.text, pick.expect ?? pick.text);
}

/**
 * Runs a command by the title the palette shows (e.g. "MLOps: Refresh") and answers the quick picks it opens, in
 * order. A pick that closes before it is answered (a panel or terminal took focus as it opened) cancelled the
 * command, so the command is given again.
 */
export async function commandWithPicks(page: Page, title: string, picks: PickAnswer[], attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await openQuickInput(page, 'F1');
      await answer(page, `>${title}`, title);
      for (const pick of picks) await answerPick(page, pick);
      return;
    } catch (err) {
      if (!(err instanceof QuickInputClosed) || attempt === attempts) throw err;
      console.log(`    (${err.message}; giving "${title}" again)`);
      if (await page.locator(QUICK_INPUT_BOX).isVisible()) await page.keyboard.press('Escape');
    }
  }
}

/** Runs a command by the title the palette shows (e.g. "MLOps: Refresh"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await commandWithPicks(page, title, []);
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const name = relativePath.split('/').pop() ?? relativePath;
  for (let attempt = 1; ; attempt++) {
    try {
      await openQuickInput(page, 'Control+P');
      await answer(page, relativePath, name);
      break;
    } catch (err) {
      if (!(err instanceof QuickInputClosed) || attempt === 4) throw err;
    }
  }
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  await tab.waitFor();
  return page.locator('.editor-instance .monaco-editor').first();
}

/** Clicks an activity bar entry (e.g. "MLOps") and waits for its side bar. */
export async function openViewContainer(page: Page, title: string): Promise<Locator> {
  const item = page.locator(`.part.activitybar .action-item [aria-label^="${title}"]`).first();
  await item.click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.locator('.composite.title', { hasText: title }).waitFor();
  return sidebar;
}

/** Drags the side bar's edge so long tree labels fit, as a user would. */
export async function resizeSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not visible');
  const edge = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(edge, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/** Expands a tree row (if collapsed) by clicking its twistie. */
export async function expandRow(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

/** A view section of the side bar, by its title (e.g. "Runs"), expanded. */
export async function viewPane(page: Page, title: string): Promise<Locator> {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
  await pane.first().waitFor();
  const header = pane.first().locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane.first();
}

const MLOPS_VIEWS = ['Experiments', 'Runs', 'Models', 'Datasets', 'Monitors'];

/** Only this view of the MLOps side bar open (the others collapsed), so its rows get the height. */
export async function onlyMlopsView(page: Page, title: string): Promise<Locator> {
  // The activity bar entry toggles: a click on an open container would close the side bar.
  if (!(await page.locator('.part.sidebar .composite.title', { hasText: 'MLOps' }).isVisible()))
    await openViewContainer(page, 'MLOps');
  for (const other of MLOPS_VIEWS.filter((t) => t !== title)) {
    const header = page.locator('.part.sidebar .pane-header', { hasText: other }).first();
    if ((await header.count()) && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
  return viewPane(page, title);
}

export function treeRows(pane: Locator, text?: string | RegExp): Locator {
  const rows = pane.locator('.monaco-list-row');
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/** CodeLens links in the active editor whose text matches (e.g. "▶ Run"). */
export function codeLenses(page: Page, text: string | RegExp): Locator {
  return page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: text });
}

/** The content of the visible webview whose editor tab has `tabTitle`, once its frame is loaded. */
export async function waitForWebview(page: Page, tabTitle: string | RegExp, timeout = 30_000): Promise<FrameLocator> {
  const tab = page.locator('.tabs-container .tab.active', { hasText: tabTitle }).first();
  await tab.waitFor({ timeout });
  // Two editor groups can show a webview each (the compare panel opens beside the runs table): take the one whose
  // frame sits inside the group of this tab.
  const group = page.locator('.editor-group-container', { has: tab }).first();
  const frames = page.locator('iframe.webview.ready >> visible=true');
  const deadline = Date.now() + timeout;
  for (;;) {
    const area = await group.boundingBox();
    const count = await frames.count();
    for (let i = 0; i < count && area; i++) {
      const box = await frames.nth(i).boundingBox();
      if (!box) continue;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      if (cx < area.x || cx > area.x + area.width || cy < area.y || cy > area.y + area.height) continue;
      // Pinned by its name: an index among the visible frames would point elsewhere once another webview shows.
      const name = await frames.nth(i).getAttribute('name');
      const outer = name ? page.locator(`iframe.webview[name="${name}"]`) : frames.nth(i);
      const frame = outer.contentFrame().frameLocator('iframe#active-frame');
      await frame.locator('body').waitFor({ timeout });
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview showed in the editor group of the tab ${String(tabTitle)}`);
    await page.waitForTimeout(100);
  }
}

/** Resolves with the text of the first error notification whose text matches, when one appears. */
export async function errorNotification(page: Page, text: string | RegExp, timeout: number): Promise<string> {
  const toast = page
    .locator('.notifications-toasts .notification-toast', { has: page.locator('.codicon-error') })
    .filter({ hasText: text });
  await toast.first().waitFor({ timeout });
  return (await toast.first().locator('.notification-list-item-message').innerText()).trim();
}

/** Parks the mouse on the empty title bar so no hover or tooltip shows in a screenshot. */
export async function parkMouse(page: Page): Promise<void> {
  await page.mouse.move(180, 12);
  const hover = page.locator('.workbench-hover, .monaco-hover:not(.hidden)');
  await hover
    .first()
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(async () => {
      await page.keyboard.press('Escape');
      await hover.first().waitFor({ state: 'hidden', timeout: 2000 });
    });
}

/** Hides the bottom panel (terminal, output) so an editor or webview gets the full height. */
export async function hideBottomPanel(page: Page): Promise<void> {
  if (await page.locator('.part.panel.bottom').isVisible()) await runCommand(page, 'View: Hide Panel');
}

/** Dismisses toasts so they do not cover what a screenshot is meant to show. */
export async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * Hovers `target` until `shown` (its tooltip, or an inline action that shows on hover) is visible. A row redrawn
 * under a still pointer loses its hover until the pointer moves, so the pointer is moved away and back between tries.
 */
export async function hoverUntilShown(page: Page, target: Locator, shown: Locator, tries = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await target.hover();
    const visible = await shown
      .first()
      .waitFor({ timeout: 15_000 })
      .then(
        () => true,
        () => false,
      );
    if (visible) return;
    if (attempt === tries) throw new Error(`hovering ${attempt} times did not show ${String(shown)}`);
    console.log('    (nothing showed on hover yet; moving the pointer away and back)');
    await parkMouse(page);
  }
}
