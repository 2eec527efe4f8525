/**
 * One check of a monitor: the current data (a window of the prediction log, or a data file) against the
 * reference with the drift report, realized performance when labels arrived, and the data-change trigger.
 * Pure computation over files; writing the result is monitorRun.ts's job. `signal` stops it between files, rows
 * and columns with a CancelledError.
 */
import { readTable } from '../data/readTable';
import type { Table } from '../data/table';
import { driftReport, type DriftReport } from '../drift/driftReport';
import { columnTestChoices } from '../drift/registry';
import { requireTestedColumns } from '../drift/untestedColumns';
import { CancelledError, errorMessage } from '../errors';
import { resolveInWorkspace } from '../lineage/workspacePath';
import type { ModelVersion, RegistryStore } from '../registry';
import type { MlopsSpec, MonitorSpec } from '../spec/types';
import { compareDataHashes, experimentDataPaths } from './dataChange';
import { deploymentDir } from './deploymentFiles';
import type { MonitorCheck, MonitorState } from './monitorFiles';
import { readFeedback, readPredictionWindow, windowTable, type PredictionWindow } from './predictionWindow';
import { realizedPerformance } from './realizedPerformance';

export interface CheckInput {
  workspace: string;
  monitor: MonitorSpec;
  spec: MlopsSpec;
  registry: RegistryStore;
  state: MonitorState;
  signal?: AbortSignal;
  /** Fewest prediction rows a check tests (default 30); fewer gives status insufficient-data. */
  minRows?: number;
  /** Most recent rows a check reads at most (default 50,000). */
  maxRows?: number;
}

export interface CheckOutput {
  check: MonitorCheck;
  report: DriftReport | null;
  /** The state to keep for the next check. */
  state: MonitorState;
  version: ModelVersion | null;
}

const PREDICTIONS = 'predictions';

interface SchemaLike {
  columns?: Array<{ name: string }>;
  label?: { name?: string; task?: 'classification' | 'regression'; classes?: Array<string | number> };
}

export async function runMonitorCheck(input: CheckInput): Promise<CheckOutput> {
  const { workspace, monitor, signal } = input;
  const at = new Date().toISOString();
  const modelName = monitor.model.split(/[@:]/)[0];
  const base: MonitorCheck = {
    at,
    monitor: monitor.name,
    model: modelName,
    version: null,
    current: monitor.current,
    window: { from: null, to: null, rows: 0 },
    status: 'ok',
    share: null,
    driftShare: monitor.driftShare ?? 0.5,
    datasetDrift: false,
    tested: 0,
    drifted: 0,
    columns: [],
    performance: null,
    dataChanged: [],
    retrain: null,
    message: null,
  };
  let version: ModelVersion | null = null;
  try {
    const columnTests = columnTestChoices(monitor.tests, (column) => `in monitors.${monitor.name}.tests.${column}`);
    version = await input.registry.resolve(monitor.model).catch(() => null);
    base.version = version?.version ?? null;
    const schema = (version?.schema ?? null) as SchemaLike | null;
    const hashes = await compareDataHashes(
      workspace,
      dataPaths(monitor, input.spec),
      input.state.dataHashes ?? baselineHashes(version),
      signal,
    );
    base.dataChanged = hashes.changed;
    const nextState: MonitorState = { ...input.state, dataHashes: hashes.current };

    const reference = await readTable(abs(workspace, monitor.reference), { signal });
    let current: Table;
    let window: PredictionWindow | null = null;
    if (monitor.current === PREDICTIONS) {
      const dir = deploymentDir(workspace, await deploymentOf(input.registry, modelName));
      window = await readPredictionWindow(dir, {
        since: input.state.windowEnd,
        minRows: input.minRows ?? 30,
        maxRows: input.maxRows ?? 50_000,
        signal,
      });
      base.window = { from: window.from, to: window.to, rows: window.lines.length };
      nextState.windowEnd = window.to ?? input.state.windowEnd;
      if (window.fresh === 0 && input.state.windowEnd !== null) {
        return {
          check: { ...base, status: 'insufficient-data', message: 'no predictions since the last check' },
          report: null,
          state: nextState,
          version,
        };
      }
      if (window.lines.length < (input.minRows ?? 30)) {
        return {
          check: {
            ...base,
            status: 'insufficient-data',
            message: `${window.lines.length} prediction(s) logged; a check needs at least ${input.minRows ?? 30}`,
          },
          report: null,
          state: nextState,
          version,
        };
      }
      current = windowTable(window, `${dir} (prediction log)`);
    } else {
      current = await readTable(abs(workspace, monitor.current), { signal });
      base.window = { from: null, to: null, rows: current.rowCount };
    }

    const features = schema?.columns?.map((c) => c.name);
    const report = await driftReport(reference, current, {
      signal,
      driftShare: monitor.driftShare,
      threshold: monitor.threshold,
      columnTests,
      columns: features?.length ? features : undefined,
      overlays: true,
    });
    requireTestedColumns(report);
    const performance =
      window && version && schema?.label?.task
        ? realizedPerformance(
            window.lines,
            await readFeedback(deploymentDir(workspace, await deploymentOf(input.registry, modelName)), signal),
            { task: schema.label.task, classes: schema.label.classes, metrics: version.metrics },
          )
        : null;
    const check: MonitorCheck = {
      ...base,
      share: report.share,
      datasetDrift: report.datasetDrift,
      tested: report.tested,
      drifted: report.drifted,
      columns: report.columns.map((c) => ({
        column: c.column,
        test: c.test,
        score: c.score,
        threshold: c.threshold,
        drifted: c.drifted,
      })),
      performance,
      status: report.datasetDrift || performance?.drifted ? 'drift' : 'ok',
    };
    return { check, report, state: nextState, version };
  } catch (err) {
    // A cancelled check is no result: nothing is recorded for it.
    if (signal?.aborted)
      throw err instanceof CancelledError ? err : new CancelledError(`monitor ${monitor.name} check`);
    return {
      check: { ...base, status: 'error', message: errorMessage(err) },
      report: null,
      state: input.state,
      version,
    };
  }
}

const abs = (workspace: string, path: string) => resolveInWorkspace(workspace, path).absolute;

/** The retraining experiment's data, and the monitored data file. */
function dataPaths(monitor: MonitorSpec, spec: MlopsSpec): string[] {
  const paths = monitor.retrain ? experimentDataPaths(spec.experiments[monitor.retrain.experiment]) : [];
  if (monitor.current !== PREDICTIONS) paths.push(monitor.current);
  return [...new Set(paths)];
}

/** Before any check, the data the monitored version was trained on is the baseline. */
function baselineHashes(version: ModelVersion | null): Record<string, string> | null {
  if (!version?.data?.length) return null;
  return Object.fromEntries(version.data.map((d) => [d.path, d.sha256]));
}

/** The deployment serving this model (the most recently started one), or the model's name. */
async function deploymentOf(registry: RegistryStore, model: string): Promise<string> {
  const ours = (await registry.listDeployments())
    .filter((d) => d.model === model)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  return ours[0]?.id ?? model;
}
