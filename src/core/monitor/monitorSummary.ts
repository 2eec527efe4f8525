/** What the Monitors view and `mlops monitor list` show per monitor declared in mlops.yaml. */
import type { MonitorStatus, RegistryStore, Stage } from '../registry';
import type { MlopsSpec } from '../spec/types';
import { CHALLENGER_ALIAS, type RetrainOutcome } from './retrain';
import { readMonitorState, type CheckStatus, type PendingRetrain } from './monitorFiles';

export interface MonitorSummary {
  name: string;
  model: string;
  current: string;
  every: string | null;
  retrain: boolean;
  status: MonitorStatus;
  lastCheck: {
    at: string;
    status: CheckStatus | null;
    share: number | null;
    datasetDrift: boolean | null;
    performanceDrift: boolean | null;
    rows: number | null;
    message: string | null;
  } | null;
  pending: PendingRetrain | null;
  /** The last retraining outcome (challenger version, gates, promotion), as it was when the run was registered. */
  lastRetrain: RetrainOutcome | null;
  /** Where that version stands now: its stage, and whether it still holds the `challenger` alias (null: none registered, or deleted). */
  challenger: { version: number; stage: Stage | null; holdsAlias: boolean } | null;
}

async function challengerNow(
  registry: RegistryStore,
  retrain: RetrainOutcome | null,
): Promise<MonitorSummary['challenger']> {
  if (!retrain || retrain.version === null) return null;
  const version = await registry.getVersion(retrain.model, retrain.version).catch(() => undefined);
  if (!version) return null;
  return {
    version: version.version,
    stage: version.stage,
    holdsAlias: (await registry.aliasesOf(version)).includes(CHALLENGER_ALIAS),
  };
}

export async function summariseMonitors(
  workspace: string,
  spec: MlopsSpec,
  registry: RegistryStore,
): Promise<MonitorSummary[]> {
  const records = new Map((await registry.listMonitors()).map((r) => [r.name, r]));
  return Promise.all(
    Object.values(spec.monitors).map(async (m): Promise<MonitorSummary> => {
      const record = records.get(m.name);
      const state = await readMonitorState(workspace, m.name);
      const last = record?.lastCheck;
      const details = (last?.details ?? {}) as { status?: CheckStatus; rows?: number };
      const lastRetrain = (record?.details?.retrain as RetrainOutcome | undefined) ?? null;
      return {
        name: m.name,
        model: m.model,
        current: m.current,
        every: m.every ?? null,
        retrain: Boolean(m.retrain),
        status: record?.status ?? 'unknown',
        lastCheck: last
          ? {
              at: last.at,
              status: details.status ?? null,
              share: last.share,
              datasetDrift: last.datasetDrift,
              performanceDrift: last.performanceDrift ?? null,
              rows: details.rows ?? null,
              message: last.error ?? null,
            }
          : null,
        pending: state.pending,
        lastRetrain,
        challenger: await challengerNow(registry, lastRetrain),
      };
    }),
  );
}
