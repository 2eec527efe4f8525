import type {
  DriftHistoryView,
  DriftReportView,
  DriftSettings,
  DriftState,
  DriftTestInfo,
  DriftToHost,
  DriftToWebview,
} from '../../src/protocol/webview/drift';
import { afterPaint, createBridge } from '../shared/bridge';
import { button, dropdown, textField } from '../shared/components';
import { debounce, h } from '../shared/dom';
import { LazyDraw } from '../shared/lazyDraw';
import { plotly } from '../shared/plot';
import { onThemeChange } from '../shared/theme';
import { drawHistory, overlayCard } from './charts';
import { driftTable } from './driftTable';
import { mismatchText, verdictText } from './format';
import { parseShare, parseThreshold } from './settingsEdit';
import '../shared/base.css';
import './drift.css';

const bridge = createBridge<DriftToHost, DriftToWebview, DriftState>();
let state: DriftState | null = bridge.state() ?? null;
let tests: DriftTestInfo[] = [];
let report: DriftReportView | null = null;
let history: DriftHistoryView | null = null;
const lazy = new LazyDraw();

const save = (next: Partial<DriftState>) => {
  if (!state) return;
  state = { ...state, ...next };
  bridge.saveState(state);
};
const settings = (): DriftSettings => state!.settings;
const changeSettings = (next: DriftSettings) => {
  save({ settings: next });
  bridge.post({ type: 'settings', settings: next });
};

const refLink = h('a', { class: 'file-link' });
const curLink = h('a', { class: 'file-link' });
refLink.addEventListener('click', () => bridge.post({ type: 'openFile', which: 'reference' }));
curLink.addEventListener('click', () => bridge.post({ type: 'openFile', which: 'current' }));
const testPick = dropdown('Test for every column', (value) => changeSettings({ ...settings(), test: value }));
const thresholdField = textField({
  placeholder: 'test default',
  size: 8,
  onInput: debounce((text: string) => {
    const v = parseThreshold(text);
    thresholdField.classList.toggle('invalid', v === undefined);
    if (v !== undefined && v !== settings().threshold) changeSettings({ ...settings(), threshold: v });
  }, 700),
});
thresholdField.title = 'Threshold for every column (empty: each test’s default)';
const shareField = textField({
  placeholder: '0.5',
  size: 5,
  onInput: debounce((text: string) => {
    const v = parseShare(text);
    shareField.classList.toggle('invalid', v === undefined);
    if (v !== undefined && v !== settings().driftShare) changeSettings({ ...settings(), driftShare: v });
  }, 700),
});
shareField.title = 'The dataset drifts when at least this share of the tested columns drifted';
const resetOverrides = button('Reset column overrides', () =>
  changeSettings({ ...settings(), columnTests: {}, columnThresholds: {} }),
);

const progress = h('div', { class: 'progress', attrs: { hidden: '' } });
const progressBar = h('div', { class: 'progress-bar' });
const progressText = h('span', { class: 'muted' });
progress.append(
  h('div', { class: 'progress-track' }, [progressBar]),
  progressText,
  button('Cancel', () => bridge.post({ type: 'cancel' })),
);
const notice = h('div', { class: 'banner', attrs: { hidden: '' } });
const verdict = h('div', { class: 'verdict', attrs: { hidden: '' } });
const details = h('div', { class: 'details muted' });
const tableEl = h('div', { class: 'table-wrap' });
const cardsEl = h('div', { class: 'cards' });
const reportSection = h('section', { attrs: { hidden: '' } }, [
  verdict,
  details,
  tableEl,
  h('h2', { text: 'Reference vs current' }),
  cardsEl,
]);
const emptyState = h('div', { class: 'empty muted' }, [
  'Pick a reference and a current data file to compare. ',
  button('Choose files…', () => bridge.post({ type: 'pickFiles' }), { appearance: 'primary' }),
]);

const monitorPick = dropdown('Monitor', (value) => {
  save({ monitor: value || null });
  bridge.post({ type: 'selectMonitor', monitor: value || null });
});
const historyInfo = h('span', { class: 'muted' });
const shareEl = h('div', { class: 'plot history-share' });
const featuresEl = h('div', { class: 'plot history-features' });
const historySection = h('section', { class: 'history', attrs: { hidden: '' } }, [
  h('div', { class: 'toolbar inline' }, [h('h2', { text: 'Drift over time' }), monitorPick, historyInfo]),
  shareEl,
  featuresEl,
]);

(document.getElementById('app') as HTMLElement).append(
  h('div', { class: 'toolbar' }, [
    h('span', { class: 'muted', text: 'reference' }),
    refLink,
    h('span', { class: 'muted', text: 'current' }),
    curLink,
    button('⇄', () => bridge.post({ type: 'swap' }), { title: 'Swap reference and current' }),
    button('Change files…', () => bridge.post({ type: 'pickFiles' })),
  ]),
  h('div', { class: 'options' }, [
    h('label', { class: 'muted', text: 'test' }),
    testPick,
    h('label', { class: 'muted', text: 'threshold' }),
    thresholdField,
    h('label', { class: 'muted', text: 'drift share' }),
    shareField,
    resetOverrides,
  ]),
  progress,
  notice,
  emptyState,
  reportSection,
  historySection,
);

function renderControls(): void {
  if (!state) return;
  const s = state.settings;
  testPick.setOptions(
    [{ value: 'auto', label: 'auto (per column)' }, ...tests.map((t) => ({ value: t.id, label: t.id }))],
    s.test,
  );
  if (document.activeElement !== thresholdField) thresholdField.value = s.threshold === null ? '' : String(s.threshold);
  if (document.activeElement !== shareField) shareField.value = String(s.driftShare);
  const overrides = Object.keys(s.columnTests).length + Object.keys(s.columnThresholds).length;
  resetOverrides.hidden = overrides === 0;
  refLink.textContent = report?.reference ?? fileName(state.reference) ?? '—';
  curLink.textContent = report?.current ?? fileName(state.current) ?? '—';
  emptyState.hidden = Boolean(report || (state.reference && state.current));
}

function renderReport(): void {
  if (!report) return;
  reportSection.hidden = false;
  notice.hidden = true;
  lazy.clear();
  for (const el of cardsEl.querySelectorAll<HTMLElement>('.plot')) plotly().purge(el);
  verdict.hidden = false;
  verdict.className = `verdict ${report.datasetDrift ? 'verdict-drift' : 'verdict-ok'}`;
  verdict.textContent = verdictText(report);
  const lines = [
    `${report.referenceRows.toLocaleString()} reference rows, ${report.currentRows.toLocaleString()} current rows${report.elapsedMs ? ` · computed in ${(report.elapsedMs / 1000).toFixed(2)} s` : ''}`,
    mismatchText(report),
    ...report.warnings.map((w) => `⚠ ${w}`),
  ].filter((l): l is string => Boolean(l));
  details.replaceChildren(...lines.map((l) => h('div', { text: l })));
  tableEl.replaceChildren(driftTable(report.columns, tests, { settings, change: changeSettings, focus }));
  cardsEl.replaceChildren(...report.columns.map((c) => overlayCard(c, lazy)));
  if (state?.focus) focus(state.focus, false);
  afterPaint(() =>
    bridge.report('report', {
      reference: report!.reference,
      current: report!.current,
      datasetDrift: report!.datasetDrift,
      share: report!.share,
      tested: report!.tested,
      drifted: report!.drifted,
      order: report!.columns.map((c) => c.column),
      columns: report!.columns.map((c) => ({
        column: c.column,
        type: c.type,
        test: c.test,
        score: c.score,
        threshold: c.threshold,
        drifted: c.drifted,
        status: c.status,
        reason: c.reason,
        overlay: c.overlay?.kind ?? null,
        ecdf: c.ecdf !== null,
      })),
      rows: tableEl.querySelectorAll('tbody tr').length,
      cards: cardsEl.children.length,
      onlyInReference: report!.onlyInReference,
      onlyInCurrent: report!.onlyInCurrent,
    }),
  );
}

function focus(column: string, post = true): void {
  save({ focus: column });
  if (post) bridge.post({ type: 'focus', column });
  for (const el of document.querySelectorAll('[data-column].focused')) el.classList.remove('focused');
  for (const el of document.querySelectorAll(`[data-column="${CSS.escape(column)}"]`)) el.classList.add('focused');
  cardsEl
    .querySelector(`[data-column="${CSS.escape(column)}"]`)
    ?.scrollIntoView({ block: 'nearest', behavior: post ? 'smooth' : 'auto' });
}

async function renderHistory(monitors: string[]): Promise<void> {
  historySection.hidden = monitors.length === 0;
  if (monitors.length === 0) return;
  monitorPick.setOptions(
    [{ value: '', label: 'choose a monitor' }, ...monitors.map((m) => ({ value: m, label: `monitor: ${m}` }))],
    history?.monitor ?? state?.monitor ?? '',
  );
  const has = history !== null && history.at.length > 0;
  shareEl.hidden = !has;
  featuresEl.hidden = !has;
  historyInfo.textContent = !history
    ? 'Pick a monitor to see its drift per check.'
    : has
      ? `${history.at.length} check${history.at.length === 1 ? '' : 's'}${history.skippedLines ? `, ${history.skippedLines} unreadable line(s) skipped` : ''}`
      : `No checks recorded for ${history.monitor} yet: run the monitor to start its history.`;
  if (has) await drawHistory(shareEl, featuresEl, history!);
  afterPaint(() =>
    bridge.report('history', {
      monitor: history?.monitor ?? null,
      checks: history?.at.length ?? 0,
      features: history?.features.map((f) => f.column) ?? [],
      monitors,
    }),
  );
}

let monitorsKnown: string[] = [];
bridge.onMessage(async (message) => {
  switch (message.type) {
    case 'init':
      tests = message.tests;
      state = { ...message.state, focus: state?.focus ?? message.state.focus };
      bridge.saveState(state);
      monitorsKnown = message.monitors;
      renderControls();
      return;
    case 'progress':
      progress.hidden = false;
      progressText.textContent = message.message;
      progressBar.style.width = message.fraction === null ? '100%' : `${Math.round(message.fraction * 100)}%`;
      return;
    case 'report':
      progress.hidden = true;
      report = message.report;
      save({ settings: message.settings });
      renderControls();
      renderReport();
      return;
    case 'cancelled':
      progress.hidden = true;
      notice.hidden = false;
      notice.className = 'banner';
      notice.textContent = report
        ? 'Cancelled: the report below is from the previous settings.'
        : 'Cancelled. Change a setting or the files to run again.';
      return;
    case 'history':
      history = message.history;
      monitorsKnown = message.monitors;
      await renderHistory(monitorsKnown);
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

function fileName(path: string | null): string | null {
  return path ? (path.split(/[\\/]/).pop() ?? path) : null;
}

onThemeChange(() => {
  renderReport();
  void renderHistory(monitorsKnown);
});
bridge.post({ type: 'ready', state });
