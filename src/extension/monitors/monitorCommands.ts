import * as vscode from 'vscode';
import type { MonitorRunResult } from '../../core/monitor/monitorRun';
import type { MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RetrainOutcome } from '../../core/monitor/retrain';
import type { RegistryStore } from '../../core/registry';
import { promote, type PromoteOutcome } from '../../core/registry/promotion';
import type { DeploymentInfo } from '../../protocol/backend';
import { command, withProgress } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands } from '../commands/commandIds';
import {
  challengerMonitor,
  isConfirmed,
  pickDeployment,
  pickMonitor,
  pickVersion,
  refFromArg,
  serveOptions,
} from './monitorArgs';
import type { MonitorsModel } from './monitorsModel';

interface Context {
  deps: CommandDeps;
  registry: RegistryStore;
  model: MonitorsModel;
}

/** The challenger against production, metric by metric, for the promotion prompt. */
async function comparison(registry: RegistryStore, model: string, version: number): Promise<string> {
  const challenger = await registry.getVersion(model, version);
  const production = (await registry.listVersions(model)).find((v) => v.stage === 'production');
  if (!challenger) return '';
  const names = Object.keys(challenger.metrics)
    .filter((k) => /(^|[._])(test|val)[._]|accuracy|auc|f1|loss|rmse|mae/.test(k))
    .slice(0, 10);
  const fmt = (v: number | undefined) => (v === undefined ? '–' : Number(v.toPrecision(4)).toString());
  const lines = names.map(
    (k) => `${k}: ${production ? `${fmt(production.metrics[k])} → ` : ''}${fmt(challenger.metrics[k])}`,
  );
  return [
    `${model}:${version} (challenger)${production ? ` vs ${model}:${production.version} (production)` : ''}`,
    ...lines,
  ].join('\n');
}

/** Asks with the comparison against production unless `confirmed`; resolves with the promotion's outcome. */
async function promoteChallenger(
  ctx: Context,
  from: MonitorSummary | RetrainOutcome,
  confirmed = false,
): Promise<PromoteOutcome | undefined> {
  const outcome = 'lastRetrain' in from ? from.lastRetrain : from;
  if (!outcome || outcome.version === null) {
    void vscode.window.showInformationMessage(
      `MLOps: monitor ${'lastRetrain' in from ? from.name : from.monitor} has no retrained challenger to promote.`,
    );
    return undefined;
  }
  const { model, version } = outcome as { model: string; version: number };
  if ('lastRetrain' in from && from.challenger?.stage === 'production') {
    void vscode.window.showInformationMessage(`MLOps: ${model}:${version} is already in production.`);
    return undefined;
  }
  if (!confirmed) {
    const detail = await comparison(ctx.registry, model, version);
    const choice = await vscode.window.showWarningMessage(
      `Promote ${model}:${version} to production?`,
      { modal: true, detail },
      'Promote',
    );
    if (choice !== 'Promote') return undefined;
  }
  const result = await promote(ctx.registry, {
    model,
    version,
    to: { kind: 'stage', stage: 'production' },
    note: `promoted challenger from monitor ${outcome.monitor}`,
  });
  if (result.promoted) void vscode.window.showInformationMessage(`MLOps: ${model}:${version} is now in production.`);
  else
    void vscode.window.showErrorMessage(
      `MLOps: ${model}:${version} was not promoted; failed gates: ${result.failures.join('; ')}`,
    );
  await ctx.model.reload();
  return result;
}

/** What to tell the user when a monitor's retraining run has been registered. */
export function announceRetrain(ctx: Context, outcome: RetrainOutcome): void {
  if (outcome.version === null) {
    void vscode.window.showWarningMessage(
      `MLOps: retraining run ${outcome.runId} for monitor ${outcome.monitor} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}.`,
    );
    return;
  }
  const name = `${outcome.model}:${outcome.version}`;
  if (outcome.promoted) {
    void vscode.window.showInformationMessage(
      `MLOps: retrained ${name} passed its gates and was promoted to production (auto-promote).`,
    );
  } else if (outcome.gates?.passed) {
    void vscode.window
      .showInformationMessage(`MLOps: retrained ${name} is the challenger and passes its gates.`, 'Promote challenger')
      .then((c) => (c ? promoteChallenger(ctx, outcome) : undefined));
  } else {
    void vscode.window.showWarningMessage(
      `MLOps: retrained ${name} is the challenger but fails its gates: ${outcome.gates?.failures.join('; ') ?? 'not checked'}.`,
    );
  }
}

/**
 * The commands take their target as an argument (a Monitors-tree row, a model reference, a deployment id, a
 * monitor name) and resolve with their result; a notification they show never holds the result back.
 */
export function registerMonitorCommands(ctx: Context): vscode.Disposable[] {
  const { deps, model } = ctx;
  const progress = <T>(title: string, task: () => Promise<T>) => withProgress({ title }, task);
  /** With a Cancel button whose click reaches the backend's handler as an aborted signal. */
  const cancellable = <T>(title: string, task: (signal: AbortSignal) => Promise<T>) =>
    withProgress({ title, cancellable: true }, ({ signal }) => task(signal));

  return [
    command(
      Commands.serveModel,
      { needsTrust: true, what: 'serving a model' },
      async (arg?: unknown, options?: unknown): Promise<DeploymentInfo | undefined> => {
        const ref = refFromArg(arg) ?? (await pickVersion(ctx.registry));
        if (!ref) return undefined;
        const started = await progress(`Serving ${ref}…`, () =>
          deps.backend.request('serve.start', { model: ref, ...serveOptions(options) }, { timeoutMs: 120_000 }),
        );
        await model.reload();
        void vscode.window
          .showInformationMessage(
            `MLOps: ${started.model}:${started.version} is served at ${started.url} (POST /predict).`,
            'Copy URL',
          )
          .then((copy) => {
            if (copy && started.url) void vscode.env.clipboard.writeText(started.url);
          });
        return started;
      },
    ),
    command(
      Commands.stopDeployment,
      { needsTrust: true, what: 'stopping a deployment' },
      async (arg?: unknown): Promise<DeploymentInfo | undefined> => {
        const d = await pickDeployment(model, arg, true);
        if (!d) return undefined;
        const stopped = await deps.backend.request('serve.stop', { id: d.id });
        await model.reload();
        return stopped;
      },
    ),
    command(
      Commands.restartDeployment,
      { needsTrust: true, what: 'restarting a deployment' },
      async (arg?: unknown): Promise<DeploymentInfo | undefined> => {
        const d = await pickDeployment(model, arg, false);
        if (!d) return undefined;
        const restarted = await progress(`Restarting ${d.id}…`, () =>
          deps.backend.request('serve.restart', { id: d.id }, { timeoutMs: 120_000 }),
        );
        await model.reload();
        return restarted;
      },
    ),
    command(
      Commands.copyDeploymentUrl,
      { needsTrust: false, what: 'copying a URL' },
      async (arg?: unknown): Promise<string | undefined> => {
        const d = await pickDeployment(model, arg, false);
        if (d?.url) await vscode.env.clipboard.writeText(d.url);
        return d?.url ?? undefined;
      },
    ),
    command(
      Commands.runMonitor,
      { needsTrust: true, what: 'running a monitor' },
      async (arg?: unknown): Promise<MonitorRunResult | undefined> => {
        const name = await pickMonitor(deps.spec.spec, arg);
        if (!name) return undefined;
        const result = await cancellable(`Checking monitor ${name}…`, (signal) =>
          deps.backend.request('monitor.run', { name }, { timeoutMs: 300_000, signal }),
        );
        await model.reload();
        const { check } = result;
        // Drift is announced by the alert that the backend's monitorChecked event raises.
        if (check.status !== 'drift')
          void vscode.window.showInformationMessage(
            `MLOps: monitor ${name}: ${check.status}${check.share !== null ? ` (share ${check.share.toFixed(2)})` : ''}${check.message ? ` – ${check.message}` : ''}`,
          );
        return result;
      },
    ),
    command(
      Commands.promoteChallenger,
      { needsTrust: true, what: 'promoting a challenger' },
      async (arg?: unknown, options?: unknown): Promise<PromoteOutcome | undefined> => {
        await model.reload();
        const monitor = challengerMonitor(model, arg);
        if (!monitor) {
          void vscode.window.showInformationMessage('MLOps: no monitor has a retrained challenger yet.');
          return undefined;
        }
        return promoteChallenger(ctx, monitor, isConfirmed(options));
      },
    ),
    command(Commands.refreshMonitors, { needsTrust: false, what: 'refreshing monitors' }, () => model.reload()),
  ];
}
