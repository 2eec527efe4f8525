import * as vscode from 'vscode';
import { executorSetting } from '../executorSetting';
import { relative, sep } from 'node:path';
import type { RunId } from '../../core/tracking/types';
import { openRunTerminal } from '../runTerminal';
import type { TreeNode } from '../trees/treeNodes';
import { command, withProgress } from './command';
import type { CommandDeps } from './commandDeps';
import { Commands } from './commandIds';

type ExperimentArg = string | Extract<TreeNode, { kind: 'experiment' }> | undefined;

async function pickExperiment(deps: CommandDeps): Promise<string | undefined> {
  const specNames = Object.keys(deps.spec.spec?.experiments ?? {});
  const items: vscode.QuickPickItem[] = [
    ...specNames.map((name) => ({ label: name, description: 'mlops.yaml', iconPath: new vscode.ThemeIcon('beaker') })),
    ...deps.scripts
      .all()
      .map((s) => ({ label: s.name, description: 'script', iconPath: new vscode.ThemeIcon('file-code') })),
  ];
  if (items.length === 0) {
    void vscode.window
      .showInformationMessage('MLOps: no experiments here yet.', 'Create Sample Experiment')
      .then((c) => {
        if (c) void vscode.commands.executeCommand(Commands.createSample);
      });
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Run experiment', placeHolder: 'Experiment to run' }))
    ?.label;
}

/** Launches through the backend, opens the run's live output, and returns the new run id. */
export async function launchExperiment(deps: CommandDeps, experiment: string): Promise<RunId> {
  const result = await withProgress({ location: 'window', title: `MLOps: starting ${experiment}` }, () =>
    deps.backend.request('launch', { experiment, defaultExecutor: executorSetting() }),
  );
  deps.log.info(
    `run ${result.runId} of ${experiment}: ${result.position === null && result.status === 'queued' ? 'submitted to Slurm' : result.status}${result.position !== null ? ` (queue position ${result.position + 1})` : ''}`,
  );
  await deps.runs.refreshRun(result.runId);
  if (vscode.workspace.getConfiguration('mlops').get<boolean>('revealOutputOnRun', true)) {
    openRunTerminal({
      backend: deps.backend,
      runId: result.runId,
      runDir: result.runDir,
      title: `MLOps: ${experiment} ${result.runId.slice(-6)}`,
      reveal: true,
    });
  }
  return result.runId;
}

export function registerRunCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    command(Commands.runExperiment, { needsTrust: true, what: 'running experiments' }, async (arg: ExperimentArg) => {
      const name = typeof arg === 'string' ? arg : arg?.kind === 'experiment' ? arg.name : await pickExperiment(deps);
      return name ? launchExperiment(deps, name) : undefined;
    }),
    command(
      Commands.runScript,
      { needsTrust: true, what: 'running experiments' },
      async (arg: vscode.Uri | ExperimentArg) => {
        let name: string | undefined;
        if (arg instanceof vscode.Uri) name = relative(deps.workspace, arg.fsPath).split(sep).join('/');
        else if (typeof arg === 'string') name = arg;
        else if (arg?.kind === 'experiment') name = arg.name;
        else {
          const active = vscode.window.activeTextEditor?.document.uri;
          name = active ? relative(deps.workspace, active.fsPath).split(sep).join('/') : undefined;
        }
        if (!name || name.startsWith('..')) {
          void vscode.window.showWarningMessage('MLOps: open a training script inside the workspace to run it.');
          return undefined;
        }
        return launchExperiment(deps, name);
      },
    ),
    command(
      Commands.stopRun,
      { needsTrust: true, what: 'stopping runs' },
      async (arg: string | TreeNode | undefined) => {
        const runId = await runIdFrom(deps, arg, 'Stop which run?', true);
        if (!runId) return;
        const result = await deps.backend.request('stop', { runId });
        deps.log.info(`run ${runId}: ${result.status}`);
        await deps.runs.refreshRun(runId);
      },
    ),
  ];
}

/** A run id from a tree node, a string, or a quick pick of runs. */
export async function runIdFrom(
  deps: CommandDeps,
  arg: string | TreeNode | undefined,
  title: string,
  activeOnly = false,
): Promise<RunId | undefined> {
  if (typeof arg === 'string') return arg as RunId;
  if (arg && (arg.kind === 'run' || arg.kind === 'runSection')) return arg.run.id;
  const candidates = activeOnly ? deps.runs.active() : deps.runs.all().slice(0, 200);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      activeOnly ? 'MLOps: no run is running or queued.' : 'MLOps: no runs yet.',
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((r) => ({
      label: `${r.experiment} ${r.id.slice(-6)}`,
      description: r.status,
      detail: r.id,
      id: r.id,
    })),
    { title },
  );
  return pick?.id;
}
