import type { ColumnInfo, RunsTableState, RunsToHost, RunsToWebview } from '../../src/protocol/webview/runs';
import { createBridge, afterPaint } from '../shared/bridge';
import { button, checkbox, textField } from '../shared/components';
import { debounce, h } from '../shared/dom';
import { ColumnChooser } from './columnChooser';
import { VirtualTable } from './virtualTable';
import '../shared/base.css';
import './runs.css';

const bridge = createBridge<RunsToHost, RunsToWebview, RunsTableState>();
let state: RunsTableState = bridge.state() ?? { filter: '', sort: null, columns: null, onlyDiffering: false };
let catalogue = new Map<string, ColumnInfo>();
let version = -1;
let shownColumns: string[] = [];
let total = 0;
let selectedCount = 0;
let firstRowsReported = false;

const setState = (next: Partial<RunsTableState>, query = true) => {
  state = { ...state, ...next };
  bridge.saveState(state);
  if (query) bridge.post({ type: 'query', state });
};

const counts = h('span', { class: 'muted' });
const filterError = h('div', { class: 'error-text filter-error' });
const compareButton = button('Compare selected', () => bridge.post({ type: 'compare' }), {
  appearance: 'primary',
  title: 'Open the compare panel with the selected runs',
});
const filter = textField({
  placeholder: 'Filter: text, or val_accuracy > 0.9 lr < 0.01 status = completed',
  value: state.filter,
  size: 60,
  onInput: debounce((value: string) => setState({ filter: value }), 150),
});
filter.classList.add('filter');
const chooser = new ColumnChooser((columns) => setState({ columns }));
const differing = checkbox('Only columns that differ', state.onlyDiffering, (checked) =>
  setState({ onlyDiffering: checked }),
);
const table = new VirtualTable({
  needRows: (start, count) => bridge.post({ type: 'viewport', start, count }),
  toggle: (id, selected) => bridge.post({ type: 'select', ids: [id], selected }),
  toggleAll: (selected) => bridge.post({ type: 'selectAll', selected }),
  sort: (key) => {
    const descending = state.sort?.key === key ? !state.sort.descending : key.startsWith('metric:');
    table.sort = { key, descending };
    setState({ sort: table.sort });
  },
  open: (id) => bridge.post({ type: 'open', id }),
  rendered: (first, visible, filled) => {
    if (filled === 0 || firstRowsReported) return;
    firstRowsReported = true;
    afterPaint(() => bridge.report('firstRows', { total, visible, filled, first }));
  },
});
table.sort = state.sort;

const app = document.getElementById('app') as HTMLElement;
app.append(
  h('div', { class: 'toolbar' }, [
    filter,
    button('Columns…', () => chooser.toggle()),
    differing,
    h('span', { class: 'grow' }),
    counts,
    compareButton,
  ]),
  filterError,
  chooser.element,
  table.element,
);

function updateCounts(totalRuns?: number): void {
  if (totalRuns !== undefined) counts.dataset.totalRuns = String(totalRuns);
  const all = Number(counts.dataset.totalRuns ?? total);
  counts.textContent = `${total.toLocaleString()} of ${all.toLocaleString()} runs · ${selectedCount.toLocaleString()} selected`;
  compareButton.disabled = selectedCount === 0;
  table.setAllChecked(selectedCount > 0 && selectedCount >= total, selectedCount > 0 && selectedCount < total);
}

function columnsOf(keys: string[]): ColumnInfo[] {
  return keys.map((k) => catalogue.get(k) ?? { key: k, kind: 'param', name: k, format: 'text' });
}

bridge.onMessage((message) => {
  switch (message.type) {
    case 'init':
      catalogue = new Map(message.catalogue.map((c) => [c.key, c]));
      chooser.setCatalogue(message.catalogue);
      return;
    case 'columnsAdded':
      for (const c of message.columns) catalogue.set(c.key, c);
      chooser.setCatalogue([...catalogue.values()]);
      return;
    case 'view': {
      filterError.textContent = message.filterError
        ? `${message.filterError.message} (at character ${message.filterError.position + 1})`
        : '';
      if (message.filterError) return;
      const keepScroll = message.start > 0;
      version = message.version;
      total = message.total;
      selectedCount = message.selectedCount;
      shownColumns = message.columns;
      chooser.setChosen(state.columns ?? shownColumns);
      table.setView(columnsOf(shownColumns), message.total, message.start, message.rows, keepScroll);
      updateCounts(message.totalRuns);
      afterPaint(() =>
        bridge.report('rows', {
          version,
          total,
          columns: shownColumns,
          firstRows: message.rows
            .slice(0, 20)
            .map((r) => ({ id: r.id, status: r.status, selected: r.selected, cells: r.cells })),
          filter: state.filter,
          domRows: document.querySelectorAll('.tbody .tr[data-id]:not([data-id=""])').length,
        }),
      );
      return;
    }
    case 'rows':
      if (message.version === version) table.addRows(message.start, message.rows);
      return;
    case 'rowsChanged':
      if (message.version === version) table.patchRows(message.rows);
      selectedCount = message.selectedCount;
      updateCounts();
      bridge.report('rowsChanged', { changed: message.rows.map((r) => r.row.id), selectedCount });
      return;
    case 'notice':
      filterError.textContent = message.message;
      return;
  }
});

bridge.post({ type: 'ready', state });
