/**
 * Drift alerts for anything that finds drift (monitors, gates, a one-off check). Call
 *
 *     await reportDrift({ monitor: 'churn-live', report });          // report: the DriftReport of the check
 *
 * from extension code after each check. When `report.datasetDrift` is true it writes a warning on mlops.yaml at
 * the monitor (or at the model when only `model` is given), shows a notification with "Open report" (the drift
 * panel with this report and the monitor's drift over time) and "Retrain" (runs the monitor's `retrain.experiment`
 * through `mlops.runExperiment`; absent when none is configured or the workspace is untrusted), and shows a status
 * bar item. The notification appears when an alert starts, not on every check that confirms it. A report without
 * dataset drift clears that monitor's alert. Works through a command, so callers need no handle on the alert state.
 */
import * as vscode from 'vscode';
import type { DriftAlert } from './alertText';
import { Commands } from '../commands/commandIds';

export type { DriftAlert, DriftAlertReport } from './alertText';

export async function reportDrift(alert: DriftAlert): Promise<void> {
  await vscode.commands.executeCommand(Commands.reportDrift, alert);
}
