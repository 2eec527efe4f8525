import { isAbsolute, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { DriftReport } from '../../core/drift/reportTypes';
import type { DriftSettings, DriftState } from '../../protocol/webview/drift';
import type { ProfileState } from '../../protocol/webview/profile';
import { command, testHook } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands, TestHooks } from '../commands/commandIds';
import { PanelReports } from '../panels/panelReports';
import type { DriftAlert } from './alertText';
import { dataPathFrom, displayPath } from './dataArgs';
import type { DataPanelContext } from './dataPanelContext';
import { pickDataFile } from './dataPickers';
import { DataWorker } from './dataWorker';
import { DriftAlerts } from './driftAlerts';
import { DRIFT_VIEW, DriftPanel, initialDriftState } from './driftPanel';
import { PROFILE_VIEW, ProfilePanel } from './profilePanel';

/** `mlops.checkDrift` arguments from code: both files, or one (the other is picked), plus settings. */
interface CheckDriftArgs {
  reference?: unknown;
  current?: unknown;
  settings?: Partial<DriftSettings>;
}

/** The data profile and drift panels, their commands and serializers, and the drift alerts. */
export function registerDataPanels(deps: CommandDeps, extensionUri: vscode.Uri): vscode.Disposable[] {
  const ctx: DataPanelContext = {
    workspace: deps.workspace,
    extensionUri,
    spec: deps.spec,
    reports: new PanelReports(),
    worker: () => new DataWorker({ entry: join(deps.extensionPath, 'dist', 'dataWorker.js') }),
    log: deps.log,
  };
  const profiles = new Map<string, ProfilePanel>();
  let drift: DriftPanel | undefined;
  let driftReference: string | undefined;

  const adoptProfile = (panel: ProfilePanel) => {
    profiles.set(panel.path, panel);
    panel.onDidDispose(() => profiles.get(panel.path) === panel && profiles.delete(panel.path));
    return panel;
  };
  const adoptDrift = (panel: DriftPanel) => {
    drift = panel;
    panel.onDidDispose(() => (drift = drift === panel ? undefined : drift));
    return panel;
  };
  const driftPanel = (state: Partial<DriftState> = {}) =>
    drift ?? adoptDrift(DriftPanel.create(ctx, initialDriftState(state)));

  const profileData = async (arg?: unknown) => {
    const path =
      dataPathFrom(arg, deps.workspace) ??
      (await pickDataFile(deps.workspace, {
        title: 'Profile data',
        placeHolder: 'A CSV, JSON Lines or Parquet file to profile',
      }));
    if (!path) return;
    const open = profiles.get(path);
    if (open) {
      open.reveal();
      await open.load();
    } else adoptProfile(ProfilePanel.create(ctx, path));
  };

  const checkDrift = async (arg?: unknown) => {
    const args: CheckDriftArgs =
      arg && typeof arg === 'object' && ('reference' in arg || 'current' in arg || 'settings' in arg)
        ? (arg as CheckDriftArgs)
        : { reference: arg };
    const reference =
      dataPathFrom(args.reference, deps.workspace) ??
      (await pickDataFile(deps.workspace, {
        title: 'Check drift (1/2): reference data',
        placeHolder: 'The data the model was trained on',
      }));
    if (!reference) return;
    const current =
      dataPathFrom(args.current, deps.workspace) ??
      (await pickDataFile(deps.workspace, {
        title: `Check drift (2/2): current data, compared with ${displayPath(reference, deps.workspace)}`,
        placeHolder: 'The new data',
        exclude: reference,
      }));
    if (!current) return;
    if (drift) await drift.compare(reference, current, args.settings);
    else driftPanel({ reference, current, settings: args.settings as DriftSettings | undefined });
  };

  const openReport = async (alert: DriftAlert) => {
    const report = Array.isArray((alert.report as DriftReport).onlyInReference) ? (alert.report as DriftReport) : null;
    if (alert.monitor) {
      await driftPanel().showMonitor(alert.monitor, report);
      return;
    }
    if (alert.reference && alert.current)
      await checkDrift({
        reference: abs(deps.workspace, alert.reference),
        current: abs(deps.workspace, alert.current),
      });
  };
  const alerts = new DriftAlerts({ spec: deps.spec, openReport, statusCommand: Commands.openDriftAlert });

  return [
    alerts,
    command(Commands.profileData, { needsTrust: false, what: 'profile data' }, profileData),
    command(Commands.checkDrift, { needsTrust: false, what: 'check drift' }, checkDrift),
    command(
      Commands.selectDriftReference,
      { needsTrust: false, what: 'select drift reference' },
      async (arg?: unknown) => {
        driftReference = dataPathFrom(arg, deps.workspace);
        await vscode.commands.executeCommand('setContext', 'mlops.hasDriftReference', driftReference !== undefined);
      },
    ),
    command(Commands.checkDriftAgainstReference, { needsTrust: false, what: 'check drift' }, async (arg?: unknown) =>
      checkDrift({ reference: driftReference, current: arg }),
    ),
    command(Commands.showDriftHistory, { needsTrust: false, what: 'drift over time' }, async (arg?: unknown) => {
      const monitor = monitorFrom(arg) ?? (await pickMonitor(deps));
      if (monitor) await driftPanel().showMonitor(monitor);
    }),
    command(Commands.reportDrift, { needsTrust: false, what: 'drift alert' }, (alert: DriftAlert) =>
      alerts.report(alert),
    ),
    command(Commands.openDriftAlert, { needsTrust: false, what: 'open drift report' }, async () => {
      const latest = alerts.latest();
      if (latest) await openReport(latest);
    }),
    testHook(TestHooks.dataInspect, () => ({
      panels: ctx.reports.list(),
      alerts: alerts.active(),
      drift: drift?.current ?? null,
    })),
    vscode.window.registerWebviewPanelSerializer(PROFILE_VIEW, {
      deserializeWebviewPanel: async (panel, state: ProfileState | undefined) => {
        if (!state?.path) panel.dispose();
        else adoptProfile(new ProfilePanel(ctx, panel, state.path));
      },
    }),
    vscode.window.registerWebviewPanelSerializer(DRIFT_VIEW, {
      deserializeWebviewPanel: async (panel, state: DriftState | undefined) => {
        try {
          adoptDrift(new DriftPanel(ctx, panel, initialDriftState(state ?? {})));
        } catch (err) {
          deps.log.warn(`drift panel not restored: ${errorMessage(err)}`);
          adoptDrift(new DriftPanel(ctx, panel, initialDriftState()));
        }
      },
    }),
    { dispose: () => [drift, ...profiles.values()].forEach((p) => p?.dispose()) },
  ];
}

async function pickMonitor(deps: CommandDeps): Promise<string | undefined> {
  const names = Object.keys(deps.spec.spec?.monitors ?? {});
  if (names.length === 0) {
    void vscode.window.showInformationMessage(
      'MLOps: no monitors in mlops.yaml. Declare one under `monitors:` to see drift over time.',
    );
    return undefined;
  }
  return vscode.window.showQuickPick(names, { title: 'Drift over time', placeHolder: 'Monitor' });
}

/** A monitor name, or a Monitors view row (`{ kind: 'monitor', monitor: { name } }`). */
function monitorFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const row = arg as { kind?: unknown; monitor?: { name?: unknown } } | undefined;
  return row?.kind === 'monitor' && typeof row.monitor?.name === 'string' ? row.monitor.name : undefined;
}

function abs(workspace: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}
