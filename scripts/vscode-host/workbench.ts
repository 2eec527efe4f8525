/**
 * One session of the offline host: code-server plus a headless browser on its workbench, optionally running an
 * extension test suite in the real Node extension host.
 *
 * The VS Code server ignores --extensionDevelopmentPath/--extensionTestsPath; the web workbench takes them from the
 * `payload` query parameter instead and reports the suite's output and exit code through `codeAutomationLog` and
 * `codeAutomationExit`, two functions it looks up on the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser } from './browser';
import { startCodeServer, tail } from './codeServer';
import { ensureCodeServer } from './install';
import { onCleanup, removeOnExit } from './processGroups';

export interface WorkbenchOptions {
  /** Folder the window opens (absolute). */
  folder: string;
  /** Extension under development (absolute path of the folder holding its package.json). */
  extensionDevelopmentPath?: string;
  /** Built mocha entry exporting `run()`, run inside the extension host. */
  extensionTestsPath?: string;
  /** Keep Workspace Trust on, so the folder opens in restricted mode. Default: trust disabled (folder trusted). */
  workspaceTrust?: boolean;
  /** Receives each line the workbench reports through codeAutomationLog (test output included). */
  onLog?: (level: string, message: string) => void;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  origin: string;
  url: string;
  codeServerLog: string;
  /** Resolves with the code the suite passed to codeAutomationExit (only meaningful with extensionTestsPath). */
  testsExited: Promise<number>;
  close(): Promise<void>;
}

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await ensureCodeServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'mlops-vscode-host-'));
  const keepState = Boolean(process.env.MLOPS_KEEP_HOST_STATE);
  const forgetState = keepState ? () => undefined : removeOnExit(stateDir);
  const server = await startCodeServer({ stateDir, workspaceTrust: options.workspaceTrust ?? false });
  const forgetServer = onCleanup(server.stop);
  const session = await openBrowser(options.viewport);
  const forgetBrowser = onCleanup(session.close);

  let reportExit: (code: number) => void = () => undefined;
  const testsExited = new Promise<number>((r) => (reportExit = r));
  const onLog = options.onLog ?? (() => undefined);
  await session.page.exposeFunction('codeAutomationLog', (level: string, message: unknown) =>
    onLog(level, String(message)),
  );
  await session.page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));

  const url = workbenchUrl(server.origin, options);
  await session.page.goto(url);

  const close = async () => {
    forgetBrowser();
    forgetServer();
    await session.close();
    await server.stop();
    if (!keepState) rmSync(stateDir, { recursive: true, force: true });
    forgetState();
  };
  return { page: session.page, origin: server.origin, url, codeServerLog: server.logFile, testsExited, close };
}

export function workbenchUrl(
  origin: string,
  options: Pick<WorkbenchOptions, 'folder' | 'extensionDevelopmentPath' | 'extensionTestsPath'>,
): string {
  const authority = new URL(origin).host;
  const remote = (path: string) => `vscode-remote://${authority}${resolve(path)}`;
  const payload: Array<[string, string]> = [];
  if (options.extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: resolve(options.folder) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query.toString()}`;
}

export { tail as logTail };
