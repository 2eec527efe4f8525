import * as vscode from 'vscode';
import { isSameProcess } from '../../core/process/procStat';
import { Commands } from '../api';
import { command } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { reportError } from '../commands/reportError';
import type { PanelContext } from '../panels/panelContext';
import { requireTrust } from '../trust';
import type { TreeNode } from '../trees/treeNodes';
import type { SweepTreeNode } from './sweepTreeItems';
import { SweepPanel, SWEEP_VIEW } from './sweepPanel';
import type { SweepsModel } from './sweepsModel';

type SweepArg = string | TreeNode | SweepTreeNode | undefined;

function sweepIdOf(arg: SweepArg): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'sweep' ? arg.sweep.id : undefined;
}

async function pickSweepable(deps: CommandDeps): Promise<string | undefined> {
  const names = Object.entries(deps.spec.spec?.experiments ?? {})
    .filter(([, e]) => e.sweep)
    .map(([name]) => name);
  if (names.length === 0) {
    void vscode.window.showInformationMessage(
      'MLOps: no experiment has a sweep: block. Add one, e.g. sweep: {method: tpe, trials: 20, space: {lr: {log: [1e-4, 1e-1]}}}.',
    );
    return undefined;
  }
  return names.length === 1
    ? names[0]
    : ((await vscode.window.showQuickPick(names, { title: 'Sweep experiment' })) ?? undefined);
}

async function pickSweep(sweeps: SweepsModel): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    sweeps.all().map((s) => ({
      label: `${s.experiment} ${s.id.slice(-6)}`,
      description: `${s.method} · ${s.status} · ${s.done}/${s.trials}`,
      id: s.id,
    })),
    { title: 'Open sweep' },
  );
  return pick?.id;
}

/** ⟳ Sweep, the Sweep panel and stopping a sweep; the panel needs the shared PanelContext. */
export function registerSweeps(deps: CommandDeps, sweeps: SweepsModel, ctx: PanelContext): vscode.Disposable[] {
  const panels = new Map<string, SweepPanel>();
  const stop = async (sweepId: string) => {
    if (!requireTrust('stopping sweeps')) return;
    try {
      const result = await deps.backend.request('sweep.stop', { sweepId });
      deps.log.info(`sweep ${result.sweepId}: ${result.status}`);
      await sweeps.flush();
    } catch (err) {
      reportError(deps.log, `could not stop sweep ${sweepId}`, err);
    }
  };
  const titleOf = (id: string) => {
    const item = sweeps.get(id);
    return item ? `Sweep: ${item.experiment} ${id.slice(-6)}` : `Sweep ${id.slice(-6)}`;
  };
  const adopt = (panel: SweepPanel) => {
    panels.set(panel.sweepId, panel);
    panel.onDidDispose(() => panels.get(panel.sweepId) === panel && panels.delete(panel.sweepId));
    return panel;
  };
  const open = (sweepId: string) => {
    const existing = panels.get(sweepId);
    if (existing) existing.reveal();
    else adopt(SweepPanel.create(ctx, sweepId, titleOf(sweepId), stop));
  };

  const start = async (arg: string | TreeNode | undefined): Promise<string | undefined> => {
    const experiment =
      typeof arg === 'string' ? arg : arg?.kind === 'experiment' ? arg.name : await pickSweepable(deps);
    if (!experiment) return undefined;
    try {
      const { sweepId, trials } = await deps.backend.request('sweep.start', { experiment });
      deps.log.info(`sweep ${sweepId} of ${experiment}: ${trials} trials`);
      await sweeps.flush();
      open(sweepId);
      void followProgress({ deps, sweeps, sweepId, experiment, trials, stop });
      return sweepId;
    } catch (err) {
      reportError(deps.log, `could not sweep ${experiment}`, err);
      return undefined;
    }
  };

  // A sweep left running by a window that closed is resumed by the backend when it starts: start it for them.
  const resumeOrphans = () => {
    if (sweeps.all().some((s) => s.orphaned) && requireTrust('resuming sweeps', { notify: false })) {
      void deps.backend.ensureStarted().catch((err) => deps.log.warn(`sweeps: ${String(err)}`));
    }
  };
  void sweeps.flush().then(resumeOrphans);

  return [
    command(Commands.sweepExperiment, { needsTrust: true, what: 'running sweeps' }, start),
    command(Commands.openSweep, { needsTrust: false, what: 'open sweep' }, async (arg: SweepArg) => {
      const id = sweepIdOf(arg) ?? (await pickSweep(sweeps));
      if (id) open(id);
    }),
    // stop() asks for trust itself: the Sweep panel's Stop button calls it too.
    command(Commands.stopSweep, { needsTrust: false, what: 'stopping sweeps' }, async (arg: SweepArg) => {
      const id = sweepIdOf(arg) ?? (await pickSweep(sweeps));
      if (id) await stop(id);
    }),
    vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW, {
      deserializeWebviewPanel: async (panel, state: { sweepId?: string } | undefined) => {
        if (!state?.sweepId) panel.dispose();
        else adopt(new SweepPanel(ctx, panel, state.sweepId, stop));
      },
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  ];
}

/** A cancellable notification with the sweep's progress; cancelling stops the sweep. */
function followProgress(options: {
  deps: CommandDeps;
  sweeps: SweepsModel;
  sweepId: string;
  experiment: string;
  trials: number;
  stop: (id: string) => Promise<void>;
}): Thenable<void> {
  const { deps, sweeps, sweepId, experiment, trials, stop } = options;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `MLOps: sweep of ${experiment}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        const update = (done: number, status: string | undefined) => {
          if (done > reported) {
            progress.report({
              message: `${done}/${trials} trials`,
              increment: (100 * (done - reported)) / Math.max(1, trials),
            });
            reported = done;
          }
          if (status !== undefined && status !== 'running') finish();
        };
        const subscriptions = [
          deps.backend.onEvent((event) => {
            if (event.type === 'sweepChanged' && event.sweepId === sweepId) update(event.done, event.status);
          }),
          // Events sent before this subscription, or by another driver, still reach the list of sweeps.
          sweeps.onDidChange(() => {
            const item = sweeps.get(sweepId);
            if (item) update(item.done, item.status);
          }),
          token.onCancellationRequested(() => void stop(sweepId).finally(finish)),
        ];
        function finish() {
          for (const s of subscriptions.splice(0)) s.dispose();
          resolve();
        }
        const now = sweeps.get(sweepId);
        if (now) update(now.done, now.status);
      }),
  );
}

export function ownerAlive(owner: { pid: number; startTime: number | null } | null): boolean {
  return owner !== null && isSameProcess(owner.pid, owner.startTime);
}
