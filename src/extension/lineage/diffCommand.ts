import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { changedFilesBetweenRuns } from '../../core/lineage/fileAtRun';
import { diffRuns } from '../../core/lineage/runDiff';
import { loadRunSnapshot } from '../../core/lineage/runSnapshot';
import type { RunRecord } from '../../core/tracking/types';
import type { CommandDeps } from '../commands/commandDeps';
import { requireTrust } from '../trust';
import { renderRunDiffMarkdown, type CodeFiles } from './runDiffMarkdown';
import { RUN_DIFF_SCHEME, runFileUri, type RunFilesProvider } from './runFiles';
import { pickRun, runIdOf, type RunArg } from './runArgs';

/** The diff editor opens at most this many files; the summary lists them all. */
const MAX_DIFF_FILES = 100;

export interface RunDiffResult {
  summary: vscode.Uri;
  markdown: string;
  files: Array<{ path: string; left: vscode.Uri; right: vscode.Uri }>;
}

/** Two runs from a multi-selection in a tree, an id array, or two quick picks; the older one first. */
async function twoRuns(
  deps: CommandDeps,
  arg: RunArg | string[],
  many?: RunArg[],
): Promise<[string, string] | undefined> {
  let ids: string[] = [];
  if (Array.isArray(arg)) ids = arg.filter((x): x is string => typeof x === 'string');
  else if (many && many.length > 1) ids = many.map(runIdOf).filter((x): x is string => Boolean(x));
  else if (arg) {
    const first = runIdOf(arg);
    if (first) ids = [first];
  }
  if (ids.length < 2) {
    const first = ids[0] ?? (await pickRun(deps, 'Compare code/data/params: first run (A)'));
    if (!first) return undefined;
    const second = await pickRun(deps, `Compare with run ${first.slice(-8)}: second run (B)`, first);
    if (!second) return undefined;
    ids = [first, second];
  }
  const [a, b] = ids.slice(0, 2);
  return a < b ? [a, b] : [b, a];
}

/** What comparing code says in Restricted Mode, where git does not run. */
export const RESTRICTED_CODE =
  'comparing files runs git, which is disabled in Restricted Mode. Trust this workspace (Manage Workspace Trust) to compare the code; params, data and packages are compared above.';

async function codeFilesOf(workspace: string, a: RunRecord, b: RunRecord): Promise<CodeFiles> {
  const patches = [a, b].map((r) =>
    r.git?.diffStats
      ? {
          run: r.id,
          bytes: r.git.diffStats.bytes,
          files: r.git.diffStats.files,
          binaryFiles: r.git.diffStats.binaryFiles,
        }
      : null,
  );
  if (!a.git?.isRepo || !b.git?.isRepo) return { files: null, error: null, omitted: 0, patches };
  if (!requireTrust("Comparing the runs' code (it runs git)"))
    return { files: null, error: RESTRICTED_CODE, omitted: 0, patches };
  try {
    const files = await changedFilesBetweenRuns(workspace, a, b, { signal: AbortSignal.timeout(120_000) });
    return { files, error: null, omitted: Math.max(0, files.length - MAX_DIFF_FILES), patches };
  } catch (err) {
    return { files: null, error: errorMessage(err), omitted: 0, patches };
  }
}

/**
 * "Compare code/data/params": a Markdown summary (params, data versions, packages, code) beside the native diff
 * editor for each file that differs, both sides read through the read-only `mlops-run:` documents.
 */
export async function compareRunsCode(
  deps: CommandDeps,
  provider: RunFilesProvider,
  arg?: RunArg | string[],
  many?: RunArg[],
): Promise<RunDiffResult | undefined> {
  const pair = await twoRuns(deps, arg, many);
  if (!pair) return undefined;
  const [snapA, snapB] = await Promise.all(pair.map((id) => loadRunSnapshot(deps.workspace, id)));
  const diff = diffRuns(snapA, snapB);
  const label = (r: RunRecord) => ({ id: r.id, experiment: r.experiment, createdAt: r.createdAt });
  const codeFiles = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'MLOps: comparing run code' },
    () => codeFilesOf(deps.workspace, snapA.record, snapB.record),
  );
  const markdown = renderRunDiffMarkdown(diff, label(snapA.record), label(snapB.record), codeFiles);
  const summary = vscode.Uri.from({
    scheme: RUN_DIFF_SCHEME,
    path: `/${snapA.record.id.slice(-8)}…${snapB.record.id.slice(-8)}.md`,
  });
  provider.setSummary(summary, markdown);

  // The summary first, as a tab of the same group, so the diff editor opened next has the whole width.
  await showSummary(summary);
  const files = (codeFiles.files ?? [])
    .slice(0, MAX_DIFF_FILES)
    .map((path) => ({ path, left: runFileUri(snapA.record.id, path), right: runFileUri(snapB.record.id, path) }));
  const short = (id: string) => id.slice(-6);
  if (files.length === 1) {
    await vscode.commands.executeCommand(
      'vscode.diff',
      files[0].left,
      files[0].right,
      `${files[0].path} (run ${short(snapA.record.id)} ↔ ${short(snapB.record.id)})`,
      { preview: false },
    );
  } else if (files.length > 1) {
    const title = `Code: run ${short(snapA.record.id)} ↔ ${short(snapB.record.id)} (${files.length} files)`;
    await vscode.commands
      .executeCommand(
        'vscode.changes',
        title,
        files.map((f) => [f.right, f.left, f.right]),
      )
      .then(undefined, () =>
        vscode.commands.executeCommand(
          'vscode.diff',
          files[0].left,
          files[0].right,
          `${files[0].path} (run ${short(snapA.record.id)} ↔ ${short(snapB.record.id)})`,
        ),
      );
  }
  return { summary, markdown, files };
}

async function showSummary(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'markdown'), {
      preview: false,
    });
  }
}
