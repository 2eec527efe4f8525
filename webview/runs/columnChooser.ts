/**
 * The column chooser: a searchable list over every column (10,000 params stay usable: only the first matches are
 * drawn, and "show/hide all matching" acts on the rest).
 */
import type { ColumnInfo } from '../../src/protocol/webview/runs';
import { button, textField } from '../shared/components';
import { debounce, h } from '../shared/dom';

const SHOWN = 200;

export class ColumnChooser {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;
  private catalogue: ColumnInfo[] = [];
  private chosen: string[] = [];
  private query = '';

  constructor(private readonly onChange: (columns: string[] | null) => void) {
    this.list = h('div', { class: 'chooser-list' });
    this.summary = h('div', { class: 'muted' });
    const search = textField({
      placeholder: 'Search columns',
      onInput: debounce((v: string) => this.setQuery(v), 100),
    });
    this.element = h('div', { class: 'chooser', attrs: { hidden: '' } }, [
      h('div', { class: 'chooser-tools' }, [
        search,
        button('Show all matching', () => this.setMatching(true)),
        button('Hide all matching', () => this.setMatching(false)),
        button('Default columns', () => this.onChange(null)),
      ]),
      this.summary,
      this.list,
    ]);
    this.list.addEventListener('change', (e) => {
      const box = e.target as HTMLInputElement;
      const key = box.dataset.key;
      if (!key) return;
      const next = this.chosen.filter((k) => k !== key);
      if (box.checked) next.push(key);
      this.onChange(next);
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    if (this.open) this.render();
  }

  setCatalogue(catalogue: ColumnInfo[]): void {
    this.catalogue = catalogue;
    if (this.open) this.render();
  }

  setChosen(keys: string[]): void {
    this.chosen = keys;
    if (this.open) this.render();
  }

  private setQuery(q: string): void {
    this.query = q.toLowerCase();
    this.render();
  }

  private matching(): ColumnInfo[] {
    const q = this.query;
    return q ? this.catalogue.filter((c) => c.name.toLowerCase().includes(q) || c.kind.startsWith(q)) : this.catalogue;
  }

  private setMatching(show: boolean): void {
    const keys = new Set(this.matching().map((c) => c.key));
    const rest = this.chosen.filter((k) => !keys.has(k));
    this.onChange(show ? [...rest, ...this.catalogue.filter((c) => keys.has(c.key)).map((c) => c.key)] : rest);
  }

  private render(): void {
    const matches = this.matching();
    const chosen = new Set(this.chosen);
    this.summary.textContent = `${matches.length} of ${this.catalogue.length} columns match · ${this.chosen.length} shown${matches.length > SHOWN ? ` · first ${SHOWN} listed, refine the search for more` : ''}`;
    this.list.replaceChildren(
      ...matches.slice(0, SHOWN).map((c) => {
        const box = h('input', { attrs: { type: 'checkbox', 'data-key': c.key } });
        box.checked = chosen.has(c.key);
        return h('label', { class: 'chooser-item' }, [
          box,
          h('span', { class: `kind kind-${c.kind}`, text: c.kind }),
          ` ${c.name}`,
        ]);
      }),
    );
  }
}
