import * as vscode from 'vscode';
import { isAbsolute, resolve, sep } from 'node:path';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import type { EvaluationSourceRef, EvaluationState } from '../../protocol/webview/evaluation';
import { command } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands } from '../commands/commandIds';
import { PanelReports } from '../panels/panelReports';
import type { TreeNode } from '../trees/treeNodes';
import type { ModelNode } from '../registry/modelsTree';
import { EVALUATION_VIEW, EvaluationPanel, type EvaluationPanelContext } from './evaluationPanel';

/** What the command accepts: a run id, a run or model version row of a tree, a report path, or nothing (pick a run). */
type OpenArg = string | TreeNode | ModelNode | { path: string } | { model: string; version: number } | undefined;

function sourceFrom(arg: OpenArg, workspace: string): EvaluationSourceRef | undefined {
  if (typeof arg === 'string') return { kind: 'run', runId: arg };
  if (!arg || typeof arg !== 'object') return undefined;
  if ('path' in arg && typeof arg.path === 'string')
    return { kind: 'file', path: isAbsolute(arg.path) ? arg.path : resolve(workspace, arg.path) };
  if ('kind' in arg && (arg.kind === 'run' || arg.kind === 'runSection'))
    return { kind: 'run', runId: (arg as { run: { id: string } }).run.id };
  if ('kind' in arg && arg.kind === 'modelVersion') return { kind: 'version', model: arg.model, version: arg.version };
  if ('model' in arg && 'version' in arg && typeof arg.version === 'number')
    return { kind: 'version', model: arg.model, version: arg.version };
  return undefined;
}

/** The Evaluation panel's command, its serializer, and the `vscode://…/evaluation?path=…` link `mlops evaluate --open` uses. */
export function registerEvaluation(
  deps: CommandDeps,
  extensionUri: vscode.Uri,
  reports: PanelReports = new PanelReports(),
): vscode.Disposable[] {
  const registry = new FileRegistryStore(deps.workspace);
  const ctx: EvaluationPanelContext = {
    workspace: deps.workspace,
    extensionUri,
    reports,
    log: deps.log,
    runLabel: (runId) => {
      const run = deps.runs.get(runId as never);
      return `${run ? `${run.name ?? run.experiment} ` : ''}${runId.slice(-6)}`;
    },
    versionRun: async (model, version) =>
      (await registry.read()).models[model]?.versions.find((v) => v.version === version)?.runId ?? null,
    pickRun: async (exclude, title = 'Evaluation: add a run to compare') => {
      const pick = await vscode.window.showQuickPick(
        deps.runs
          .all()
          .filter((r) => !exclude.includes(r.id))
          .map((r) => ({
            label: `${r.name ?? r.experiment} ${r.id.slice(-6)}`,
            description: r.status,
            detail: r.id,
            id: r.id,
          })),
        { title, placeHolder: 'Run whose evaluation to show' },
      );
      return pick?.id;
    },
  };
  let panel: EvaluationPanel | undefined;
  const adopt = (p: EvaluationPanel) => {
    panel = p;
    p.onDidDispose(() => (panel = panel === p ? undefined : panel));
    return p;
  };
  const open = async (source: EvaluationSourceRef, overlay = false) => {
    if (panel) await panel.show([source], overlay);
    else adopt(EvaluationPanel.create(ctx, [source]));
  };

  return [
    command(
      Commands.openEvaluation,
      { needsTrust: false, what: 'open the evaluation' },
      async (arg: OpenArg, options?: { overlay?: boolean }) => {
        let source = sourceFrom(arg, deps.workspace);
        if (!source) {
          const runId = await ctx.pickRun([], 'Open the evaluation of a run');
          if (!runId) return;
          source = { kind: 'run', runId };
        }
        await open(source, options?.overlay === true);
      },
    ),
    vscode.window.registerWebviewPanelSerializer(EVALUATION_VIEW, {
      deserializeWebviewPanel: async (webviewPanel, state: EvaluationState | undefined) => {
        adopt(new EvaluationPanel(ctx, webviewPanel, state?.sources ?? []));
      },
    }),
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        if (uri.path !== '/evaluation') return;
        const query = new URLSearchParams(uri.query);
        const run = query.get('run');
        const path = query.get('path');
        if (run && /^[A-Za-z0-9_-]+$/.test(run)) await open({ kind: 'run', runId: run });
        else if (path) {
          // A link can come from anywhere (a web page can open vscode:// URIs): only reports inside this workspace.
          const file = isAbsolute(path) ? path : resolve(deps.workspace, path);
          if (!file.startsWith(deps.workspace + sep)) {
            void vscode.window.showWarningMessage(
              `MLOps: not opening ${file}: evaluation links open reports inside this workspace only.`,
            );
            return;
          }
          await open({ kind: 'file', path: file });
        }
      },
    }),
    { dispose: () => panel?.dispose() },
  ];
}
