/** The data profile panel (one per file): host ⇄ webview messages. Only summaries and bins cross, never rows. */
import type { PanelNotice, RenderedReport } from './common';

/** What a column's chart shows: equal-width bins for numbers, the most frequent values for categories. */
export type ProfileChart =
  | { kind: 'histogram'; edges: number[]; counts: number[] }
  | { kind: 'bars'; keys: string[]; counts: number[]; other: number };

export interface ProfileColumnView {
  name: string;
  /** The drift-spec type: numerical, categorical, text, datetime or unknown. */
  type: string;
  /** How the file stores it: numbers or text. */
  storage: 'numeric' | 'text';
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  quantiles: Array<{ p: number; value: number }>;
  zeros: number | null;
  infinite: number | null;
  /** Text length range, for text columns. */
  lengths: { min: number; max: number } | null;
  top: Array<{ value: string; count: number }>;
  chart: ProfileChart | null;
  /** Why there is no chart or why statistics are empty (all values missing…). */
  note: string | null;
}

export interface ProfileSummary {
  /** Absolute path. */
  path: string;
  /** Workspace-relative path (absolute outside the workspace). */
  file: string;
  format: string;
  rowCount: number;
  columnCount: number;
  bytes: number;
  /** Host milliseconds to read and profile. */
  elapsedMs: number;
}

export interface ProfileState {
  /** Absolute path of the profiled file; the serializer reopens it after a reload. */
  path: string;
  filter: string;
}

export type ProfileToHost =
  | { type: 'ready'; state: ProfileState | null }
  | { type: 'reload' }
  | { type: 'cancel' }
  | { type: 'openFile' }
  | { type: 'checkDrift' }
  | RenderedReport;

export type ProfileToWebview =
  | { type: 'progress'; file: string; message: string; fraction: number | null }
  | { type: 'snapshot'; summary: ProfileSummary; columns: ProfileColumnView[] }
  | { type: 'cancelled'; file: string }
  | PanelNotice;
