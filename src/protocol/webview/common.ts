/**
 * Pieces shared by every panel's message contract. Each panel has its own file with two discriminated unions
 * (`…ToHost`, `…ToWebview`); the webview starts with `ready`, the host answers with a snapshot, then sends only
 * what changed. Typed arrays (Float64Array) cross postMessage as binary, not JSON.
 */

/** After each render the webview says what it shows; tests and benchmarks read these through the host. */
export interface RenderedReport {
  type: 'rendered';
  /** What was rendered: "rows", "curves", "parcoords", "live"… */
  what: string;
  /** Milliseconds since the webview document started loading (performance.now()). */
  at: number;
  detail: Record<string, unknown>;
}

/** Where curves put x. `relative`: seconds since the run's first point. */
export type XAxisMode = 'step' | 'time' | 'relative';

export interface CurveData {
  runId: string;
  /** Legend text. */
  label: string;
  /** Palette slot, stable per run within a panel. */
  color: number;
  x: Float64Array;
  /** NaN marks a gap (NaN, ±Infinity or a cut). */
  y: Float64Array;
  /** Raw points behind this (downsampled) curve in the requested range. */
  sourcePoints: number;
}

/** A host-side failure the panel shows in place (the run folder was deleted, a file is unreadable…). */
export interface PanelNotice {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** "Save as…" of a panel: the host asks its webview for a snapshot; every panel's bridge answers (webview/shared/exportSnapshot.ts). */
export type ExportFormat = 'png' | 'html';

export interface ExportRequest {
  type: 'export';
  requestId: number;
  format: ExportFormat;
  /** Heading of the snapshot. */
  title: string;
}

/** `data`: the PNG as base64, or the standalone HTML page; `error` when the panel could not draw it. */
export type ExportResult =
  { type: 'exported'; requestId: number; data: string } | { type: 'exported'; requestId: number; error: string };
