/** The compare panel: host ⇄ webview messages. */
import type { RunStatus } from '../../core/tracking/types';
import type { Cell } from '../../core/tracking/runColumns';
import type { CurveData, PanelNotice, RenderedReport, XAxisMode } from './common';

export interface CompareRun {
  id: string;
  label: string;
  experiment: string;
  status: RunStatus;
  color: number;
  params: Record<string, Cell>;
  metrics: Record<string, Cell>;
}

export interface CompareState {
  runIds: string[];
  metric: string | null;
  xAxis: XAxisMode;
  logY: boolean;
  /** 0 (raw) … 0.99, exponential moving average weight. */
  smoothing: number;
  scatterParam: string | null;
}

export interface CurvesRequest {
  type: 'curves';
  requestId: number;
  metric: string;
  xAxis: XAxisMode;
  /** Pixel columns of the plot; the host sends at most ~4 points per column per run. */
  columns: number;
  /** Visible x range when zoomed; null = everything. */
  range: [number, number] | null;
}

/** Where the host spent a curves request (epoch milliseconds and durations), for benchmarks. */
export interface HostTiming {
  receivedAt: number;
  readMs: number;
  downsampleMs: number;
  postedAt: number;
}

export type CompareToHost =
  | { type: 'ready'; state: CompareState | null }
  | CurvesRequest
  | { type: 'openRun'; id: string }
  | { type: 'stateChanged'; state: CompareState }
  | RenderedReport;

export type CompareToWebview =
  | {
      type: 'snapshot';
      runs: CompareRun[];
      metricNames: string[];
      paramNames: string[];
      missing: string[];
      state: CompareState;
    }
  | {
      type: 'curves';
      requestId: number;
      metric: string;
      xAxis: XAxisMode;
      range: [number, number] | null;
      curves: CurveData[];
      readMs: number;
      timing: HostTiming;
    }
  /** A compared run's status or summary values changed. */
  | { type: 'runChanged'; run: CompareRun }
  /** New raw points of a running run for the curve being shown. */
  | { type: 'pointsAppended'; metric: string; xAxis: XAxisMode; runId: string; x: Float64Array; y: Float64Array }
  | { type: 'runRemoved'; id: string }
  | PanelNotice;
