/** Headless Debian chromium driven by playwright-core (no `playwright install`: the system browser is used). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './paths';
import { killGroup, trackGroup } from './processGroups';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1400, height: 900 }): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it (apt-get install -y chromium) or set MLOPS_CHROMIUM to its path.`,
    );
  }
  // launchServer exposes the browser's process; playwright starts it as a process-group leader on Linux.
  const server = await chromium.launchServer({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const pid = server.process().pid;
  if (pid !== undefined) trackGroup(pid);
  const browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const close = async () => {
    await Promise.race([server.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1500))]);
    if (pid !== undefined) await killGroup(pid, 1000);
  };
  return { browser, page, close };
}
