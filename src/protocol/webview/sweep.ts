/** The Sweep panel: host ⇄ webview messages. The host sends a snapshot after `ready`, then only the trials that changed. */
import type { Importance } from '../../core/sweep/importance';
import type { Dimension, SweepStatus, TrialStatus } from '../../core/sweep/types';
import type { PanelNotice, RenderedReport } from './common';

export type SweepDimension = Dimension;

export interface SweepHeader {
  id: string;
  experiment: string;
  method: 'grid' | 'random' | 'tpe';
  status: SweepStatus;
  error: string | null;
  trials: number;
  concurrency: number;
  seed: number;
  metric: { name: string; goal: 'maximize' | 'minimize'; summary: 'last' | 'best' };
  earlyStop: string;
  dimensions: Dimension[];
  best: { number: number; runId: string | null; value: number } | null;
}

export interface SweepTrialRow {
  number: number;
  runId: string | null;
  status: TrialStatus;
  value: number | null;
  params: Record<string, unknown>;
  error: string | null;
  steps: number | null;
}

export interface SweepImportance {
  method: string;
  params: Importance[];
}

export type SweepToHost = { type: 'ready' } | { type: 'openRun'; runId: string } | { type: 'stop' } | RenderedReport;

export type SweepToWebview =
  | { type: 'snapshot'; header: SweepHeader; trials: SweepTrialRow[]; importance: SweepImportance; canStop: boolean }
  /** Trials proposed, started or ended since the last message, with the header and importance they change. */
  | {
      type: 'trialsChanged';
      header: SweepHeader;
      trials: SweepTrialRow[];
      importance: SweepImportance;
      canStop: boolean;
    }
  | PanelNotice;
