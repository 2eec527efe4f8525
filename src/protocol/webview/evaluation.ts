/** The Evaluation panel: host ⇄ webview. One item per evaluated source (a run, a model version, a report file). */
import type { LoggedPlot } from '../../core/evaluation/dvclivePlots';
import type { EvaluationReport } from '../../core/evaluation/types';
import type { PanelNotice, RenderedReport } from './common';

/** What an item was read from; also what the panel keeps to reopen after a reload. */
export type EvaluationSourceRef = { kind: 'run'; runId: string } | { kind: 'version'; model: string; version: number } | { kind: 'file'; path: string };

/** A logged plot as the webview gets it: images inline (data: URI, allowed by the panel's CSP), the rest as read. */
export type LoggedPlotView = Exclude<LoggedPlot, { kind: 'image' }> | { kind: 'image'; name: string; dataUri: string | null; bytes: number };

export interface EvaluationItem {
  key: string;
  /** Legend and column text: "train-churn 3f9a1c", "churn v2", "preds.csv". */
  label: string;
  source: EvaluationSourceRef;
  /** Where the report was read from (workspace-relative when inside it). */
  file: string | null;
  report: EvaluationReport | null;
  plots: LoggedPlotView[];
  /** Plot files that were not recognised. */
  skipped: string[];
  /** Why there is nothing to show for this source (no evaluation.json and no logged plots…). */
  missing: string | null;
}

export interface EvaluationState {
  sources: EvaluationSourceRef[];
  normalize: 'none' | 'true' | 'pred' | 'all';
  sliceMetric: string | null;
}

export type EvaluationToHost =
  | { type: 'ready'; state: EvaluationState | null }
  | { type: 'reload' }
  | { type: 'addRun' }
  | { type: 'remove'; key: string }
  | { type: 'openFile'; key: string }
  | RenderedReport;

export type EvaluationToWebview = { type: 'snapshot'; items: EvaluationItem[]; sources: EvaluationSourceRef[] } | PanelNotice;
