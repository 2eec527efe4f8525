import type {
  ProfileColumnView,
  ProfileState,
  ProfileSummary,
  ProfileToHost,
  ProfileToWebview,
} from '../../src/protocol/webview/profile';
import { afterPaint, createBridge } from '../shared/bridge';
import { badge, button, textField } from '../shared/components';
import { debounce, h } from '../shared/dom';
import { formatBytes } from '../shared/format';
import { LazyDraw } from '../shared/lazyDraw';
import { PLOT_CONFIG, plotly, themedLayout } from '../shared/plot';
import { onThemeChange, plotColours } from '../shared/theme';
import { profileTraces } from './charts';
import { numberText, percentText, statRows } from './stats';
import '../shared/base.css';
import './profile.css';

const bridge = createBridge<ProfileToHost, ProfileToWebview, ProfileState>();
let state: ProfileState | null = bridge.state() ?? null;
let summary: ProfileSummary | null = null;
let columns: ProfileColumnView[] = [];
const lazy = new LazyDraw();

const title = h('h1', { class: 'file' });
const meta = h('span', { class: 'muted' });
const progress = h('div', { class: 'progress', attrs: { hidden: '' } });
const progressBar = h('div', { class: 'progress-bar' });
const progressText = h('span', { class: 'muted' });
const cancel = button('Cancel', () => bridge.post({ type: 'cancel' }));
progress.append(h('div', { class: 'progress-track' }, [progressBar]), progressText, cancel);
const notice = h('div', { class: 'banner', attrs: { hidden: '' } });
const filter = textField({
  placeholder: 'Filter columns',
  value: state?.filter ?? '',
  onInput: debounce((value: string) => {
    if (state) save({ ...state, filter: value });
    render();
  }, 120),
});
const overview = h('div', { class: 'overview' });
const cards = h('div', { class: 'cards' });

(document.getElementById('app') as HTMLElement).append(
  h('div', { class: 'toolbar' }, [
    title,
    meta,
    h('span', { class: 'grow' }),
    filter,
    button('Open file', () => bridge.post({ type: 'openFile' })),
    button('Check drift against…', () => bridge.post({ type: 'checkDrift' }), {
      title: 'Use this file as the reference of a drift check',
    }),
    button('Reload', () => bridge.post({ type: 'reload' }), { appearance: 'primary' }),
  ]),
  progress,
  notice,
  overview,
  cards,
);

function save(next: ProfileState): void {
  state = next;
  bridge.saveState(next);
}

function visible(): ProfileColumnView[] {
  const q = (state?.filter ?? '').trim().toLowerCase();
  return q ? columns.filter((c) => c.name.toLowerCase().includes(q) || c.type.includes(q)) : columns;
}

function render(): void {
  lazy.clear();
  for (const el of cards.querySelectorAll<HTMLElement>('.plot')) plotly().purge(el);
  const shown = visible();
  overview.replaceChildren(overviewTable(shown));
  cards.replaceChildren(...shown.map(card));
  afterPaint(() =>
    bridge.report('profile', {
      file: summary?.file,
      rows: summary?.rowCount,
      columns: columns.map((c) => ({
        name: c.name,
        type: c.type,
        count: c.count,
        missing: c.missing,
        distinct: c.distinct,
        chart: c.chart?.kind ?? null,
        note: c.note,
      })),
      cards: cards.children.length,
    }),
  );
}

function overviewTable(shown: ProfileColumnView[]): HTMLElement {
  const head = ['column', 'type', 'count', 'missing', 'distinct', 'min', 'mean', 'std', 'median', 'max'];
  const rows = shown.map((c) =>
    h('tr', {}, [
      h('th', {}, [h('a', { text: c.name, attrs: { href: `#col-${cssId(c.name)}` } })]),
      h('td', {}, [h('span', { class: `type type-${c.type}`, text: c.type })]),
      h('td', { class: 'num', text: c.count.toLocaleString() }),
      h('td', { class: `num${c.missingShare > 0 ? ' warn' : ''}`, text: percentText(c.missingShare) }),
      h('td', { class: 'num', text: c.distinct.toLocaleString() }),
      h('td', { class: 'num', text: numberText(c.min) }),
      h('td', { class: 'num', text: numberText(c.mean) }),
      h('td', { class: 'num', text: numberText(c.std) }),
      h('td', { class: 'num', text: numberText(c.quantiles.find((q) => q.p === 0.5)?.value ?? null) }),
      h('td', { class: 'num', text: numberText(c.max) }),
    ]),
  );
  return h('table', { class: 'grid' }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        head.map((t) => h('th', { text: t })),
      ),
    ]),
    h('tbody', {}, rows),
  ]);
}

function card(c: ProfileColumnView): HTMLElement {
  const plot = h('div', { class: 'plot' });
  const body: Node[] = [
    h(
      'table',
      { class: 'kv' },
      statRows(c).map(([k, v]) => h('tr', {}, [h('th', { text: k }), h('td', { text: v })])),
    ),
  ];
  if (c.top.length > 0 && c.chart?.kind !== 'bars') {
    body.push(
      h('div', {
        class: 'top muted',
        text: `top: ${c.top
          .slice(0, 5)
          .map((t) => `${t.value === '' ? '(empty)' : t.value} (${t.count.toLocaleString()})`)
          .join(', ')}`,
      }),
    );
  }
  const el = h('section', { class: 'card', attrs: { id: `col-${cssId(c.name)}` } }, [
    h('header', {}, [h('h2', { text: c.name, title: c.name }), badge(c.type)]),
    ...(c.note ? [h('div', { class: 'note', text: c.note })] : []),
    h('div', { class: 'card-body' }, [
      h('div', { class: 'stats' }, body),
      c.chart ? plot : h('div', { class: 'plot empty muted', text: 'no chart' }),
    ]),
  ]);
  if (c.chart) lazy.add(plot, () => drawChart(plot, c));
  return el;
}

async function drawChart(el: HTMLElement, c: ProfileColumnView): Promise<void> {
  if (!c.chart) return;
  const colours = plotColours();
  const layout = themedLayout({
    margin: { l: 44, r: 8, t: 6, b: c.chart.kind === 'bars' ? 60 : 30 },
    showlegend: false,
    bargap: c.chart.kind === 'histogram' ? 0 : 0.2,
    xaxis: { automargin: true, type: c.chart.kind === 'bars' ? 'category' : 'linear' },
  });
  await plotly().react(el, profileTraces(c.chart, { main: colours.series(0), muted: colours.muted }), layout, {
    ...PLOT_CONFIG,
    displayModeBar: false,
  });
}

function showSnapshot(next: ProfileSummary, cols: ProfileColumnView[]): void {
  summary = next;
  columns = cols;
  progress.hidden = true;
  notice.hidden = true;
  save({ path: next.path, filter: state?.filter ?? '' });
  title.textContent = next.file;
  title.title = next.path;
  meta.textContent = `${next.rowCount.toLocaleString()} rows × ${next.columnCount} columns · ${next.format} · ${formatBytes(next.bytes)} · read and profiled in ${(next.elapsedMs / 1000).toFixed(2)} s`;
  render();
}

bridge.onMessage((message) => {
  switch (message.type) {
    case 'progress':
      title.textContent = message.file;
      progress.hidden = false;
      progressText.textContent = message.message;
      progressBar.style.width = message.fraction === null ? '100%' : `${Math.round(message.fraction * 100)}%`;
      progressBar.classList.toggle('indeterminate', message.fraction === null);
      return;
    case 'snapshot':
      showSnapshot(message.summary, message.columns);
      return;
    case 'cancelled':
      progress.hidden = true;
      notice.hidden = false;
      notice.className = 'banner';
      notice.textContent = `Profiling ${message.file} was cancelled. Reload to start again.`;
      bridge.report('cancelled', { file: message.file });
      return;
    case 'notice':
      progress.hidden = true;
      notice.hidden = false;
      notice.className = message.level === 'error' ? 'banner error' : 'banner';
      notice.textContent = message.message;
      bridge.report('notice', { level: message.level, message: message.message });
      return;
  }
});

function cssId(name: string): string {
  return Array.from(name, (ch) => (/[A-Za-z0-9_-]/.test(ch) ? ch : `_${ch.charCodeAt(0).toString(16)}`)).join('');
}

onThemeChange(() => render());
bridge.post({ type: 'ready', state });
