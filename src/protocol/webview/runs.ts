/** The runs table (one per workspace): host ⇄ webview messages. */
import type { Cell, ColumnInfo } from '../../core/tracking/runColumns';
import type { RunStatus } from '../../core/tracking/types';
import type { PanelNotice, RenderedReport } from './common';

export type { Cell, ColumnInfo };

export interface SortSpec {
  key: string;
  descending: boolean;
}

/** What the webview persists with setState and sends back in `ready` after a reload. */
export interface RunsTableState {
  filter: string;
  sort: SortSpec | null;
  /** Chosen column keys in display order; null = the default set. */
  columns: string[] | null;
  onlyDiffering: boolean;
}

export interface RunRow {
  id: string;
  status: RunStatus;
  selected: boolean;
  /** Aligned with the `columns` of the last `view`. */
  cells: Cell[];
}

export type RunsToHost =
  | { type: 'ready'; state: RunsTableState }
  | { type: 'query'; state: RunsTableState }
  /** Rows [start, start+count) of the current view are needed (scrolling). */
  | { type: 'viewport'; start: number; count: number }
  | { type: 'select'; ids: string[]; selected: boolean }
  /** Select or clear every row that passes the filter. */
  | { type: 'selectAll'; selected: boolean }
  | { type: 'compare' }
  | { type: 'open'; id: string }
  | RenderedReport;

export type RunsToWebview =
  /** The column catalogue, once per load (10,000 params is fine: the chooser filters it locally). */
  | { type: 'init'; catalogue: ColumnInfo[] }
  | { type: 'columnsAdded'; columns: ColumnInfo[] }
  /** A new ordering (query, sort, rows added or removed): drop cached rows; `rows` start at `start`. */
  | {
      type: 'view';
      version: number;
      total: number;
      totalRuns: number;
      /** Keys of the columns shown, in order. */
      columns: string[];
      start: number;
      rows: RunRow[];
      selectedCount: number;
      filterError: { message: string; position: number } | null;
    }
  | { type: 'rows'; version: number; start: number; rows: RunRow[] }
  /** Rows whose values changed in place (same order): patch them wherever they are cached. */
  | { type: 'rowsChanged'; version: number; rows: Array<{ index: number; row: RunRow }>; selectedCount: number }
  | PanelNotice;
