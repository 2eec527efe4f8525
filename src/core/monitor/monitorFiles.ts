/**
 * A monitor's files under `.mlops/monitors/<name>/`: `history.jsonl` (one line per check: the drift over time),
 * `report.json` (the full drift report of the last check, for the drift panel) and `state.json` (where the last
 * window ended, the data hashes last seen, the retraining run in flight).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLines, writeJsonAtomic } from '../store/atomicWrite';
import { MLOPS_DIR } from '../store/layout';
import type { MetricCheck } from '../drift/performanceDrift';

export const monitorDir = (workspace: string, name: string): string => join(workspace, MLOPS_DIR, 'monitors', name);

export const monitorPaths = (workspace: string, name: string) => {
  const dir = monitorDir(workspace, name);
  return { dir, history: join(dir, 'history.jsonl'), report: join(dir, 'report.json'), state: join(dir, 'state.json') };
};

export type CheckStatus = 'ok' | 'drift' | 'insufficient-data' | 'error';

/** One check of a monitor: a point of the drift-over-time series. */
export interface MonitorCheck {
  at: string;
  monitor: string;
  model: string;
  version: number | null;
  /** `predictions` or the data file compared. */
  current: string;
  /** The rows compared: the prediction log window (timestamps of its first and last rows) or the whole file. */
  window: { from: string | null; to: string | null; rows: number };
  status: CheckStatus;
  share: number | null;
  driftShare: number;
  datasetDrift: boolean;
  tested: number;
  drifted: number;
  columns: Array<{
    column: string;
    test: string | null;
    score: number | null;
    threshold: number | null;
    drifted: boolean | null;
  }>;
  /** Realized performance when feedback labels arrived for rows of the window (docs/drift-spec.md §7). */
  performance: { labelled: number; checks: MetricCheck[]; drifted: boolean } | null;
  /** Data files (of the retraining experiment and a monitored data file) whose content changed since the last check. */
  dataChanged: Array<{ path: string; sha256: string; previous: string | null }>;
  /** The retraining run this check queued. */
  retrain: { runId: string; reason: 'drift' | 'data-change' } | null;
  message: string | null;
}

export interface PendingRetrain {
  runId: string;
  reason: 'drift' | 'data-change';
  queuedAt: string;
  /** The version being monitored when the retraining was queued. */
  of: { model: string; version: number | null };
}

export interface MonitorState {
  /** Timestamp of the last prediction-log row a check read. */
  windowEnd: string | null;
  /** Data path → sha256 seen at the last check. */
  dataHashes: Record<string, string> | null;
  pending: PendingRetrain | null;
  /** A retraining run was queued for the drift now going on: drift that persists does not queue another. */
  retrainedThisDrift?: boolean;
}

export async function readMonitorState(workspace: string, name: string): Promise<MonitorState> {
  try {
    return {
      windowEnd: null,
      dataHashes: null,
      pending: null,
      ...JSON.parse(await readFile(monitorPaths(workspace, name).state, 'utf8')),
    };
  } catch {
    return { windowEnd: null, dataHashes: null, pending: null };
  }
}

export function writeMonitorState(workspace: string, name: string, state: MonitorState): Promise<void> {
  return writeJsonAtomic(monitorPaths(workspace, name).state, state);
}

export function appendCheck(workspace: string, check: MonitorCheck): Promise<void> {
  return appendLines(monitorPaths(workspace, check.monitor).history, [JSON.stringify(check)]);
}

/** The checks of a monitor, oldest first; a torn or foreign line is skipped. */
export async function readHistory(workspace: string, name: string): Promise<MonitorCheck[]> {
  let text: string;
  try {
    text = await readFile(monitorPaths(workspace, name).history, 'utf8');
  } catch {
    return [];
  }
  const checks: MonitorCheck[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      checks.push(JSON.parse(line) as MonitorCheck);
    } catch {
      // a line torn by a crash: the next check appends after it
    }
  }
  return checks;
}
