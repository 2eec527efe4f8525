/** A monitor's checks (history.jsonl) as the drift panel's "drift over time" series: pure, unit-tested. */
import type { MonitorCheck } from '../../core/monitor/monitorFiles';
import { isStatTestId, statTests } from '../../core/drift/registry';
import type { DriftHistoryView } from '../../protocol/webview/drift';

/** Most recent checks drawn; older ones stay in the file. */
export const HISTORY_WINDOWS = 500;

type CheckLike = Pick<MonitorCheck, 'at' | 'share' | 'datasetDrift' | 'driftShare' | 'status' | 'columns'>;

export function historyView(monitor: string, checks: readonly CheckLike[], skippedLines = 0): DriftHistoryView {
  const valid = checks.filter((c) => typeof c?.at === 'string' && !Number.isNaN(Date.parse(c.at)));
  const invalid = checks.length - valid.length;
  const shown = valid.slice(-HISTORY_WINDOWS);
  const order: string[] = [];
  const byColumn = new Map<string, DriftHistoryView['features'][number]>();
  shown.forEach((check, i) => {
    for (const col of Array.isArray(check.columns) ? check.columns : []) {
      let feature = byColumn.get(col.column);
      if (!feature) {
        feature = {
          column: col.column,
          test: col.test,
          scoreKind: scoreKindOf(col.test),
          scores: new Array(shown.length).fill(null),
          drifted: new Array(shown.length).fill(null),
        };
        byColumn.set(col.column, feature);
        order.push(col.column);
      }
      if (col.test) {
        feature.test = col.test;
        feature.scoreKind = scoreKindOf(col.test);
      }
      feature.scores[i] = typeof col.score === 'number' && Number.isFinite(col.score) ? col.score : null;
      feature.drifted[i] = col.drifted;
    }
  });
  const last = shown[shown.length - 1];
  return {
    monitor,
    at: shown.map((c) => c.at),
    share: shown.map((c) => (c.status === 'error' || c.status === 'insufficient-data' ? null : c.share)),
    datasetDrift: shown.map((c) => c.datasetDrift === true),
    driftShare: last ? last.driftShare : null,
    features: order.map((name) => byColumn.get(name)!),
    skippedLines: skippedLines + invalid,
  };
}

function scoreKindOf(test: string | null): 'p_value' | 'distance' | null {
  return test && isStatTestId(test) ? statTests[test].scoreKind : null;
}
