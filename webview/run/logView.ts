/** The log tail (appended live, capped in the page) and search over the whole file, run by the host. */
import { textField } from '../shared/components';
import { debounce, h } from '../shared/dom';

const MAX_CHARS = 400_000;

export class LogView {
  readonly element: HTMLElement;
  private readonly pre: HTMLElement;
  private readonly results: HTMLElement;
  private readonly header: HTMLElement;
  readonly search: HTMLElement & { value: string };

  constructor(onSearch: (query: string) => void, onOpen: () => void) {
    this.pre = h('pre', { class: 'log' });
    this.results = h('div', { class: 'log-results', attrs: { hidden: '' } });
    this.header = h('span', { class: 'muted' });
    this.search = textField({
      placeholder: 'Search the whole log',
      onInput: debounce((q: string) => onSearch(q), 250),
    });
    const open = h('span', { class: 'link', text: 'open log file' });
    open.addEventListener('click', onOpen);
    this.element = h('div', {}, [
      h('div', { class: 'toolbar inline' }, [this.search, this.header, open]),
      this.results,
      this.pre,
    ]);
  }

  setTail(text: string, size: number, truncated: boolean): void {
    this.header.textContent = truncated
      ? `last ${Math.round(text.length / 1024)} KiB of ${Math.round(size / 1024)} KiB`
      : `${Math.round(size / 1024)} KiB`;
    this.pre.textContent = text;
    this.pre.scrollTop = this.pre.scrollHeight;
  }

  append(text: string): void {
    const atBottom = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 20;
    const next = (this.pre.textContent ?? '') + text;
    this.pre.textContent = next.length > MAX_CHARS ? next.slice(next.indexOf('\n', next.length - MAX_CHARS) + 1) : next;
    if (atBottom) this.pre.scrollTop = this.pre.scrollHeight;
  }

  showResults(query: string, matches: Array<{ line: number; text: string }>, total: number): void {
    this.results.hidden = query === '';
    const head = h('div', {
      class: 'muted',
      text: `${total} line(s) match “${query}”${total > matches.length ? `, first ${matches.length} shown` : ''}`,
    });
    this.results.replaceChildren(
      head,
      ...matches.map((m) =>
        h('div', { class: 'match' }, [h('span', { class: 'line-no', text: String(m.line) }), m.text]),
      ),
    );
  }
}
