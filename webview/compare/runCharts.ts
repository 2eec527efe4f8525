/** Parallel coordinates over params → metric, param-vs-metric scatter, and the diff table of the compared runs. */
import type { CompareRun } from '../../src/protocol/webview/compare';
import type { Cell } from '../../src/protocol/webview/runs';
import { h } from '../shared/dom';
import { formatCell, isNonFinite } from '../shared/format';
import { plotly, PLOT_CONFIG, themedLayout } from '../shared/plot';
import { plotColours } from '../shared/theme';

const MAX_DIMENSIONS = 14;

function values(runs: CompareRun[], get: (r: CompareRun) => Cell): Cell[] {
  return runs.map(get);
}

function differs(cells: Cell[]): boolean {
  return cells.some((c) => c !== cells[0]);
}

/** A parcoords dimension: numbers as they are, text as evenly spaced categories. */
function dimension(label: string, cells: Cell[]): Record<string, unknown> | undefined {
  const numeric = cells.every((c) => c === null || typeof c === 'number');
  if (numeric) {
    const nums = cells.map((c) => (typeof c === 'number' ? c : NaN));
    if (nums.every(Number.isNaN)) return undefined;
    return { label, values: nums };
  }
  const categories = [...new Set(cells.map((c) => (c === null ? '∅' : String(c))))].sort();
  if (categories.length > 40) return undefined;
  return {
    label,
    values: cells.map((c) => categories.indexOf(c === null ? '∅' : String(c))),
    tickvals: categories.map((_, i) => i),
    ticktext: categories,
  };
}

export async function drawParcoords(
  el: HTMLElement,
  runs: CompareRun[],
  paramNames: string[],
  metric: string | null,
): Promise<number> {
  const dims: Array<Record<string, unknown>> = [];
  for (const name of paramNames) {
    const cells = values(runs, (r) => r.params[name] ?? null);
    if (!differs(cells)) continue;
    const d = dimension(name, cells);
    if (d) dims.push(d);
    if (dims.length >= MAX_DIMENSIONS - 1) break;
  }
  const metricCells = metric ? values(runs, (r) => r.metrics[metric] ?? null) : [];
  const metricDim = metric ? dimension(metric, metricCells) : undefined;
  if (metricDim) dims.push(metricDim);
  const colours = plotColours();
  const colorValues = metricDim ? (metricDim.values as number[]) : runs.map((_, i) => i);
  await plotly().react(
    el,
    [
      {
        type: 'parcoords',
        dimensions: dims,
        line: {
          color: colorValues,
          colorscale: colours.scale,
          showscale: Boolean(metricDim),
          colorbar: { tickfont: { color: colours.foreground }, title: { text: metric ?? '' } },
        },
        labelangle: -18,
        labelfont: { color: colours.foreground },
        tickfont: { color: colours.muted },
        rangefont: { color: colours.muted },
      },
    ],
    themedLayout({ margin: { l: 60, r: 60, t: 56, b: 24 } }),
    PLOT_CONFIG,
  );
  return dims.length;
}

export async function drawScatter(
  el: HTMLElement,
  runs: CompareRun[],
  param: string | null,
  metric: string | null,
): Promise<void> {
  const colours = plotColours();
  const xs = runs.map((r) => (param ? (r.params[param] ?? null) : null));
  const ys = runs.map((r) => (metric ? (r.metrics[metric] ?? null) : null));
  await plotly().react(
    el,
    [
      {
        type: 'scatter',
        mode: 'markers',
        x: xs.map((v) => (v === null || isNonFinite(v) ? null : v)),
        y: ys.map((v) => (typeof v === 'number' ? v : null)),
        text: runs.map((r) => r.label),
        marker: {
          size: 9,
          color: runs.map((r) => colours.series(r.color)),
          line: { width: 1, color: colours.background },
        },
        hovertemplate: '%{text}<br>%{x} → %{y}<extra></extra>',
      },
    ],
    themedLayout({
      title: { text: `${param ?? 'param'} vs ${metric ?? 'metric'}`, font: { size: 13 } },
      xaxis: { title: { text: param ?? '' } },
      yaxis: { title: { text: metric ?? '' } },
    }),
    PLOT_CONFIG,
  );
}

/** Params and metrics as rows, runs as columns; rows whose values differ are marked. */
export function diffTable(
  runs: CompareRun[],
  paramNames: string[],
  metricNames: string[],
  onlyDiffering: boolean,
  openRun: (id: string) => void,
): HTMLElement {
  const colours = plotColours();
  const head = h('tr', {}, [
    h('th', { text: '' }),
    ...runs.map((r) => {
      const th = h('th', { class: 'link', text: r.label, title: `${r.id} (${r.status})` });
      th.style.borderTop = `3px solid ${colours.series(r.color)}`;
      th.addEventListener('click', () => openRun(r.id));
      return th;
    }),
  ]);
  const rows: HTMLElement[] = [];
  const section = (title: string, names: string[], get: (r: CompareRun, n: string) => Cell) => {
    const body: HTMLElement[] = [];
    for (const name of names) {
      const cells = runs.map((r) => get(r, name) ?? null);
      const different = differs(cells);
      if (onlyDiffering && !different) continue;
      body.push(
        h('tr', { class: different ? 'differs' : '' }, [
          h('th', { text: name }),
          ...cells.map((c) =>
            h('td', {
              class: isNonFinite(c) ? 'nonfinite' : typeof c === 'number' ? 'num' : c === null ? 'missing' : '',
              text: c === null ? '—' : formatCell(c),
            }),
          ),
        ]),
      );
    }
    if (body.length) {
      rows.push(h('tr', { class: 'section' }, [h('th', { text: title, attrs: { colspan: String(runs.length + 1) } })]));
      for (const row of body) rows.push(row);
    }
  };
  section('params', paramNames, (r, n) => r.params[n]);
  section('metrics', metricNames, (r, n) => r.metrics[n]);
  return h('table', { class: 'diff' }, [h('thead', {}, [head]), h('tbody', {}, rows)]);
}
