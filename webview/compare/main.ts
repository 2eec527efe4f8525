import type { XAxisMode } from '../../src/protocol/webview/common';
import type {
  CompareRun,
  CompareState,
  CompareToHost,
  CompareToWebview,
  HostTiming,
} from '../../src/protocol/webview/compare';
import { afterPaint, createBridge } from '../shared/bridge';
import { checkbox, dropdown } from '../shared/components';
import { debounce, h } from '../shared/dom';
import { finiteExtentOf } from './extent';
import { CurvesChart } from './curves';
import { drawCurvesPreview } from './curvesPreview';
import { diffTable, drawParcoords, drawScatter } from './runCharts';
import { plotlyLoaded } from '../shared/plot';
import { onThemeChange } from '../shared/theme';
import '../shared/base.css';
import './compare.css';

performance.mark('compare:script');
const bridge = createBridge<CompareToHost, CompareToWebview, CompareState>();
let state: CompareState | null = bridge.state() ?? null;
let runs: CompareRun[] = [];
let metricNames: string[] = [];
let paramNames: string[] = [];
let requestId = 0;
let range: [number, number] | null = null;
let onlyDiffering = true;
let requestedAt = 0;

const save = (next: Partial<CompareState>) => {
  if (!state) return;
  state = { ...state, ...next };
  bridge.saveState(state);
  bridge.post({ type: 'stateChanged', state });
};

const metricPick = dropdown('Metric', (value) => {
  save({ metric: value });
  range = null;
  requestCurves();
  void drawRunCharts();
});
const xPick = dropdown('x axis', (value) => {
  save({ xAxis: value as XAxisMode });
  range = null;
  requestCurves();
});
xPick.setOptions(
  [
    { value: 'step', label: 'x: step' },
    { value: 'time', label: 'x: wall time' },
    { value: 'relative', label: 'x: relative time' },
  ],
  'step',
);
const logY = checkbox('log y', false, (checked) => {
  save({ logY: checked });
  void redrawCurves();
});
const smoothing = h('input', {
  attrs: { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0', title: 'Smoothing' },
});
const smoothingLabel = h('span', { class: 'muted', text: 'smoothing 0' });
smoothing.addEventListener(
  'input',
  debounce(() => {
    save({ smoothing: Number(smoothing.value) });
    smoothingLabel.textContent = `smoothing ${smoothing.value}`;
    void redrawCurves();
  }, 60),
);
const scatterPick = dropdown('Param for the scatter plot', (value) => {
  save({ scatterParam: value });
  void drawRunCharts();
});
const info = h('div', { class: 'muted info' });
const notice = h('div', { class: 'banner', attrs: { hidden: '' } });
const curvesEl = h('div', { class: 'plot curves' });
const parcoordsEl = h('div', { class: 'plot parcoords' });
const scatterEl = h('div', { class: 'plot scatter' });
const diffEl = h('div', { class: 'diff-wrap' });
const onlyDiff = checkbox('Only rows that differ', onlyDiffering, (checked) => {
  onlyDiffering = checked;
  renderDiff();
});

const chart = new CurvesChart(curvesEl, (r) => {
  range = r;
  requestCurves();
});
let lastCurves: Extract<CompareToWebview, { type: 'curves' }> | undefined;

(document.getElementById('app') as HTMLElement).append(
  h('div', { class: 'toolbar' }, [
    metricPick,
    xPick,
    logY,
    smoothing,
    smoothingLabel,
    h('span', { class: 'grow' }),
    info,
  ]),
  notice,
  curvesEl,
  h('div', { class: 'row' }, [parcoordsEl, h('div', { class: 'scatter-box' }, [scatterPick, scatterEl])]),
  h('div', { class: 'toolbar' }, [h('h2', { text: 'Params and metrics' }), onlyDiff]),
  diffEl,
);

/** The host's side of a curves request on this page's timeline (same machine clock), for the benchmark. */
function markHost(timing: HostTiming): void {
  const at = (epoch: number) => Math.max(0, epoch - performance.timeOrigin);
  performance.mark('host:request-received', { startTime: at(timing.receivedAt) });
  performance.mark('host:read-done', { startTime: at(timing.receivedAt + timing.readMs) });
  performance.mark('host:posted', { startTime: at(timing.postedAt) });
}

function requestCurves(): void {
  if (!state?.metric) return;
  requestId++;
  requestedAt = performance.now();
  performance.mark('compare:curves-requested');
  bridge.post({ type: 'curves', requestId, metric: state.metric, xAxis: state.xAxis, columns: chart.width, range });
}

async function redrawCurves(): Promise<void> {
  if (!lastCurves || !state) return;
  await plotlyLoaded();
  await chart.draw(
    lastCurves.curves,
    { metric: lastCurves.metric, xAxis: lastCurves.xAxis, logY: state.logY, smoothing: state.smoothing },
    lastCurves.range,
  );
}

/** Parcoords, scatter and the diff table wait until the curves are on screen (they are not what the user waits for). */
let runChartsAfterCurves = false;
function drawRunChartsLater(): void {
  runChartsAfterCurves = false;
  setTimeout(() => {
    renderDiff();
    performance.mark('compare:diff');
    void drawRunCharts();
  }, 0);
}

async function drawRunCharts(): Promise<void> {
  if (!state) return;
  await plotlyLoaded();
  const dims = await drawParcoords(parcoordsEl, runs, paramNames, state.metric);
  performance.mark('compare:parcoords');
  await drawScatter(scatterEl, runs, state.scatterParam, state.metric);
  performance.mark('compare:scatter');
  afterPaint(() =>
    bridge.report('parcoords', {
      dimensions: dims,
      runs: runs.length,
      lines: parcoordsEl.querySelectorAll('canvas').length,
    }),
  );
}

function renderDiff(): void {
  diffEl.replaceChildren(
    diffTable(runs, paramNames, metricNames, onlyDiffering, (id) => bridge.post({ type: 'openRun', id })),
  );
}

bridge.onMessage(async (message) => {
  switch (message.type) {
    case 'snapshot': {
      performance.mark('compare:snapshot');
      runs = message.runs;
      metricNames = message.metricNames;
      paramNames = message.paramNames;
      const mostCommon = [...paramNames].sort(
        (a, b) =>
          runs.filter((r) => typeof r.params[b] === 'number').length -
          runs.filter((r) => typeof r.params[a] === 'number').length,
      )[0];
      state = { ...message.state, scatterParam: message.state.scatterParam ?? mostCommon ?? null };
      bridge.saveState(state);
      metricPick.setOptions(
        metricNames.map((m) => ({ value: m, label: m })),
        state.metric,
      );
      xPick.value = state.xAxis;
      logY.checked = state.logY;
      smoothing.value = String(state.smoothing);
      scatterPick.setOptions(
        paramNames.map((p) => ({ value: p, label: `scatter: ${p}` })),
        state.scatterParam,
      );
      notice.hidden = message.missing.length === 0;
      notice.textContent = message.missing.length
        ? `${message.missing.length} run(s) no longer exist and are left out: ${message.missing.join(', ')}`
        : '';
      info.textContent = `${runs.length} runs`;
      range = null;
      requestCurves();
      if (state.metric) runChartsAfterCurves = true;
      else drawRunChartsLater();
      return;
    }
    case 'curves': {
      // A newer request (from this page or the host) wins; older answers are dropped.
      if (message.requestId < requestId) return;
      performance.mark('compare:curves-received');
      markHost(message.timing);
      document.body.dataset.curvesBytes = String(
        message.curves.reduce((n, c) => n + c.x.byteLength + c.y.byteLength, 0),
      );
      requestId = message.requestId;
      lastCurves = message;
      if (!window.Plotly && state) {
        // First paint without waiting for plotly: a canvas of the same curves, replaced by the chart below.
        const preview = drawCurvesPreview(curvesEl, message.curves, { logY: state.logY, smoothing: state.smoothing });
        afterPaint(() => performance.mark('compare:curves-preview'));
        await redrawCurves();
        preview.remove();
      } else await redrawCurves();
      performance.mark('compare:curves-plotted');
      const points = message.curves.reduce((n, c) => n + c.x.length, 0);
      const source = message.curves.reduce((n, c) => n + c.sourcePoints, 0);
      info.textContent = `${runs.length} runs · ${source.toLocaleString()} points, ${points.toLocaleString()} drawn`;
      afterPaint(() => {
        performance.mark('compare:curves-painted');
        if (runChartsAfterCurves) drawRunChartsLater();
        bridge.report('curves', {
          requestId: message.requestId,
          metric: message.metric,
          traces: message.curves.length,
          pointsDrawn: points,
          sourcePoints: source,
          typedArrays: message.curves.every((c) => c.x instanceof Float64Array && c.y instanceof Float64Array),
          extents: message.curves.map((c) => ({ runId: c.runId, extent: finiteExtentOf(c.y) })),
          sinceRequestMs: performance.now() - requestedAt,
          hostReadMs: message.readMs,
          range: message.range,
        });
      });
      return;
    }
    case 'pointsAppended':
      if (lastCurves && message.metric === lastCurves.metric && message.xAxis === lastCurves.xAxis)
        await chart.append(message.runId, message.x, message.y);
      return;
    case 'runChanged':
      runs = runs.map((r) => (r.id === message.run.id ? message.run : r));
      renderDiff();
      return;
    case 'runRemoved':
      runs = runs.filter((r) => r.id !== message.id);
      notice.hidden = false;
      notice.textContent = `Run ${message.id} was deleted; its curves stay until the next refresh.`;
      renderDiff();
      return;
    case 'notice':
      notice.hidden = false;
      notice.textContent = message.message;
      return;
  }
});

onThemeChange(() => {
  void chart.retheme();
  void drawRunCharts();
  renderDiff();
});
bridge.post({ type: 'ready', state });
