/** The run detail panel (one per run): host ⇄ webview messages. */
import type { RunStatus } from '../../core/tracking/types';
import type { Cell } from '../../core/tracking/runColumns';
import type { PanelNotice, RenderedReport } from './common';

export interface RunInfo {
  id: string;
  experiment: string;
  status: RunStatus;
  command: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  error: string | null;
  gitCommit: string | null;
  gitBranch: string | null;
  gitDirty: boolean;
  tags: Record<string, string>;
  parent: string | null;
}

export interface RunActions {
  stop: boolean;
  rerun: boolean;
  /** Only true when a model registry command is available in this window. */
  register: boolean;
}

export interface SeriesPoints {
  name: string;
  group: 'metrics' | 'system';
  step: Float64Array;
  /** Milliseconds since the epoch. */
  time: Float64Array;
  value: Float64Array;
}

export interface RunDetailState {
  runId: string;
  logQuery: string;
}

export type RunDetailToHost =
  | { type: 'ready'; state: RunDetailState | null }
  | { type: 'searchLog'; query: string }
  | { type: 'openArtifact'; path: string }
  | { type: 'revealArtifact'; path: string }
  | { type: 'openLog' }
  | { type: 'action'; action: keyof RunActions }
  | { type: 'openEvaluation' }
  | RenderedReport;

export type RunDetailToWebview =
  | {
      type: 'snapshot';
      run: RunInfo;
      params: Record<string, Cell>;
      metrics: Record<string, Cell>;
      /** Series longer than the live budget arrive downsampled (M4); `downsampledFrom` says from how many points. */
      series: Array<SeriesPoints & { downsampledFrom: number | null }>;
      log: { text: string; size: number; truncated: boolean };
      artifacts: { entries: Array<{ path: string; bytes: number }>; truncated: boolean };
      actions: RunActions;
      /** The run's evaluation.json in brief (the Evaluation panel has the rest); null when it has none. */
      evaluation?: { task: string; n: number; metrics: Record<string, number | null> } | null;
    }
  | { type: 'points'; series: SeriesPoints; reset: boolean }
  | { type: 'logAppended'; text: string }
  | { type: 'status'; run: RunInfo; actions: RunActions }
  | { type: 'metrics'; metrics: Record<string, Cell> }
  | { type: 'logSearch'; query: string; matches: Array<{ line: number; text: string }>; total: number }
  | { type: 'artifacts'; entries: Array<{ path: string; bytes: number }>; truncated: boolean }
  | { type: 'deleted' }
  | PanelNotice;
