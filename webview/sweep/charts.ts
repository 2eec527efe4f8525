/** The Sweep panel's charts: parallel coordinates, best so far, importance, and one param-vs-metric scatter per dimension. */
import type {
  SweepDimension as Dimension,
  SweepHeader,
  SweepImportance,
  SweepTrialRow,
} from '../../src/protocol/webview/sweep';
import { plotly, PLOT_CONFIG, themedLayout } from '../shared/plot';
import { plotColours } from '../shared/theme';

const valued = (trials: SweepTrialRow[]) => trials.filter((t) => t.value !== null && Number.isFinite(t.value));

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Numbers on their scale (log10 for log dimensions, with ticks in the original units); categories as indices. */
function parcoordsDimension(d: Dimension, trials: SweepTrialRow[]): Record<string, unknown> {
  if (d.kind === 'categorical') {
    const labels = d.choices.map(text);
    return {
      label: d.name,
      values: trials.map((t) => (d.name in t.params ? labels.indexOf(text(t.params[d.name])) : NaN)),
      tickvals: labels.map((_, i) => i),
      ticktext: labels,
      range: [0, Math.max(1, labels.length - 1)],
    };
  }
  if (!d.log)
    return {
      label: d.name,
      values: trials.map((t) => (d.name in t.params ? (t.params[d.name] as number) : NaN)),
      range: [d.low, d.high],
    };
  const lo = Math.log10(d.low);
  const hi = Math.log10(d.high);
  const ticks: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push(e);
  return {
    label: `${d.name} (log)`,
    values: trials.map((t) => (d.name in t.params ? Math.log10(t.params[d.name] as number) : NaN)),
    range: [lo, hi],
    tickvals: ticks,
    ticktext: ticks.map((e) => `1e${e}`),
  };
}

export async function drawParcoords(el: HTMLElement, header: SweepHeader, trials: SweepTrialRow[]): Promise<number> {
  const rows = valued(trials);
  const colours = plotColours();
  const values = rows.map((t) => t.value!);
  const dims = [...header.dimensions.map((d) => parcoordsDimension(d, rows)), { label: header.metric.name, values }];
  // The colour scale runs from worst (first colour) to best (last), whatever the goal.
  const scale =
    header.metric.goal === 'minimize'
      ? [...colours.scale].reverse().map(([, c], i, all) => [i / (all.length - 1), c])
      : colours.scale;
  await plotly().react(
    el,
    rows.length === 0
      ? []
      : [
          {
            type: 'parcoords',
            dimensions: dims,
            line: {
              color: values,
              colorscale: scale,
              showscale: true,
              colorbar: { tickfont: { color: colours.foreground }, title: { text: header.metric.name } },
            },
            labelangle: -15,
            labelfont: { color: colours.foreground },
            tickfont: { color: colours.muted },
            rangefont: { color: colours.muted },
          },
        ],
    themedLayout({
      margin: { l: 70, r: 70, t: 56, b: 24 },
      title: rows.length === 0 ? { text: 'No trial has a value yet', font: { size: 13 } } : undefined,
    }),
    PLOT_CONFIG,
  );
  return dims.length;
}

export async function drawBestSoFar(el: HTMLElement, header: SweepHeader, trials: SweepTrialRow[]): Promise<void> {
  const colours = plotColours();
  const done = [...trials]
    .filter((t) => t.status === 'completed' && t.value !== null)
    .sort((a, b) => a.number - b.number);
  const better = (a: number, b: number) => (header.metric.goal === 'minimize' ? a < b : a > b);
  const xs: number[] = [];
  const best: number[] = [];
  let current: number | null = null;
  for (const t of done) {
    if (current === null || better(t.value!, current)) current = t.value!;
    xs.push(t.number);
    best.push(current);
  }
  const others = trials.filter((t) => t.value !== null && t.status !== 'completed');
  await plotly().react(
    el,
    [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'completed',
        x: done.map((t) => t.number),
        y: done.map((t) => t.value),
        marker: { size: 7, color: colours.series(0) },
        hovertemplate: 'trial %{x}: %{y}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'pruned (last value)',
        x: others.map((t) => t.number),
        y: others.map((t) => t.value),
        marker: { size: 7, symbol: 'x', color: colours.muted },
        hovertemplate: 'trial %{x} (pruned): %{y}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'best so far',
        x: xs,
        y: best,
        line: { shape: 'hv', width: 2, color: colours.series(1) },
      },
    ],
    themedLayout({
      title: { text: `Best ${header.metric.name} so far`, font: { size: 13 } },
      xaxis: { title: { text: 'trial' }, rangemode: 'tozero', dtick: header.trials <= 20 ? 1 : undefined },
      yaxis: { title: { text: header.metric.name } },
      legend: { orientation: 'h', y: -0.25 },
    }),
    PLOT_CONFIG,
  );
}

export async function drawImportance(el: HTMLElement, importance: SweepImportance): Promise<void> {
  const colours = plotColours();
  const sorted = [...importance.params].sort((a, b) => a.share - b.share);
  await plotly().react(
    el,
    [
      {
        type: 'bar',
        orientation: 'h',
        x: sorted.map((p) => p.share),
        y: sorted.map((p) => p.param),
        text: sorted.map((p) => `η² ${p.eta2.toFixed(2)}`),
        textposition: 'auto',
        marker: { color: colours.series(2) },
        hovertemplate: '%{y}: %{x:.0%} of explained variance<extra></extra>',
      },
    ],
    themedLayout({
      title: { text: 'Param importance', font: { size: 13 } },
      xaxis: { tickformat: '.0%', range: [0, 1] },
      margin: { l: 90, r: 12, t: 28, b: 36 },
    }),
    PLOT_CONFIG,
  );
}

export async function drawScatter(
  el: HTMLElement,
  d: Dimension,
  header: SweepHeader,
  trials: SweepTrialRow[],
): Promise<void> {
  const colours = plotColours();
  const rows = valued(trials).filter((t) => d.name in t.params);
  const categorical = d.kind === 'categorical';
  await plotly().react(
    el,
    [
      {
        type: 'scatter',
        mode: 'markers',
        x: rows.map((t) => (categorical ? text(t.params[d.name]) : t.params[d.name])),
        y: rows.map((t) => t.value),
        text: rows.map((t) => `trial ${t.number} (${t.status})`),
        marker: {
          size: 8,
          color: rows.map((t) => (t.status === 'completed' ? colours.series(0) : colours.muted)),
          line: { width: 1, color: colours.background },
        },
        hovertemplate: '%{text}<br>%{x} → %{y}<extra></extra>',
      },
    ],
    themedLayout({
      title: { text: d.name, font: { size: 12 } },
      xaxis: categorical
        ? { type: 'category', categoryarray: d.choices.map(text) }
        : { type: d.log ? 'log' : 'linear' },
      yaxis: { title: { text: header.metric.name } },
      margin: { l: 50, r: 8, t: 28, b: 32 },
    }),
    PLOT_CONFIG,
  );
}
