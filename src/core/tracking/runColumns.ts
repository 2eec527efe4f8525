import type { RunSummary } from './types';

/**
 * Columns of the runs table. Keys: the run's own fields by name ("status", "experiment"…), "param:<name>" and
 * "metric:<name>" for flattened params and latest metric values.
 */
export type ColumnKind = 'run' | 'param' | 'metric';
export type ColumnFormat = 'text' | 'number' | 'date' | 'duration' | 'status';

export interface ColumnInfo {
  key: string;
  kind: ColumnKind;
  /** Display name: "lr", "optimizer.momentum", "val/accuracy". */
  name: string;
  format: ColumnFormat;
}

/** What goes over the wire for one cell: finite numbers stay numbers, NaN and ±Infinity become text. */
export type Cell = string | number | null;

export const RUN_COLUMNS: readonly ColumnInfo[] = [
  { key: 'status', kind: 'run', name: 'status', format: 'status' },
  { key: 'experiment', kind: 'run', name: 'experiment', format: 'text' },
  { key: 'id', kind: 'run', name: 'id', format: 'text' },
  { key: 'started', kind: 'run', name: 'started', format: 'date' },
  { key: 'duration', kind: 'run', name: 'duration', format: 'duration' },
  { key: 'commit', kind: 'run', name: 'commit', format: 'text' },
  { key: 'tags', kind: 'run', name: 'tags', format: 'text' },
  { key: 'step', kind: 'run', name: 'step', format: 'number' },
];

export const paramKey = (name: string) => `param:${name}`;
export const metricKey = (name: string) => `metric:${name}`;

/** The raw value behind a column, for sorting and filtering (undefined when the run lacks it). */
export function columnValue(run: RunSummary, key: string, now = Date.now()): unknown {
  if (key.startsWith('param:')) return run.params[key.slice(6)];
  if (key.startsWith('metric:')) return run.metrics[key.slice(7)];
  switch (key) {
    case 'status':
      return run.status;
    case 'experiment':
      return run.experiment;
    case 'id':
      return run.id;
    case 'started':
      return run.startedAt ?? run.createdAt;
    case 'duration':
      return durationSeconds(run, now);
    case 'commit':
      return run.gitCommit ?? undefined;
    case 'tags':
      return tagsText(run.tags);
    case 'step':
      return run.step ?? undefined;
    default:
      if (key.startsWith('tags.')) return run.tags[key.slice(5)];
      return undefined;
  }
}

export function durationSeconds(run: RunSummary, now = Date.now()): number | undefined {
  if (!run.startedAt) return undefined;
  const end = run.endedAt ? Date.parse(run.endedAt) : run.status === 'running' ? now : NaN;
  const seconds = (end - Date.parse(run.startedAt)) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

function tagsText(tags: Record<string, string>): string | undefined {
  const entries = Object.entries(tags);
  return entries.length ? entries.map(([k, v]) => (v ? `${k}=${v}` : k)).join(' ') : undefined;
}

export function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf';
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 200 ? `${json.slice(0, 199)}…` : json;
}

/** Every param and metric name used by any run, sorted; the run's own columns first. */
export function collectColumns(runs: Iterable<RunSummary>): ColumnInfo[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) addNames(run, params, metrics);
  return [...RUN_COLUMNS, ...columnsFor(metrics, 'metric'), ...columnsFor(params, 'param')];
}

export function addNames(run: RunSummary, params: Set<string>, metrics: Set<string>): void {
  for (const k in run.params) params.add(k);
  for (const k in run.metrics) metrics.add(k);
}

export function columnsFor(names: Iterable<string>, kind: 'param' | 'metric'): ColumnInfo[] {
  return [...names].sort().map((name) => ({
    key: kind === 'param' ? paramKey(name) : metricKey(name),
    kind,
    name,
    format: kind === 'metric' ? 'number' : 'text',
  }));
}

/** Two raw values are the same cell when their wire form is equal (NaN equals NaN; missing differs from present). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null)
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Keys of the columns whose value is not the same in every run; stops scanning a column at its first difference. */
export function differingColumns(runs: readonly RunSummary[], keys: readonly string[], now = Date.now()): string[] {
  if (runs.length < 2) return [];
  return keys.filter((key) => {
    const first = columnValue(runs[0], key, now);
    for (let i = 1; i < runs.length; i++) if (!sameValue(first, columnValue(runs[i], key, now))) return true;
    return false;
  });
}
