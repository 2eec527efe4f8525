/**
 * The retraining loop: when a check finds drift or changed data and the monitor declares `retrain:`, a run of
 * `retrain.experiment` is queued (tagged retrain-of / derived-from); once it completes it is registered, given the
 * `challenger` alias, its gates are checked against production, and it is promoted only when the config says so.
 */
import { errorMessage } from '../errors';
import type { ModelVersion, RegistryStore } from '../registry';
import type { MlopsSpec, MonitorSpec } from '../spec/types';
import type { RunStatus } from '../tracking/types';
import type { MonitorCheck, MonitorState, PendingRetrain } from './monitorFiles';

/** What the loop needs from the run queue and the registry's promotion rules; the backend and the CLI supply them. */
export interface RetrainActions {
  /** Queues a run of `experiment` with `tags`; resolves with its id. */
  launch(experiment: string, tags: Record<string, string>): Promise<string>;
  /** The run's status, null when there is no such run. */
  runStatus(runId: string): Promise<RunStatus | null>;
  /** Registers the run's artifact as the next version of `model`. */
  register(runId: string, model: string): Promise<ModelVersion>;
  /** The gates for production: passed, and each failing rule with its actual value. */
  checkGates(model: string, version: number): Promise<{ passed: boolean; failures: string[] }>;
  /** Promotes to production (gates are checked again there); resolves with whether it happened. */
  promote(model: string, version: number, note: string): Promise<boolean>;
}

export const CHALLENGER_ALIAS = 'challenger';

export interface RetrainOutcome {
  monitor: string;
  runId: string;
  status: RunStatus;
  reason: PendingRetrain['reason'];
  model: string;
  /** The registered challenger (a completed run only). */
  version: number | null;
  gates: { passed: boolean; failures: string[] } | null;
  promoted: boolean;
  error: string | null;
  at: string;
}

/** Why this check should queue a retraining run, or null. */
export function retrainReason(
  monitor: MonitorSpec,
  check: MonitorCheck,
  state: MonitorState,
): PendingRetrain['reason'] | null {
  if (!monitor.retrain || state.pending) return null;
  if (check.status === 'drift' && monitor.retrain.on.includes('drift') && !state.retrainedThisDrift) return 'drift';
  if (check.dataChanged.length > 0 && monitor.retrain.on.includes('data-change')) return 'data-change';
  return null;
}

export async function queueRetrain(
  monitor: MonitorSpec,
  check: MonitorCheck,
  reason: PendingRetrain['reason'],
  registry: RegistryStore,
  actions: RetrainActions,
): Promise<PendingRetrain> {
  const experiment = monitor.retrain!.experiment;
  const of = { model: check.model, version: check.version };
  const version = check.version !== null ? await registry.getVersion(check.model, check.version) : undefined;
  const tags: Record<string, string> = {
    'retrain-of': `${check.model}${check.version !== null ? `:${check.version}` : ''}`,
    monitor: monitor.name,
    trigger: reason,
  };
  if (version?.runId) tags['derived-from'] = version.runId;
  const runId = await actions.launch(experiment, tags);
  await registry.appendAudit([
    {
      type: 'retrain.queued',
      model: check.model,
      ...(check.version !== null ? { version: check.version } : {}),
      details: { monitor: monitor.name, runId, experiment, reason, share: check.share },
    },
  ]);
  return { runId, reason, queuedAt: new Date().toISOString(), of };
}

const UNFINISHED: ReadonlySet<RunStatus> = new Set(['queued', 'running']);

/** Settles the pending retraining run once it has ended; null while it still runs (or none is pending). */
export async function settleRetrain(
  monitor: MonitorSpec,
  spec: MlopsSpec,
  state: MonitorState,
  registry: RegistryStore,
  actions: RetrainActions,
): Promise<RetrainOutcome | null> {
  const pending = state.pending;
  if (!pending) return null;
  const status = (await actions.runStatus(pending.runId)) ?? 'failed';
  if (UNFINISHED.has(status)) return null;
  const model = pending.of.model;
  const outcome: RetrainOutcome = {
    monitor: monitor.name,
    runId: pending.runId,
    status,
    reason: pending.reason,
    model,
    version: null,
    gates: null,
    promoted: false,
    error: null,
    at: new Date().toISOString(),
  };
  if (status !== 'completed') {
    outcome.error = `the retraining run ended ${status}`;
    return outcome;
  }
  try {
    const version = await actions.register(pending.runId, model);
    outcome.version = version.version;
    await registry.transition({
      model,
      version: version.version,
      to: { kind: 'alias', alias: CHALLENGER_ALIAS },
      note: `retrained by monitor ${monitor.name} (${pending.reason})`,
    });
    outcome.gates = await actions.checkGates(model, version.version);
    const auto = monitor.retrain?.autoPromote ?? spec.models[model]?.autoPromote ?? false;
    if (auto && outcome.gates.passed)
      outcome.promoted = await actions.promote(
        model,
        version.version,
        `auto-promote after retraining (monitor ${monitor.name}, ${pending.reason})`,
      );
  } catch (err) {
    outcome.error = errorMessage(err);
  }
  await registry.appendAudit([
    {
      type: 'retrain.registered',
      model,
      ...(outcome.version !== null ? { version: outcome.version } : {}),
      details: {
        monitor: monitor.name,
        runId: outcome.runId,
        alias: outcome.version !== null ? CHALLENGER_ALIAS : null,
        gatesPassed: outcome.gates?.passed ?? null,
        failures: outcome.gates?.failures ?? [],
        promoted: outcome.promoted,
        error: outcome.error,
      },
    },
  ]);
  return outcome;
}
