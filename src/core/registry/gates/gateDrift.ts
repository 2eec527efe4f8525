/**
 * The drift report a gate's `drift.*` terms read: the version's reference data against the current data
 * declared for it. Sources, first match wins: explicit paths (CLI flags), a monitor of the model in
 * mlops.yaml (its reference and current file; a monitor reading a data file before one reading the prediction
 * log), the run's training data against nothing (then no current data is declared and the terms fail). Never a
 * silent pass: every gap is a reason. Reasons name the mlops.yaml fix first, since VS Code shows them too.
 */
import { existsSync, statSync } from 'node:fs';
import { readTable } from '../../data/readTable';
import { driftReport } from '../../drift/driftReport';
import { columnTestChoices } from '../../drift/registry';
import { requireTestedColumns } from '../../drift/untestedColumns';
import { errorMessage } from '../../errors';
import { hashInputs } from '../../lineage/dataHashing';
import { resolveInWorkspace } from '../../lineage/workspacePath';
import { tryParseModelRef } from '../../spec/modelRef';
import type { MlopsSpec, MonitorSpec } from '../../spec/types';
import type { ModelVersion } from '../types';

export interface DriftFacts {
  share: number | null;
  datasetDrift: boolean;
  drifted: number;
  tested: number;
  driftShare: number;
  reference: string;
  current: string;
  /** Where the pair came from: `--reference/--current`, `monitor <name>`, or `training data`. */
  source: string;
}

export type DriftOutcome = { ok: true; facts: DriftFacts } | { ok: false; reason: string };

export interface DriftSources {
  reference?: string;
  current?: string;
}

function monitorOf(workspace: string, spec: MlopsSpec | null, model: string): MonitorSpec | undefined {
  const mine = Object.values(spec?.monitors ?? {}).filter((m) => tryParseModelRef(m.model)?.name === model);
  return mine.find((m) => isDataFile(workspace, m.current)) ?? mine[0];
}

function trainingDataPath(spec: MlopsSpec | null, version: ModelVersion): string | undefined {
  const data = spec?.experiments[version.experiment]?.data;
  if (data && !Array.isArray(data)) return data.train;
  if (Array.isArray(data) && data.length > 0) return data[0];
  return version.data[0]?.path;
}

function isDataFile(workspace: string, path: string): boolean {
  try {
    const abs = resolveInWorkspace(workspace, path).absolute;
    return existsSync(abs) && statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** Picks the reference/current pair or says why there is none. */
export async function driftPair(
  workspace: string,
  spec: MlopsSpec | null,
  version: ModelVersion,
  explicit: DriftSources = {},
  signal?: AbortSignal,
): Promise<
  | { ok: true; reference: string; current: string; source: string; monitor?: MonitorSpec }
  | { ok: false; reason: string }
> {
  const monitor = monitorOf(workspace, spec, version.model);
  let reference = explicit.reference;
  let current = explicit.current;
  let source = explicit.reference || explicit.current ? '--reference/--current' : '';
  if (monitor) {
    reference ??= monitor.reference;
    if (!current) {
      if (isDataFile(workspace, monitor.current)) current = monitor.current;
      else if (!explicit.current) {
        return {
          ok: false,
          reason: `monitor '${monitor.name}' reads '${monitor.current}', not a data file, so drift has no current data to compare; declare a monitor of ${version.model} whose current: is a data file (mlops gate also takes --current FILE)`,
        };
      }
    }
    source ||= `monitor ${monitor.name}`;
  }
  if (!reference) {
    const train = trainingDataPath(spec, version);
    if (!train)
      return {
        ok: false,
        reason: `no reference data for ${version.model}:${version.version}: declare a monitor with reference: in mlops.yaml (mlops gate also takes --reference FILE)`,
      };
    const recorded = version.data.find((d) => d.path === train);
    if (recorded && isDataFile(workspace, train)) {
      const [now] = await hashInputs(workspace, [train], { signal });
      if (now.sha256 !== recorded.sha256) {
        return {
          ok: false,
          reason: `training data ${train} changed since run ${version.runId}, so it is no longer the reference; declare a monitor reference in mlops.yaml (mlops gate also takes --reference FILE)`,
        };
      }
    }
    reference = train;
    source ||= 'training data';
  }
  if (!current) {
    return {
      ok: false,
      reason: `no current data declared for model '${version.model}': add a monitor (monitors: {<name>: {model: ${version.model}, reference: ..., current: data/current.csv}}) (mlops gate also takes --current FILE)`,
    };
  }
  for (const [what, path] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    if (!isDataFile(workspace, path))
      return { ok: false, reason: `${what} data '${path}' is not a file in the workspace` };
  }
  return { ok: true, reference, current, source, monitor };
}

/** Runs the drift report for the pair driftPair picks, with the monitor's tests and thresholds. */
export async function versionDrift(
  workspace: string,
  spec: MlopsSpec | null,
  version: ModelVersion,
  explicit: DriftSources = {},
  signal?: AbortSignal,
): Promise<DriftOutcome> {
  const pair = await driftPair(workspace, spec, version, explicit, signal);
  if (!pair.ok) return pair;
  try {
    const [reference, current] = await Promise.all([
      readTable(resolveInWorkspace(workspace, pair.reference).absolute, { signal }),
      readTable(resolveInWorkspace(workspace, pair.current).absolute, { signal }),
    ]);
    const report = await driftReport(reference, current, {
      signal,
      threshold: pair.monitor?.threshold,
      driftShare: pair.monitor?.driftShare,
      columnTests: monitorTests(pair.monitor),
      overlays: false,
    });
    requireTestedColumns(report);
    return {
      ok: true,
      facts: {
        share: report.share,
        datasetDrift: report.datasetDrift,
        drifted: report.drifted,
        tested: report.tested,
        driftShare: report.driftShare,
        reference: pair.reference,
        current: pair.current,
        source: pair.source,
      },
    };
  } catch (err) {
    return {
      ok: false,
      reason: `drift of ${pair.current} against ${pair.reference} could not be computed: ${errorMessage(err)}`,
    };
  }
}

function monitorTests(monitor: MonitorSpec | undefined) {
  return columnTestChoices(monitor?.tests, (column) => `in monitors.${monitor?.name}.tests.${column}`);
}
