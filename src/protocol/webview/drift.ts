/** The drift panel: host ⇄ webview messages. The host reads the files and runs the tests; the panel only draws. */
import type { ColumnOverlay, EcdfCurve } from '../../core/drift/reportTypes';
import type { PanelNotice, RenderedReport } from './common';

export type { ColumnOverlay, EcdfCurve };

/** One statistical test the panel can offer, from the host's registry. */
export interface DriftTestInfo {
  id: string;
  label: string;
  scoreKind: 'p_value' | 'distance';
  defaultThreshold: number;
  accepts: Array<'numerical' | 'categorical'>;
}

/** Global options plus per-column overrides; `test: 'auto'` is the automatic choice (docs/drift-spec.md §3). */
export interface DriftSettings {
  test: string;
  threshold: number | null;
  driftShare: number;
  columnTests: Record<string, string>;
  columnThresholds: Record<string, number>;
}

export interface DriftColumnView {
  column: string;
  type: string;
  role: string;
  test: string | null;
  scoreKind: 'p_value' | 'distance' | null;
  score: number | null;
  statistic: number | null;
  threshold: number | null;
  drifted: boolean | null;
  status: 'ok' | 'skipped' | 'error';
  /** Why a column was skipped or failed, in words. */
  reason: string | null;
  /** How far past (>0) or short of (<0) its threshold the score is, in decades; null without a score. */
  severity: number | null;
  nReference: number;
  nCurrent: number;
  missingShareRef: number;
  missingShareCur: number;
  overlay: ColumnOverlay | null;
  ecdf: EcdfCurve | null;
  /** True when this column has its own test or threshold. */
  overridden: boolean;
}

export interface DriftReportView {
  reference: string;
  current: string;
  /** Sorted by severity: drifted first, the most drifted on top; skipped and failed columns last. */
  columns: DriftColumnView[];
  tested: number;
  drifted: number;
  share: number | null;
  driftShare: number;
  datasetDrift: boolean;
  onlyInReference: string[];
  onlyInCurrent: string[];
  referenceRows: number;
  currentRows: number;
  warnings: string[];
  elapsedMs: number;
}

/** One monitor's drift results over time (`.mlops/monitors/<name>/history.jsonl`). */
export interface DriftHistoryView {
  monitor: string;
  /** ISO times of the windows, oldest first. */
  at: string[];
  share: Array<number | null>;
  datasetDrift: boolean[];
  driftShare: number | null;
  /** Per-feature score per window (null where the column was not tested in that window). */
  features: Array<{
    column: string;
    test: string | null;
    scoreKind: 'p_value' | 'distance' | null;
    scores: Array<number | null>;
    drifted: Array<boolean | null>;
  }>;
  /** Lines of the history file that could not be read. */
  skippedLines: number;
}

export interface DriftState {
  reference: string | null;
  current: string | null;
  settings: DriftSettings;
  monitor: string | null;
  /** Column whose overlay is expanded. */
  focus: string | null;
}

export type DriftToHost =
  | { type: 'ready'; state: DriftState | null }
  | { type: 'settings'; settings: DriftSettings }
  | { type: 'cancel' }
  | { type: 'pickFiles' }
  | { type: 'swap' }
  | { type: 'openFile'; which: 'reference' | 'current' }
  | { type: 'selectMonitor'; monitor: string | null }
  | { type: 'focus'; column: string | null }
  | RenderedReport;

export type DriftToWebview =
  | { type: 'init'; tests: DriftTestInfo[]; state: DriftState; monitors: string[] }
  | { type: 'progress'; message: string; fraction: number | null }
  | { type: 'report'; report: DriftReportView; settings: DriftSettings }
  | { type: 'cancelled' }
  | { type: 'history'; history: DriftHistoryView | null; monitors: string[] }
  | PanelNotice;
