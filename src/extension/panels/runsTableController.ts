import {
  addNames,
  collectColumns,
  columnsFor,
  columnValue,
  differingColumns,
  RUN_COLUMNS,
  toCell,
  type ColumnInfo,
} from '../../core/tracking/runColumns';
import { queryRuns } from '../../core/tracking/runTableQuery';
import type { RunSummary } from '../../core/tracking/types';
import type { RunRow, RunsTableState, RunsToHost, RunsToWebview } from '../../protocol/webview/runs';

export interface RunsTableDeps {
  /** Current run rows (the runs model). */
  rows(): readonly RunSummary[];
  post(message: RunsToWebview): void;
  compare(ids: string[]): void;
  /** The checked runs changed (view order first); an open compare panel follows them. */
  selectionChanged(ids: string[]): void;
  open(id: string): void;
}

export const DEFAULT_STATE: RunsTableState = { filter: '', sort: null, columns: null, onlyDiffering: false };
const DEFAULT_METRICS = 40;
const DEFAULT_PARAMS = 40;
const MAX_WINDOW = 500;
/** Beyond this many changed rows a data refresh re-sends the view instead of patching rows. */
const MAX_PATCH = 300;
const ALWAYS_SHOWN = new Set(['status', 'experiment', 'id']);

/**
 * The runs table's host side, free of VS Code: it keeps every row, filters and sorts them here (never in the
 * webview), and sends only the window of rows the webview shows. Data changes become `rowsChanged` patches when
 * the order is unchanged, and a new `view` of one window otherwise.
 */
export class RunsTableController {
  private state: RunsTableState = DEFAULT_STATE;
  private all: readonly RunSummary[] = [];
  private byId = new Map<string, RunSummary>();
  private readonly params = new Set<string>();
  private readonly metrics = new Set<string>();
  private view: RunSummary[] = [];
  private indexOf = new Map<string, number>();
  private columns: string[] = [];
  private version = 0;
  private viewport = { start: 0, count: 100 };
  private readonly selected = new Set<string>();
  private ready = false;

  constructor(private readonly deps: RunsTableDeps) {}

  get currentState(): RunsTableState {
    return this.state;
  }

  handle(message: RunsToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.state = { ...DEFAULT_STATE, ...message.state };
        this.load();
        this.deps.post({ type: 'init', catalogue: this.catalogue() });
        this.viewport = { start: 0, count: 100 };
        this.requery();
        return;
      case 'query':
        this.state = { ...DEFAULT_STATE, ...message.state };
        this.viewport = { start: 0, count: this.viewport.count };
        this.requery();
        return;
      case 'viewport':
        this.viewport = { start: Math.max(0, message.start), count: Math.min(MAX_WINDOW, Math.max(0, message.count)) };
        this.deps.post({ type: 'rows', version: this.version, start: this.viewport.start, rows: this.window() });
        return;
      case 'select':
        for (const id of message.ids) {
          if (message.selected && this.byId.has(id)) this.selected.add(id);
          else this.selected.delete(id);
        }
        this.patch(message.ids);
        this.deps.selectionChanged(this.selectedInViewOrder());
        return;
      case 'selectAll':
        for (const run of this.view) {
          if (message.selected) this.selected.add(run.id);
          else this.selected.delete(run.id);
        }
        this.deps.post({ type: 'rows', version: this.version, start: this.viewport.start, rows: this.window() });
        this.patch([]);
        this.deps.selectionChanged(this.selectedInViewOrder());
        return;
      case 'compare':
        this.deps.compare(this.selectedInViewOrder());
        return;
      case 'open':
        this.deps.open(message.id);
        return;
      default:
        return;
    }
  }

  /** The runs changed on disk: send what changed, not everything. */
  refresh(): void {
    if (!this.ready) return;
    const next = this.deps.rows();
    const changed: string[] = [];
    const nextIds = new Set<string>();
    for (const run of next) {
      nextIds.add(run.id);
      if (this.byId.get(run.id) !== run) changed.push(run.id);
    }
    const removed = [...this.byId.keys()].filter((id) => !nextIds.has(id));
    if (changed.length === 0 && removed.length === 0) return;
    for (const id of removed) this.selected.delete(id);
    const before = { params: this.params.size, metrics: this.metrics.size };
    this.all = next;
    this.byId = new Map(next.map((r) => [r.id, r]));
    for (const id of changed) addNames(this.byId.get(id) as RunSummary, this.params, this.metrics);
    if (this.params.size !== before.params || this.metrics.size !== before.metrics) {
      const known = new Set(this.catalogueKeys);
      const added = this.catalogue().filter((c) => !known.has(c.key));
      this.deps.post({ type: 'columnsAdded', columns: added });
    }
    const oldView = this.view;
    const oldColumns = this.columns;
    const result = this.compute();
    if (!result) return;
    const sameOrder = result.length === oldView.length && result.every((r, i) => r.id === oldView[i].id);
    if (sameOrder && changed.length <= MAX_PATCH && sameColumns(oldColumns, this.columns)) {
      this.view = result;
      this.patch(changed);
    } else {
      this.view = result;
      this.reindex();
      this.postView(null);
    }
  }

  private catalogueKeys: string[] = [];

  private catalogue(): ColumnInfo[] {
    const columns = [...RUN_COLUMNS, ...columnsFor(this.metrics, 'metric'), ...columnsFor(this.params, 'param')];
    this.catalogueKeys = columns.map((c) => c.key);
    return columns;
  }

  private load(): void {
    this.all = this.deps.rows();
    this.byId = new Map(this.all.map((r) => [r.id, r]));
    this.params.clear();
    this.metrics.clear();
    for (const run of this.all) addNames(run, this.params, this.metrics);
  }

  private requery(): void {
    const result = this.compute();
    if (result === undefined) return;
    this.view = result;
    this.reindex();
    this.postView(null);
  }

  /** Filters, sorts and picks the columns; posts the filter's error and returns undefined when it does not parse. */
  private compute(): RunSummary[] | undefined {
    const result = queryRuns(
      this.all,
      { filter: this.state.filter, sort: this.state.sort },
      { params: this.params, metrics: this.metrics },
    );
    if (!result.ok) {
      this.postView({ message: result.message, position: result.position });
      return undefined;
    }
    this.columns = this.pickColumns(result.rows);
    return result.rows;
  }

  private pickColumns(rows: readonly RunSummary[]): string[] {
    const known = new Set(this.catalogueKeys.length ? this.catalogueKeys : collectColumns(this.all).map((c) => c.key));
    let keys = this.state.columns?.filter((k) => known.has(k) || RUN_COLUMNS.some((c) => c.key === k));
    if (!keys) {
      keys = [
        ...RUN_COLUMNS.map((c) => c.key),
        ...[...this.metrics].sort().map((m) => `metric:${m}`),
        ...[...this.params].sort().map((p) => `param:${p}`),
      ];
    }
    if (this.state.onlyDiffering) {
      const differing = new Set(
        differingColumns(
          rows,
          keys.filter((k) => !ALWAYS_SHOWN.has(k)),
        ),
      );
      keys = keys.filter((k) => ALWAYS_SHOWN.has(k) || differing.has(k));
    }
    if (!this.state.columns) {
      const metrics = keys.filter((k) => k.startsWith('metric:')).slice(0, DEFAULT_METRICS);
      const params = keys.filter((k) => k.startsWith('param:')).slice(0, DEFAULT_PARAMS);
      keys = [...keys.filter((k) => !k.includes(':')), ...metrics, ...params];
    }
    return keys;
  }

  private reindex(): void {
    this.version++;
    this.indexOf = new Map(this.view.map((r, i) => [r.id, i]));
  }

  private postView(filterError: { message: string; position: number } | null): void {
    this.deps.post({
      type: 'view',
      version: this.version,
      total: this.view.length,
      totalRuns: this.all.length,
      columns: this.columns,
      start: this.viewport.start,
      rows: filterError ? [] : this.window(),
      selectedCount: this.selected.size,
      filterError,
    });
  }

  private patch(ids: readonly string[]): void {
    const rows: Array<{ index: number; row: RunRow }> = [];
    for (const id of ids) {
      const index = this.indexOf.get(id);
      if (index !== undefined) rows.push({ index, row: this.row(this.view[index]) });
    }
    this.deps.post({ type: 'rowsChanged', version: this.version, rows, selectedCount: this.selected.size });
  }

  private window(): RunRow[] {
    const { start, count } = this.viewport;
    return this.view.slice(start, start + count).map((run) => this.row(run));
  }

  private row(run: RunSummary): RunRow {
    const now = Date.now();
    return {
      id: run.id,
      status: run.status,
      selected: this.selected.has(run.id),
      cells: this.columns.map((key) => toCell(columnValue(run, key, now))),
    };
  }

  private selectedInViewOrder(): string[] {
    const inView = this.view.filter((r) => this.selected.has(r.id)).map((r) => r.id);
    const hidden = [...this.selected].filter((id) => !this.indexOf.has(id));
    return [...inView, ...hidden];
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
