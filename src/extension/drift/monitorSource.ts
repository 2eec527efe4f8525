/** The monitors the drift panel can show over time, and their files. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriftReport } from '../../core/drift/reportTypes';
import { monitorPaths, readHistory } from '../../core/monitor/monitorFiles';
import { MLOPS_DIR } from '../../core/store/layout';
import type { DriftHistoryView } from '../../protocol/webview/drift';
import { historyView } from './historyView';

/** Monitors declared in mlops.yaml plus any with files under .mlops/monitors/, sorted. */
export async function monitorNames(workspace: string, declared: readonly string[]): Promise<string[]> {
  let onDisk: string[] = [];
  try {
    onDisk = (await readdir(join(workspace, MLOPS_DIR, 'monitors'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    onDisk = [];
  }
  return [...new Set([...declared, ...onDisk])].sort();
}

export async function monitorHistory(workspace: string, monitor: string): Promise<DriftHistoryView> {
  return historyView(monitor, await readHistory(workspace, monitor));
}

/** The full report of a monitor's last check (report.json holds `{ check, report }`), or null when it has none yet. */
export async function lastMonitorReport(workspace: string, monitor: string): Promise<DriftReport | null> {
  let saved: { report?: DriftReport } | null;
  try {
    saved = JSON.parse(await readFile(monitorPaths(workspace, monitor).report, 'utf8')) as { report?: DriftReport };
  } catch {
    return null;
  }
  return saved && Array.isArray(saved.report?.columns) ? saved.report : null;
}
