/** Where a drift alert goes in mlops.yaml and what it says: pure, unit-tested. */
import type { ColumnDrift, DriftReport } from '../../core/drift/reportTypes';
import type { MlopsSpec, SpecLocations, SpecPosition } from '../../core/spec/types';

/** The parts of a drift report an alert needs; a full DriftReport fits (and then "Open report" shows it as is). */
export type DriftAlertReport = Pick<DriftReport, 'datasetDrift' | 'share' | 'driftShare' | 'tested' | 'drifted'> & {
  columns: Array<Pick<ColumnDrift, 'column' | 'drifted'> & Partial<Pick<ColumnDrift, 'score' | 'test'>>>;
};

export interface DriftAlert {
  /** The monitor (its key under `monitors:` in mlops.yaml) whose check found the drift. */
  monitor?: string;
  /** The model concerned (`churn`, `churn@production`, `churn:3`); the Problems entry goes on it when there is no monitor. */
  model?: string;
  report: DriftAlertReport;
  /** The compared files (absolute or workspace-relative), for "Open report" when there is no monitor. */
  reference?: string;
  current?: string;
  /** ISO time of the check (default: now). */
  at?: string;
}

/** Alerts about the same monitor (or model, or pair of files) replace each other. */
export function alertKey(alert: DriftAlert): string {
  if (alert.monitor) return `monitor:${alert.monitor}`;
  if (alert.model) return `model:${modelName(alert.model)}`;
  return `files:${alert.reference ?? ''}|${alert.current ?? ''}`;
}

export function modelName(ref: string): string {
  return ref.split(/[@:]/)[0];
}

/** The model an alert concerns: given, or the monitored one. */
export function alertModel(alert: DriftAlert, spec: MlopsSpec | null): string | null {
  if (alert.model) return modelName(alert.model);
  const monitored = alert.monitor ? spec?.monitors[alert.monitor]?.model : undefined;
  return monitored ? modelName(monitored) : null;
}

/** The monitor's key in mlops.yaml, else the model's, else null (the alert then sits on the first line). */
export function alertLocation(
  alert: DriftAlert,
  locations: SpecLocations,
  spec: MlopsSpec | null,
): SpecPosition | null {
  if (alert.monitor && locations.monitors[alert.monitor]) return locations.monitors[alert.monitor];
  const model = alertModel(alert, spec);
  return (model && locations.models[model]) || null;
}

const MAX_NAMED = 5;

export function alertMessage(alert: DriftAlert): string {
  const r = alert.report;
  const who = alert.monitor
    ? `monitor ${alert.monitor}`
    : alert.model
      ? `model ${modelName(alert.model)}`
      : 'a drift check';
  const drifted = r.columns.filter((c) => c.drifted === true).map((c) => c.column);
  const named =
    drifted.slice(0, MAX_NAMED).join(', ') +
    (drifted.length > MAX_NAMED ? ` and ${drifted.length - MAX_NAMED} more` : '');
  const share =
    r.share === null
      ? 'no column could be tested'
      : `${r.drifted} of ${r.tested} columns drifted (share ${round(r.share)} ≥ ${round(r.driftShare)})`;
  return `Data drift detected by ${who}: ${share}${named ? `: ${named}` : ''}.`;
}

/** The experiment "Retrain" runs: the monitor's `retrain.experiment`, when configured. */
export function retrainExperiment(alert: DriftAlert, spec: MlopsSpec | null): string | null {
  if (!alert.monitor) return null;
  return spec?.monitors[alert.monitor]?.retrain?.experiment ?? null;
}

function round(v: number): string {
  return String(Number(v.toFixed(3)));
}
