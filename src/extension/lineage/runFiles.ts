import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { fileAtRun } from '../../core/lineage/fileAtRun';
import type { RunStore } from '../../core/store/runStore';
import type { RunId } from '../../core/tracking/types';
import { requireTrust, restrictedNotice } from '../trust';
import { presentContent } from './fileContent';

/** Files as they were when a run launched: `mlops-run:/<run id>/<repo-relative path>`. */
export const RUN_FILE_SCHEME = 'mlops-run';
/** Summaries written by the compare command: `mlops-run-diff:/<a>…<b>.md`. */
export const RUN_DIFF_SCHEME = 'mlops-run-diff';

export function runFileUri(runId: string, repoRelPath: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_FILE_SCHEME, path: `/${runId}/${repoRelPath}` });
}

export function parseRunFileUri(uri: vscode.Uri): { runId: string; path: string } {
  const [, runId, ...rest] = uri.path.split('/');
  return { runId, path: rest.join('/') };
}

/** Read-only documents of run files and run-diff summaries. Nothing is checked out: see fileAtRun. */
export class RunFilesProvider implements vscode.TextDocumentContentProvider {
  private readonly summaries = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Documents shown without their content in Restricted Mode, read again once the workspace is trusted. */
  private readonly withheld = new Set<string>();
  private readonly trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    for (const uri of this.withheld) this.changed.fire(vscode.Uri.parse(uri));
    this.withheld.clear();
  });

  constructor(
    private readonly workspace: string,
    private readonly store: RunStore,
  ) {}

  setSummary(uri: vscode.Uri, markdown: string): void {
    this.summaries.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    if (uri.scheme === RUN_DIFF_SCHEME)
      return (
        this.summaries.get(uri.toString()) ??
        'This comparison is no longer available: run MLOps: Compare Code/Data/Params again.'
      );
    const { runId, path } = parseRunFileUri(uri);
    // The compare command has already told the user; a document per side must not add a notification each.
    if (!requireTrust('Reading a file as it was at a run', { notify: false })) {
      this.withheld.add(uri.toString());
      return restrictedNotice(`${path} at run ${runId}`, 'reading it runs git in this repository');
    }
    const record = await this.store.getRun(runId as RunId);
    if (!record) return `[run ${runId} no longer exists]\n`;
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const file = await fileAtRun(this.workspace, record, path, { signal: abort.signal });
      return presentContent(path, file.content, file.source);
    } catch (err) {
      return `[${path} at run ${runId} cannot be shown: ${errorMessage(err)}]\n`;
    } finally {
      listener.dispose();
    }
  }

  dispose(): void {
    this.trustListener.dispose();
    this.changed.dispose();
  }
}
