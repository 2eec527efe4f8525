/**
 * A virtualised table: only the rows in view (plus a margin) exist in the DOM, reused while scrolling, so 100,000
 * rows scroll like 50. Rows come from a cache filled by the host in windows; missing ones show as placeholders
 * until their window arrives.
 */
import type { ColumnInfo, RunRow } from '../../src/protocol/webview/runs';
import { h } from '../shared/dom';
import { formatCell, isNonFinite } from '../shared/format';

export const ROW_HEIGHT = 24;
const OVERSCAN = 150;

export interface TableEvents {
  needRows(start: number, count: number): void;
  toggle(id: string, selected: boolean): void;
  toggleAll(selected: boolean): void;
  sort(key: string): void;
  open(id: string): void;
  rendered(firstIndex: number, visible: number, filled: number): void;
}

export class VirtualTable {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly allBox: HTMLInputElement;
  private rows = new Map<number, RunRow>();
  private columns: ColumnInfo[] = [];
  private total = 0;
  private requested = '';
  private frame = 0;
  sort: { key: string; descending: boolean } | null = null;

  constructor(private readonly events: TableEvents) {
    this.allBox = h('input', { attrs: { type: 'checkbox', title: 'Select every run that passes the filter' } });
    this.allBox.addEventListener('change', () => events.toggleAll(this.allBox.checked));
    this.header = h('div', { class: 'thead' });
    this.spacer = h('div', { class: 'spacer' });
    this.body = h('div', { class: 'tbody' }, [this.spacer]);
    this.element = h('div', { class: 'table-scroll', attrs: { tabindex: '0', role: 'grid' } }, [
      this.header,
      this.body,
    ]);
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.element);
    this.body.addEventListener('click', (e) => this.onClick(e));
    this.body.addEventListener('dblclick', (e) => {
      const id = (e.target as HTMLElement).closest<HTMLElement>('.tr')?.dataset.id;
      if (id) events.open(id);
    });
  }

  /** A new view: new order, columns or filter. Cached rows are dropped. */
  setView(columns: ColumnInfo[], total: number, start: number, rows: RunRow[], keepScroll: boolean): void {
    this.columns = columns;
    this.total = total;
    this.rows = new Map(rows.map((r, i) => [start + i, r]));
    this.requested = '';
    this.renderHeader();
    this.spacer.style.height = `${total * ROW_HEIGHT}px`;
    this.spacer.style.width = `${this.width()}px`;
    if (!keepScroll) this.element.scrollTop = 0;
    this.render();
  }

  addRows(start: number, rows: RunRow[]): void {
    rows.forEach((r, i) => this.rows.set(start + i, r));
    this.requested = '';
    this.render();
  }

  patchRows(rows: Array<{ index: number; row: RunRow }>): void {
    for (const { index, row } of rows) if (this.rows.has(index)) this.rows.set(index, row);
    this.render();
  }

  setAllChecked(checked: boolean, indeterminate: boolean): void {
    this.allBox.checked = checked;
    this.allBox.indeterminate = indeterminate;
  }

  private width(): number {
    return 32 + this.columns.reduce((w, c) => w + columnWidth(c), 0);
  }

  private get layoutKey(): string {
    return this.columns.map((c) => c.key).join('\u0001');
  }

  private renderHeader(): void {
    const cells = this.columns.map((c) => {
      const arrow = this.sort?.key === c.key ? (this.sort.descending ? ' ▼' : ' ▲') : '';
      const cell = h('div', {
        class: `th kind-${c.kind}`,
        text: c.name + arrow,
        title: `${c.kind === 'run' ? '' : `${c.kind} `}${c.name} — click to sort`,
      });
      cell.style.width = `${columnWidth(c)}px`;
      cell.addEventListener('click', () => this.events.sort(c.key));
      return cell;
    });
    this.header.replaceChildren(
      h('div', { class: 'tr head' }, [h('div', { class: 'td check' }, [this.allBox]), ...cells]),
    );
    (this.header.firstChild as HTMLElement).style.width = `${this.width()}px`;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const viewHeight = this.element.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - 5);
    const count = Math.min(this.total - first, Math.ceil(viewHeight / ROW_HEIGHT) + 10);
    while (this.pool.length < count) {
      const row = h('div', { class: 'tr' });
      this.pool.push(row);
      this.body.append(row);
    }
    let filled = 0;
    for (let i = 0; i < this.pool.length; i++) {
      const el = this.pool[i];
      if (i >= count) {
        el.style.display = 'none';
        continue;
      }
      const index = first + i;
      const row = this.rows.get(index);
      el.style.display = '';
      el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      el.style.width = `${this.width()}px`;
      if (row) filled++;
      this.fill(el, row);
    }
    this.events.rendered(first, count, filled);
    if (filled < count) this.request(first, count);
  }

  private request(first: number, count: number): void {
    const start = Math.max(0, first - OVERSCAN);
    const want = count + 2 * OVERSCAN;
    const key = `${start}:${want}`;
    if (this.requested === key) return;
    this.requested = key;
    this.events.needRows(start, want);
  }

  /** Updates a pooled row in place: its cells are created once per column layout, then only text and classes change. */
  private fill(el: HTMLElement, row: RunRow | undefined): void {
    const key = row ? `${row.id}|${row.selected}|${row.cells.join('\u0001')}` : 'empty';
    const layout = this.layoutKey;
    if (el.dataset.key === key && el.dataset.layout === layout) return;
    el.dataset.key = key;
    el.dataset.id = row?.id ?? '';
    el.classList.toggle('selected', row?.selected ?? false);
    if (el.dataset.layout !== layout) {
      el.dataset.layout = layout;
      const cells: HTMLElement[] = [
        h('div', { class: 'td check' }, [h('input', { attrs: { type: 'checkbox', 'aria-label': 'select run' } })]),
      ];
      for (const c of this.columns) {
        const cell = h('div', { class: 'td' });
        cell.style.width = `${columnWidth(c)}px`;
        cells.push(cell);
      }
      el.replaceChildren(...cells);
    }
    const box = el.firstChild?.firstChild as HTMLInputElement;
    box.checked = row?.selected ?? false;
    box.disabled = !row;
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      const cell = el.children[i + 1] as HTMLElement;
      const value = row ? row.cells[i] : null;
      const text = row ? formatCell(value, c.format) : i === 0 ? '…' : '';
      let cls = 'td';
      if (c.format === 'status' && row) cls += ` status-cell status-${row.status}`;
      else if (isNonFinite(value)) cls += ' nonfinite';
      else if (typeof value === 'number') cls += ' num';
      if (c.key === 'id') cls += ' link';
      if (cell.className !== cls) cell.className = cls;
      if (cell.textContent !== text) {
        cell.textContent = text;
        cell.title = text;
      }
    }
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('.tr');
    const id = rowEl?.dataset.id;
    if (!id) return;
    if (target instanceof HTMLInputElement) this.events.toggle(id, target.checked);
    else if (target.classList.contains('link')) this.events.open(id);
  }
}

function columnWidth(c: ColumnInfo): number {
  switch (c.key) {
    case 'status':
      return 96;
    case 'experiment':
      return 150;
    case 'id':
      return 140;
    case 'started':
      return 130;
    case 'duration':
    case 'step':
      return 76;
    case 'commit':
      return 80;
    case 'tags':
      return 130;
    default:
      return Math.min(180, Math.max(90, c.name.length * 7 + 16));
  }
}
