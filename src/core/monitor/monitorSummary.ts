/** What the Monitors view and `mlops monitor list` show per monitor declared in mlops.yaml. */
import type { MonitorStatus, RegistryStore } from '../registry';
import type { MlopsSpec } from '../spec/types';
import type { RetrainOutcome } from './retrain';
import { readMonitorState, type CheckStatus, type PendingRetrain } from './monitorFiles';

export interface MonitorSummary {
  name: string;
  model: string;
  current: string;
  every: string | null;
  retrain: boolean;
  status: MonitorStatus;
  lastCheck: { at: string; status: CheckStatus | null; share: number | null; datasetDrift: boolean | null; performanceDrift: boolean | null; rows: number | null; message: string | null } | null;
  pending: PendingRetrain | null;
  /** The last retraining outcome (challenger version, gates, promotion). */
  lastRetrain: RetrainOutcome | null;
}

export async function summariseMonitors(workspace: string, spec: MlopsSpec, registry: RegistryStore): Promise<MonitorSummary[]> {
  const records = new Map((await registry.listMonitors()).map((r) => [r.name, r]));
  return Promise.all(
    Object.values(spec.monitors).map(async (m): Promise<MonitorSummary> => {
      const record = records.get(m.name);
      const state = await readMonitorState(workspace, m.name);
      const last = record?.lastCheck;
      const details = (last?.details ?? {}) as { status?: CheckStatus; rows?: number };
      return {
        name: m.name,
        model: m.model,
        current: m.current,
        every: m.every ?? null,
        retrain: Boolean(m.retrain),
        status: record?.status ?? 'unknown',
        lastCheck: last
          ? { at: last.at, status: details.status ?? null, share: last.share, datasetDrift: last.datasetDrift, performanceDrift: last.performanceDrift ?? null, rows: details.rows ?? null, message: last.error ?? null }
          : null,
        pending: state.pending,
        lastRetrain: (record?.details?.retrain as RetrainOutcome | undefined) ?? null,
      };
    }),
  );
}
