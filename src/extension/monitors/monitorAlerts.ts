/**
 * Drift alerts from monitor checks, whoever ran them: the backend (its monitorChecked event) or another process
 * such as `mlops monitor run` in a terminal or a scheduled job (seen as a new line of the monitor's history.jsonl).
 * Each check is reported once; checks older than the window's start (history written before, fixtures) are not.
 */
import { basename, dirname } from 'node:path';
import type * as vscode from 'vscode';
import type { StatTestId } from '../../core/drift/statTest';
import { readHistory, type MonitorCheck } from '../../core/monitor/monitorFiles';
import { reportDrift } from '../drift/reportDrift';

export class MonitorAlerts {
  /** Monitor → time of the last check reported. */
  private readonly reported = new Map<string, string>();
  private readonly since = new Date().toISOString();

  constructor(private readonly workspace: string) {}

  /** Reports a check: drift raises the monitor's alert, a clean check clears it. */
  async check(c: MonitorCheck): Promise<void> {
    if (c.status === 'insufficient-data' || c.status === 'error' || c.at < this.since) return;
    const last = this.reported.get(c.monitor);
    if (last !== undefined && last >= c.at) return;
    this.reported.set(c.monitor, c.at);
    await reportDrift({
      monitor: c.monitor,
      model: c.version !== null ? `${c.model}:${c.version}` : c.model,
      at: c.at,
      report: {
        datasetDrift: c.status === 'drift',
        share: c.share,
        driftShare: c.driftShare,
        tested: c.tested,
        drifted: c.drifted,
        columns: c.columns.map((col) => ({
          column: col.column,
          drifted: col.drifted,
          score: col.score,
          test: col.test as StatTestId | null,
        })),
      },
    });
  }

  /** A monitor's history.jsonl changed: reports its newest check. */
  async historyChanged(uri: vscode.Uri): Promise<void> {
    if (basename(uri.fsPath) !== 'history.jsonl') return;
    const latest = (await readHistory(this.workspace, basename(dirname(uri.fsPath)))).at(-1);
    if (latest) await this.check(latest);
  }
}
