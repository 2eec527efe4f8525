/**
 * `mlops monitor run` and the backend's schedule share this: settle a finished retraining run, check, queue a
 * retraining run when the check calls for one, then keep the result (history line, latest report, state, the
 * registry's monitor record, audit events when the drift state changes).
 */
import { throwIfAborted } from '../errors';
import { writeJsonAtomic } from '../store/atomicWrite';
import type { MonitorRecord, MonitorStatus, RegistryStore } from '../registry';
import type { MlopsSpec, MonitorSpec } from '../spec/types';
import { runMonitorCheck, type CheckInput } from './monitorCheck';
import {
  appendCheck,
  monitorPaths,
  readMonitorState,
  writeMonitorState,
  type MonitorCheck,
  type MonitorState,
} from './monitorFiles';
import { queueRetrain, retrainReason, settleRetrain, type RetrainActions, type RetrainOutcome } from './retrain';

export interface MonitorRunInput extends Omit<CheckInput, 'state'> {
  /** Without actions a check never queues or settles retraining (e.g. read-only callers). */
  actions?: RetrainActions;
}

export interface MonitorRunResult {
  check: MonitorCheck;
  /** A retraining run that ended since the last check, as settled now. */
  settled: RetrainOutcome | null;
}

export async function runMonitor(input: MonitorRunInput): Promise<MonitorRunResult> {
  const { workspace, monitor, registry, actions } = input;
  let state = await readMonitorState(workspace, monitor.name);
  let settled: RetrainOutcome | null = null;
  if (actions && state.pending) {
    settled = await settleRetrain(monitor, input.spec, state, registry, actions);
    if (settled) state = { ...state, pending: null };
  }
  let out: Awaited<ReturnType<typeof runMonitorCheck>>;
  try {
    out = await runMonitorCheck({ ...input, state });
    // Past this point a retraining run may be queued: a cancel must land before it or not at all.
    throwIfAborted(input.signal, `monitor ${monitor.name} check`);
  } catch (err) {
    if (settled) await keepSettled(workspace, monitor, state, registry, settled);
    throw err;
  }
  const check = out.check;
  state = out.state;
  if (check.status === 'ok') state.retrainedThisDrift = false;
  const reason = actions ? retrainReason(monitor, check, state) : null;
  if (reason && actions) {
    try {
      state.pending = await queueRetrain(monitor, check, reason, registry, actions);
      if (reason === 'drift') state.retrainedThisDrift = true;
      check.retrain = { runId: state.pending.runId, reason };
    } catch (err) {
      check.message = [check.message, `retraining could not be queued: ${(err as Error).message}`]
        .filter(Boolean)
        .join('; ');
    }
  }
  await appendCheck(workspace, check);
  if (out.report) await writeJsonAtomic(monitorPaths(workspace, monitor.name).report, { check, report: out.report });
  await writeMonitorState(workspace, monitor.name, state);
  await recordMonitor(registry, monitor, check, settled);
  return { check, settled };
}

/** Settles a pending retraining run without a check (the backend calls this when the run ends). */
export async function settleMonitorRetrain(
  workspace: string,
  monitor: MonitorSpec,
  spec: MlopsSpec,
  registry: RegistryStore,
  actions: RetrainActions,
): Promise<RetrainOutcome | null> {
  const state = await readMonitorState(workspace, monitor.name);
  const settled = await settleRetrain(monitor, spec, state, registry, actions);
  if (!settled) return null;
  await keepSettled(workspace, monitor, state, registry, settled);
  return settled;
}

/** Records a settled retraining run without a check: its monitor no longer waits for it. */
async function keepSettled(
  workspace: string,
  monitor: MonitorSpec,
  state: MonitorState,
  registry: RegistryStore,
  settled: RetrainOutcome,
): Promise<void> {
  await writeMonitorState(workspace, monitor.name, { ...state, pending: null });
  const record = await registry.getMonitor(monitor.name);
  if (record)
    await registry.putMonitor({
      ...record,
      updatedAt: settled.at,
      details: { ...record.details, retrain: settled, pending: null },
    });
}

const STATUS: Record<MonitorCheck['status'], MonitorStatus> = {
  ok: 'ok',
  drift: 'drift',
  error: 'error',
  'insufficient-data': 'unknown',
};

async function recordMonitor(
  registry: RegistryStore,
  monitor: MonitorSpec,
  check: MonitorCheck,
  settled: RetrainOutcome | null,
): Promise<void> {
  const before = await registry.getMonitor(monitor.name);
  const status = check.status === 'insufficient-data' && before ? before.status : STATUS[check.status];
  const record: MonitorRecord = {
    name: monitor.name,
    model: monitor.model,
    status,
    lastCheck: {
      at: check.at,
      share: check.share,
      datasetDrift: check.status === 'insufficient-data' ? null : check.datasetDrift,
      tested: check.tested,
      drifted: check.drifted,
      performanceDrift: check.performance?.drifted ?? null,
      error: check.status === 'error' ? check.message : null,
      details: {
        status: check.status,
        version: check.version,
        rows: check.window.rows,
        dataChanged: check.dataChanged.map((d) => d.path),
      },
    },
    updatedAt: check.at,
    details: {
      ...before?.details,
      ...(settled ? { retrain: settled } : {}),
      pending: check.retrain ?? (settled ? null : (before?.details?.pending ?? null)),
    },
  };
  const audit = [];
  if (!before)
    audit.push({
      type: 'monitor.create' as const,
      model: check.model,
      details: { monitor: monitor.name, ref: monitor.model },
    });
  if (status === 'drift' && before?.status !== 'drift') {
    audit.push({
      type: 'monitor.alert' as const,
      model: check.model,
      ...(check.version !== null ? { version: check.version } : {}),
      details: {
        monitor: monitor.name,
        share: check.share,
        drifted: check.columns.filter((c) => c.drifted).map((c) => c.column),
        performanceDrift: check.performance?.drifted ?? null,
      },
    });
  }
  await registry.putMonitor(record, audit);
}
