/** Small helpers for suites that run inside the extension host. Everything goes through public VS Code API. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension/api';
import { isTerminal, type RunId, type RunSummary } from '../../src/core/tracking/types';

export const EXTENSION_ID = 'mlops-workbench.mlops-workbench';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder open');
  return folder.uri.fsPath;
}

export function specUri(): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), 'mlops.yaml'));
}

/** Polls `probe` until it returns something other than undefined/false; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The extension's exported API once its initial scan is done; activation itself is left to VS Code's events. */
export async function mlopsApi(): Promise<MlopsApi> {
  const ext = vscode.extensions.getExtension<MlopsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this window`);
  await waitFor(
    `${EXTENSION_ID} to activate (activation event workspaceContains:mlops.yaml)`,
    () => ext.isActive,
    30_000,
  );
  const api = ext.exports;
  assert.ok(api && typeof api.runs === 'function', 'activate() did not return the MlopsApi');
  await api.ready;
  return api;
}

export async function waitForRun(
  api: MlopsApi,
  runId: RunId,
  until: (run: RunSummary) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<RunSummary> {
  return waitFor(
    `run ${runId} to be ${what} (last seen: ${api.runs().find((r) => r.id === runId)?.status ?? 'not in the run list'})`,
    async () => {
      await api.whenIdle();
      const run = api.runs().find((r) => r.id === runId);
      return run && until(run) ? run : undefined;
    },
    timeoutMs,
  );
}

export function waitForFinish(api: MlopsApi, runId: RunId, timeoutMs = 120_000): Promise<RunSummary> {
  return waitForRun(api, runId, (r) => isTerminal(r.status), 'finished', timeoutMs);
}

export function mlopsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlops');
}

export async function codeLensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The provider command only answers for documents the window has loaded.
  await vscode.workspace.openTextDocument(uri);
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command?.command.startsWith('mlops.'));
}
