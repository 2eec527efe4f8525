import type { Cell } from '../../src/protocol/webview/runs';
import type {
  RunActions,
  RunDetailState,
  RunDetailToHost,
  RunDetailToWebview,
  RunInfo,
  SeriesPoints,
} from '../../src/protocol/webview/runDetail';
import { afterPaint, createBridge } from '../shared/bridge';
import { button } from '../shared/components';
import { h } from '../shared/dom';
import { formatBytes, formatCell, formatDate, formatDuration, isNonFinite } from '../shared/format';
import { onThemeChange } from '../shared/theme';
import { LivePlots } from './livePlots';
import { LogView } from './logView';
import '../shared/base.css';
import './run.css';

const bridge = createBridge<RunDetailToHost, RunDetailToWebview, RunDetailState>();
let state: RunDetailState | null = bridge.state() ?? null;
const series = new Map<string, SeriesPoints>();

const header = h('div', { class: 'run-header' });
const actions = h('div', { class: 'toolbar inline' });
const banner = h('div', { class: 'banner', attrs: { hidden: '' } });
const metricsEl = h('div');
const paramsEl = h('div');
const evaluationEl = h('section', { attrs: { hidden: '' } });
const report = (points: number) =>
  bridge.report('live', {
    appended: points,
    total: metricPlots.extended + systemPlots.extended,
    series: Object.fromEntries(
      [...metricPlots.names, ...systemPlots.names].map((n) => [
        n,
        metricPlots.pointCount(n) || systemPlots.pointCount(n),
      ]),
    ),
  });
const metricPlots = new LivePlots(h('div', { class: 'plot-grid' }), (s) => s.step, report);
const systemPlots = new LivePlots(h('div', { class: 'plot-grid' }), (s) => s.time, report);
const log = new LogView(
  (query) => {
    if (state) bridge.saveState({ ...state, logQuery: query });
    bridge.post({ type: 'searchLog', query });
  },
  () => bridge.post({ type: 'openLog' }),
);
const artifactsEl = h('div');
const metricsEmpty = h('div', { class: 'muted', text: 'No metric series logged yet.' });
const systemEmpty = h('div', { class: 'muted', text: 'No system metrics recorded for this run.' });

(document.getElementById('app') as HTMLElement).append(
  header,
  actions,
  banner,
  h('div', { class: 'columns' }, [
    h('section', {}, [h('h2', { text: 'Summary metrics' }), metricsEl]),
    h('section', {}, [h('h2', { text: 'Params' }), paramsEl]),
  ]),
  evaluationEl,
  h('h2', { text: 'Metrics' }),
  metricsEmpty,
  metricPlots.element,
  h('h2', { text: 'System' }),
  systemEmpty,
  systemPlots.element,
  h('h2', { text: 'Log' }),
  log.element,
  h('h2', { text: 'Artifacts' }),
  artifactsEl,
);

function renderHeader(run: RunInfo, available: RunActions): void {
  const duration = run.startedAt
    ? ((run.endedAt ? Date.parse(run.endedAt) : Date.now()) - Date.parse(run.startedAt)) / 1000
    : null;
  header.replaceChildren(
    h('h1', {}, [
      `${run.experiment} `,
      h('span', { class: 'muted', text: run.id }),
      ' ',
      h('span', { class: `status status-${run.status}`, text: run.status }),
    ]),
    h('div', { class: 'muted' }, [
      [
        run.startedAt ? `started ${formatDate(run.startedAt)}` : `created ${formatDate(run.createdAt)}`,
        duration !== null ? formatDuration(duration) : '',
        run.exitCode !== null && run.status !== 'running' && run.status !== 'queued' ? `exit ${run.exitCode}` : '',
        run.gitCommit
          ? `commit ${run.gitCommit.slice(0, 10)}${run.gitDirty ? ' (dirty)' : ''}${run.gitBranch ? ` on ${run.gitBranch}` : ''}`
          : '',
        Object.keys(run.tags).length
          ? `tags ${Object.entries(run.tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ]),
    h('div', { class: 'command', text: run.command }),
  );
  if (run.error) header.append(h('div', { class: 'error-text', text: run.error }));
  const buttons: HTMLElement[] = [];
  if (available.stop) buttons.push(button('Stop', () => bridge.post({ type: 'action', action: 'stop' })));
  if (available.rerun)
    buttons.push(button('Re-run', () => bridge.post({ type: 'action', action: 'rerun' }), { appearance: 'primary' }));
  if (available.register)
    buttons.push(button('Register model', () => bridge.post({ type: 'action', action: 'register' })));
  buttons.push(
    button('Evaluation', () => bridge.post({ type: 'openEvaluation' }), {
      title: 'Confusion matrix, ROC/PR, calibration, slices and fairness of this run',
    }),
  );
  actions.replaceChildren(...buttons);
}

function renderEvaluation(
  evaluation: { task: string; n: number; metrics: Record<string, number | null> } | null,
): void {
  evaluationEl.hidden = evaluation === null;
  if (!evaluation) return;
  const open = h('span', { class: 'link', text: 'open the Evaluation panel' });
  open.addEventListener('click', () => bridge.post({ type: 'openEvaluation' }));
  const metrics = Object.fromEntries(
    Object.entries(evaluation.metrics).map(([k, v]) => [k, v === null ? 'undefined' : v]),
  );
  evaluationEl.replaceChildren(
    h('h2', { text: `Evaluation (${evaluation.task}, ${evaluation.n.toLocaleString()} rows)` }),
    kvTable(metrics, 'No metrics.'),
    open,
  );
}

function kvTable(values: Record<string, Cell>, empty: string): HTMLElement {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return h('div', { class: 'muted', text: empty });
  return h(
    'table',
    { class: 'kv' },
    entries.map(([k, v]) =>
      h('tr', {}, [h('th', { text: k }), h('td', { class: isNonFinite(v) ? 'nonfinite' : '', text: formatCell(v) })]),
    ),
  );
}

function renderArtifacts(entries: Array<{ path: string; bytes: number }>, truncated: boolean): void {
  if (entries.length === 0) {
    artifactsEl.replaceChildren(h('div', { class: 'muted', text: 'No artifacts saved.' }));
    return;
  }
  const rows = entries.map((e) => {
    const open = h('span', { class: 'link', text: e.path, title: 'Open in the editor' });
    open.addEventListener('click', () => bridge.post({ type: 'openArtifact', path: e.path }));
    const reveal = h('span', { class: 'link', text: 'reveal' });
    reveal.addEventListener('click', () => bridge.post({ type: 'revealArtifact', path: e.path }));
    return h('tr', {}, [
      h('td', {}, [open]),
      h('td', { class: 'muted', text: formatBytes(e.bytes) }),
      h('td', {}, [reveal]),
    ]);
  });
  artifactsEl.replaceChildren(
    h('table', { class: 'kv' }, rows),
    ...(truncated ? [h('div', { class: 'muted', text: 'More files exist; reveal the folder to see them all.' })] : []),
  );
}

const plotsFor = (s: SeriesPoints) => (s.group === 'system' ? systemPlots : metricPlots);

bridge.onMessage(async (message) => {
  switch (message.type) {
    case 'snapshot': {
      state = { runId: message.run.id, logQuery: state?.logQuery ?? '' };
      bridge.saveState(state);
      renderHeader(message.run, message.actions);
      metricsEl.replaceChildren(kvTable(message.metrics, 'No metrics logged yet.'));
      paramsEl.replaceChildren(kvTable(message.params, 'No params.'));
      renderEvaluation(message.evaluation ?? null);
      log.setTail(message.log.text, message.log.size, message.log.truncated);
      if (state.logQuery) log.search.value = state.logQuery;
      renderArtifacts(message.artifacts.entries, message.artifacts.truncated);
      systemEmpty.hidden = message.series.some((s) => s.group === 'system');
      metricsEmpty.hidden = message.series.some((s) => s.group === 'metrics');
      for (const s of message.series) {
        series.set(`${s.group}:${s.name}`, s);
        await plotsFor(s).set(
          s,
          s.downsampledFrom ? `${s.downsampledFrom.toLocaleString()} points, downsampled` : undefined,
        );
      }
      afterPaint(() =>
        bridge.report('snapshot', {
          runId: message.run.id,
          status: message.run.status,
          series: message.series.map((s) => `${s.group}:${s.name}`),
          actions: message.actions,
          params: Object.keys(message.params).length,
          evaluation: message.evaluation?.task ?? null,
        }),
      );
      return;
    }
    case 'points':
      (message.series.group === 'system' ? systemEmpty : metricsEmpty).hidden = true;
      if (message.reset) await plotsFor(message.series).set(message.series);
      else plotsFor(message.series).append(message.series);
      return;
    case 'logAppended':
      log.append(message.text);
      return;
    case 'status':
      renderHeader(message.run, message.actions);
      bridge.report('status', { status: message.run.status, actions: message.actions });
      return;
    case 'metrics':
      metricsEl.replaceChildren(kvTable(message.metrics, 'No metrics logged yet.'));
      return;
    case 'logSearch':
      log.showResults(message.query, message.matches, message.total);
      bridge.report('logSearch', {
        query: message.query,
        total: message.total,
        lines: message.matches.map((m) => m.line),
      });
      return;
    case 'artifacts':
      renderArtifacts(message.entries, message.truncated);
      return;
    case 'deleted':
      banner.hidden = false;
      banner.classList.add('error');
      banner.textContent =
        'This run’s folder was deleted. What is shown is what was loaded before; nothing more will arrive.';
      actions.replaceChildren();
      bridge.report('deleted', {});
      return;
    case 'notice':
      banner.hidden = false;
      banner.textContent = message.message;
      return;
  }
});

onThemeChange(() => {
  for (const s of series.values()) void plotsFor(s).set(s);
});
bridge.post({ type: 'ready', state });
