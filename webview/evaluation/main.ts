import type {
  EvaluationItem,
  EvaluationSourceRef,
  EvaluationState,
  EvaluationToHost,
  EvaluationToWebview,
} from '../../src/protocol/webview/evaluation';
import { afterPaint, createBridge } from '../shared/bridge';
import { button, dropdown } from '../shared/components';
import { h } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { PLOT_CONFIG, plotly, themedLayout } from '../shared/plot';
import { onThemeChange, plotColours } from '../shared/theme';
import {
  atThreshold,
  calibrationCurves,
  matrices,
  normalized,
  prCurves,
  rocCurves,
  type Curve,
  type Normalize,
} from './curves';
import { fairnessTable, importanceTraces, loggedTables, metricsTable, perClassTable, sliceTable } from './tables';
import '../shared/base.css';
import './evaluation.css';

const bridge = createBridge<EvaluationToHost, EvaluationToWebview, EvaluationState>();
let state: EvaluationState = bridge.state() ?? { sources: [], normalize: 'none', sliceMetric: null };
let items: EvaluationItem[] = [];
let matrixKey: string | null = null;
let threshold: number | null = null;

const title = h('h1', { class: 'file', text: 'Evaluation' });
const chips = h('div', { class: 'chips' });
const notice = h('div', { class: 'banner', attrs: { hidden: '' } });
const body = h('div', { class: 'sections' });
(document.getElementById('app') as HTMLElement).append(
  h('div', { class: 'toolbar' }, [
    title,
    chips,
    h('span', { class: 'grow' }),
    button('Add run…', () => bridge.post({ type: 'addRun' }), { title: 'Overlay another run’s evaluation' }),
    button('Reload', () => bridge.post({ type: 'reload' }), { appearance: 'primary' }),
  ]),
  notice,
  body,
);

function save(patch: Partial<EvaluationState>): void {
  state = { ...state, ...patch };
  bridge.saveState(state);
}

bridge.onMessage((m) => {
  if (m.type === 'notice') {
    notice.hidden = false;
    notice.className = `banner ${m.level}`;
    notice.textContent = m.message;
    return;
  }
  items = m.items;
  save({ sources: m.sources as EvaluationSourceRef[] });
  render();
});
bridge.post({ type: 'ready', state });
onThemeChange(() => render());

function link(text: string, title: string, onClick: () => void): HTMLElement {
  const a = h('a', { class: 'link', text, title });
  a.addEventListener('click', onClick);
  return a;
}

function section(name: string, heading: string, ...children: Node[]): HTMLElement {
  return h('section', { class: `card ${name}`, attrs: { 'data-section': name } }, [
    h('h2', { text: heading }),
    ...children,
  ]);
}

function plotBox(cls = ''): HTMLElement {
  return h('div', { class: `plot ${cls}` });
}

function render(): void {
  for (const el of body.querySelectorAll<HTMLElement>('.plot')) plotly().purge(el);
  chips.replaceChildren(
    ...items.map((item, i) =>
      h('span', { class: 'chip', attrs: { style: `border-color: ${plotColours().series(i)}` } }, [
        h('span', { text: item.label, title: item.file ?? '' }),
        ...(item.file
          ? [link('open', `Open ${item.file}`, () => bridge.post({ type: 'openFile', key: item.key }))]
          : []),
        ...(items.length > 1
          ? [link('×', 'Remove from the comparison', () => bridge.post({ type: 'remove', key: item.key }))]
          : []),
      ]),
    ),
  );
  const sections: HTMLElement[] = [];
  const drawn: string[] = [];
  const draws: Array<() => void> = [];
  const missing = items.filter((i) => i.missing);
  for (const m of missing) sections.push(h('div', { class: 'banner', text: m.missing! }));
  const reports = items.filter((i) => i.report);
  if (reports.length) {
    sections.push(section('metrics', 'Metrics', metricsTable(reports)));
    drawn.push('metrics');
  }

  const withClasses = reports.filter((i) => i.report!.perClass);
  if (withClasses.length) {
    sections.push(
      section('per-class', 'Per class', ...withClasses.map((i) => perClassTable(i, withClasses.length > 1))),
    );
    drawn.push('per-class');
  }

  const choices = matrices(items);
  if (choices.length) {
    if (!choices.some((c) => c.key === matrixKey)) matrixKey = choices[0].key;
    const el = plotBox('square');
    const pick = dropdown('Confusion matrix of', (v) => {
      matrixKey = v;
      render();
    });
    pick.setOptions(
      choices.map((c) => ({ value: c.key, label: c.label })),
      matrixKey,
    );
    const norm = dropdown('Normalise', (v) => {
      save({ normalize: v as Normalize });
      render();
    });
    norm.setOptions(
      [
        { value: 'none', label: 'Counts' },
        { value: 'true', label: 'Normalise over true labels (recall)' },
        { value: 'pred', label: 'Normalise over predictions (precision)' },
        { value: 'all', label: 'Normalise over all' },
      ],
      state.normalize,
    );
    sections.push(
      section(
        'confusion',
        'Confusion matrix',
        h('div', { class: 'controls' }, [...(choices.length > 1 ? [pick] : []), norm]),
        el,
      ),
    );
    const choice = choices.find((c) => c.key === matrixKey)!;
    draws.push(() =>
      drawMatrix(el, choice.labels, normalized(choice.matrix, state.normalize), state.normalize !== 'none'),
    );
    drawn.push('confusion');
  }

  const roc = rocCurves(items);
  const pr = prCurves(items);
  if (roc.length || pr.length) {
    const rocEl = plotBox();
    const prEl = plotBox();
    sections.push(section('curves', 'ROC and precision-recall', h('div', { class: 'pair' }, [rocEl, prEl])));
    draws.push(() =>
      drawCurves(rocEl, roc, { x: 'False positive rate', y: 'True positive rate', area: 'AUC', diagonal: true }),
    );
    draws.push(() => drawCurves(prEl, pr, { x: 'Recall', y: 'Precision', area: 'AP', diagonal: false, shape: 'hv' }));
    drawn.push('roc', 'pr');
  }

  const withTable = reports.find((i) => i.report!.thresholdTable);
  if (withTable) {
    sections.push(section('threshold', `Threshold (${withTable.label})`, thresholdControl(withTable)));
    drawn.push('threshold');
  }

  const cal = calibrationCurves(items);
  if (cal.length) {
    const el = plotBox();
    sections.push(section('calibration', 'Calibration', el));
    draws.push(() =>
      drawCurves(el, cal, {
        x: 'Mean predicted probability',
        y: 'Fraction of positives',
        area: 'Brier',
        diagonal: true,
        markers: true,
      }),
    );
    drawn.push('calibration');
  }

  for (const item of reports.filter((i) => i.report!.groups)) {
    const r = item.report!;
    const metricNames = Object.keys(r.groups!.overall).filter((k) => r.groups!.overall[k] !== null);
    const metric = state.sliceMetric && metricNames.includes(state.sliceMetric) ? state.sliceMetric : metricNames[0];
    const pick = dropdown('Metric', (v) => {
      save({ sliceMetric: v });
      render();
    });
    pick.setOptions(
      metricNames.map((n) => ({ value: n, label: n })),
      metric,
    );
    sections.push(
      section(
        'slices',
        `Slices by ${r.groups!.column}${reports.length > 1 ? ` (${item.label})` : ''}`,
        h('div', { class: 'controls' }, [
          pick,
          h('span', { class: 'muted', text: 'sorted by the gap to the overall value' }),
        ]),
        sliceTable(r, metric),
      ),
    );
    drawn.push('slices');
    if (r.fairness) {
      sections.push(
        section('fairness', `Fairness gaps${reports.length > 1 ? ` (${item.label})` : ''}`, fairnessTable(r.fairness)),
      );
      drawn.push('fairness');
    }
  }

  for (const item of reports.filter((i) => i.report!.residuals)) {
    const scatter = plotBox();
    const hist = plotBox();
    sections.push(
      section(
        'regression',
        `Predicted vs actual${reports.length > 1 ? ` (${item.label})` : ''}`,
        h('div', { class: 'pair' }, [scatter, hist]),
      ),
    );
    draws.push(() => drawRegression(scatter, hist, item));
    drawn.push('regression');
  }

  for (const item of reports.filter((i) => i.report!.importance)) {
    const el = plotBox('tall');
    const imp = item.report!.importance!;
    sections.push(
      section(
        'importance',
        `Permutation importance${reports.length > 1 ? ` (${item.label})` : ''}`,
        h('div', {
          class: 'muted',
          text: `drop in ${imp.scoring} from ${formatNumber(imp.baseline)} · ${imp.repeats} repeats · seed ${imp.seed}`,
        }),
        el,
      ),
    );
    draws.push(
      () =>
        void plotly().newPlot(
          el,
          importanceTraces(imp, plotColours().series(0)),
          themedLayout({
            margin: { l: 120, r: 12, t: 8, b: 36 },
            xaxis: { title: { text: 'mean score drop (± std)' } },
            yaxis: { automargin: true },
          }),
          PLOT_CONFIG,
        ),
    );
    drawn.push('importance');
  }

  const tables = loggedTables(items);
  if (tables.length) {
    sections.push(section('tables', 'Logged tables', ...tables));
    drawn.push('tables');
  }
  const images = items.flatMap((item) => item.plots.flatMap((p) => (p.kind === 'image' ? [{ item, p }] : [])));
  if (images.length) {
    sections.push(
      section(
        'images',
        'Logged images',
        h(
          'div',
          { class: 'images' },
          images.map(({ item, p }) =>
            h('figure', {}, [
              p.dataUri
                ? h('img', { attrs: { src: p.dataUri, alt: p.name } })
                : h('div', { class: 'muted', text: `${p.name}: too large to show (${p.bytes} bytes)` }),
              h('figcaption', { text: `${item.label} · ${p.name}` }),
            ]),
          ),
        ),
      ),
    );
    drawn.push('images');
  }
  if (!sections.length) sections.push(h('div', { class: 'muted', text: 'Nothing to show yet.' }));
  body.replaceChildren(...sections);
  for (const d of draws) d();
  afterPaint(() =>
    bridge.report('evaluation', {
      sources: items.map((i) => i.key),
      labels: items.map((i) => i.label),
      tasks: items.map((i) => i.report?.task ?? null),
      missing: missing.map((i) => i.missing),
      sections: drawn,
      rocCurves: roc.map((c) => ({ label: c.label, points: c.x.length, area: c.area })),
      normalize: state.normalize,
      threshold,
    }),
  );
}

function drawMatrix(el: HTMLElement, labels: string[], z: number[][], fraction: boolean): void {
  const c = plotColours();
  const text = z.map((row) => row.map((v) => (fraction ? v.toFixed(2) : String(v))));
  void plotly().newPlot(
    el,
    [
      {
        type: 'heatmap',
        z,
        x: labels,
        y: labels,
        text,
        texttemplate: '%{text}',
        hovertemplate: 'true %{y} → predicted %{x}: %{text}<extra></extra>',
        colorscale: [
          [0, c.background],
          [1, c.series(0)],
        ],
        showscale: false,
      },
    ],
    themedLayout({
      margin: { l: 70, r: 12, t: 8, b: 50 },
      xaxis: { title: { text: 'Predicted' }, type: 'category', side: 'bottom' },
      yaxis: { title: { text: 'True' }, type: 'category', autorange: 'reversed' },
    }),
    PLOT_CONFIG,
  );
}

const PLOT_HEIGHT_PX = 320;
const LEGEND_ROW_PX = 18;

function drawCurves(
  el: HTMLElement,
  curves: Curve[],
  o: { x: string; y: string; area: string; diagonal: boolean; shape?: 'hv'; markers?: boolean },
): void {
  const c = plotColours();
  // One legend row per curve below the chart: grow the box so the plot keeps its size.
  const extraRows = Math.max(0, curves.length - 2) * LEGEND_ROW_PX;
  el.style.height = `${PLOT_HEIGHT_PX + extraRows}px`;
  const traces: Record<string, unknown>[] = curves.map((curve) => ({
    type: 'scatter',
    mode: o.markers ? 'lines+markers' : 'lines',
    x: curve.x,
    y: curve.y,
    name: curve.area === null ? curve.label : `${curve.label} (${o.area} ${curve.area.toFixed(3)})`,
    line: { color: c.series(curve.slot), shape: o.shape ?? 'linear', width: 2, dash: curve.dash ?? 'solid' },
  }));
  if (o.diagonal)
    traces.push({
      type: 'scatter',
      mode: 'lines',
      x: [0, 1],
      y: [0, 1],
      line: { dash: 'dot', color: c.muted, width: 1 },
      hoverinfo: 'skip',
      showlegend: false,
    });
  void plotly().newPlot(
    el,
    traces,
    themedLayout({
      xaxis: { title: { text: o.x }, range: [0, 1] },
      yaxis: { title: { text: o.y }, range: [0, 1.02] },
      legend: { orientation: 'h', y: -0.25 },
      margin: { l: 50, r: 12, t: 8, b: 70 + extraRows },
    }),
    PLOT_CONFIG,
  );
}

function thresholdControl(item: EvaluationItem): HTMLElement {
  const table = item.report!.thresholdTable!;
  threshold ??= item.report!.threshold ?? 0.5;
  const out = h('div', { class: 'threshold-values' });
  const value = h('span', { class: 'threshold-value' });
  const slider = h('input', {
    attrs: {
      type: 'range',
      min: '0',
      max: '1',
      step: '0.01',
      value: String(threshold),
      'aria-label': 'Decision threshold',
    },
  }) as HTMLInputElement;
  const show = () => {
    threshold = Number(slider.value);
    const m = atThreshold(table, threshold);
    value.textContent = `threshold ${threshold.toFixed(2)}`;
    out.replaceChildren(
      ...[
        ['precision', formatNumber(m.precision)],
        ['recall', formatNumber(m.recall)],
        ['F1', formatNumber(m.f1)],
        ['TP', String(m.tp)],
        ['FP', String(m.fp)],
        ['FN', String(m.fn)],
        ['TN', String(m.tn)],
      ].map(([k, v]) =>
        h('div', { class: 'stat' }, [h('div', { class: 'muted', text: k }), h('div', { class: 'big', text: v })]),
      ),
    );
  };
  slider.addEventListener('input', show);
  show();
  return h('div', {}, [h('div', { class: 'controls' }, [value, slider]), out]);
}

function drawRegression(scatter: HTMLElement, hist: HTMLElement, item: EvaluationItem): void {
  const r = item.report!.residuals!;
  const c = plotColours();
  const all = [...r.sample.actual, ...r.sample.predicted];
  const lo = all.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = all.reduce((a, b) => Math.max(a, b), -Infinity);
  void plotly().newPlot(
    scatter,
    [
      {
        type: 'scattergl',
        mode: 'markers',
        x: r.sample.actual,
        y: r.sample.predicted,
        marker: { size: 4, color: c.series(0), opacity: 0.6 },
        name: 'rows',
      },
      {
        type: 'scatter',
        mode: 'lines',
        x: [lo, hi],
        y: [lo, hi],
        line: { dash: 'dot', color: c.muted },
        hoverinfo: 'skip',
        showlegend: false,
      },
    ],
    themedLayout({ showlegend: false, xaxis: { title: { text: 'Actual' } }, yaxis: { title: { text: 'Predicted' } } }),
    PLOT_CONFIG,
  );
  const mids = r.histogram.counts.map((_, i) => (r.histogram.edges[i] + r.histogram.edges[i + 1]) / 2);
  void plotly().newPlot(
    hist,
    [
      {
        type: 'bar',
        x: mids,
        y: r.histogram.counts,
        marker: { color: c.series(1) },
        hovertemplate: '%{x:.3g}: %{y}<extra></extra>',
      },
    ],
    themedLayout({
      bargap: 0.02,
      xaxis: { title: { text: 'Residual (actual − predicted)' } },
      yaxis: { title: { text: 'Rows' } },
    }),
    PLOT_CONFIG,
  );
}
