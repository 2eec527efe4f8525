/** Draws the drift panel's plots with the theme's colours. */
import type { DriftColumnView, DriftHistoryView } from '../../src/protocol/webview/drift';
import { h } from '../shared/dom';
import type { LazyDraw } from '../shared/lazyDraw';
import { PLOT_CONFIG, plotly, themedLayout } from '../shared/plot';
import { cssVar, plotColours } from '../shared/theme';
import { resultText, scoreText } from './format';
import { ecdfGap, ecdfTraces, featureTraces, overlayTraces, shareTraces, type DriftColours } from './traces';

export function driftColours(): DriftColours {
  const c = plotColours();
  return {
    reference: c.series(0),
    current: c.series(1),
    threshold: c.muted,
    drift: cssVar('--vscode-errorForeground', '#f14c4c'),
    series: (i) => c.series(i),
  };
}

const SMALL = { ...PLOT_CONFIG, displayModeBar: false };

/** One card per column: its overlay (and ECDF for KS), drawn when scrolled into view. */
export function overlayCard(c: DriftColumnView, lazy: LazyDraw): HTMLElement {
  const status = c.status !== 'ok' ? c.status : c.drifted ? 'drifted' : 'ok';
  const plots = h('div', { class: 'card-plots' });
  const card = h('section', { class: `card card-${status}`, attrs: { 'data-column': c.column } }, [
    h('header', {}, [
      h('h2', { text: c.column, title: c.column }),
      h('span', { class: `result result-${status}`, text: resultText(c) }),
      h('span', { class: 'muted', text: c.test ? `${c.test} ${scoreText(c.score, c.scoreKind)}` : '' }),
    ]),
    plots,
  ]);
  if (!c.overlay && !c.ecdf) {
    plots.append(
      h('div', { class: 'muted no-plot', text: c.status === 'ok' ? 'no overlay data' : (c.reason ?? 'not tested') }),
    );
    return card;
  }
  if (c.overlay) {
    const el = h('div', { class: 'plot overlay' });
    plots.append(el);
    lazy.add(el, () => drawOverlay(el, c));
  }
  if (c.ecdf) {
    const el = h('div', { class: 'plot ecdf' });
    plots.append(el);
    lazy.add(el, () => drawEcdf(el, c));
  }
  return card;
}

async function drawOverlay(el: HTMLElement, c: DriftColumnView): Promise<void> {
  if (!c.overlay) return;
  const layout = themedLayout({
    barmode: c.overlay.kind === 'histogram' ? 'overlay' : 'group',
    bargap: c.overlay.kind === 'histogram' ? 0 : 0.15,
    margin: { l: 48, r: 8, t: 24, b: c.overlay.kind === 'bars' ? 60 : 30 },
    title: {
      text: c.overlay.kind === 'histogram' ? 'share per bin' : 'share per category',
      font: { size: 11 },
      x: 0.02,
    },
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.12 },
    xaxis: { automargin: true, type: c.overlay.kind === 'bars' ? 'category' : 'linear' },
    yaxis: { tickformat: '.0%' },
  });
  await plotly().react(el, overlayTraces(c.overlay, driftColours()), layout, SMALL);
}

async function drawEcdf(el: HTMLElement, c: DriftColumnView): Promise<void> {
  if (!c.ecdf) return;
  const colours = driftColours();
  const gap = ecdfGap(c.ecdf);
  const shapes = gap
    ? [{ type: 'line', x0: gap.x, x1: gap.x, y0: 0, y1: 1, line: { color: colours.drift, dash: 'dot', width: 1 } }]
    : [];
  const layout = themedLayout({
    margin: { l: 40, r: 8, t: 24, b: 30 },
    title: { text: gap ? `ECDF (largest gap ${gap.d.toFixed(3)})` : 'ECDF', font: { size: 11 }, x: 0.02 },
    showlegend: false,
    shapes,
    yaxis: { range: [0, 1.02] },
  });
  await plotly().react(el, ecdfTraces(c.ecdf, colours), layout, SMALL);
}

/** The time axis spans the checks that measured something, so a check with too few rows does not squash the rest. */
function measuredRange(history: DriftHistoryView): { range?: [string, string] } {
  const times = history.at.filter((_, i) => history.share[i] !== null).map((t) => Date.parse(t));
  if (times.length === 0) return {};
  const lo = times.reduce((m, t) => Math.min(m, t), Infinity);
  const hi = times.reduce((m, t) => Math.max(m, t), -Infinity);
  const pad = Math.max((hi - lo) * 0.05, 30_000);
  return { range: [new Date(lo - pad).toISOString(), new Date(hi + pad).toISOString()] };
}

export async function drawHistory(
  shareEl: HTMLElement,
  featuresEl: HTMLElement,
  history: DriftHistoryView,
): Promise<void> {
  const colours = driftColours();
  const x = { type: 'date', automargin: true, ...measuredRange(history) };
  await plotly().react(
    shareEl,
    shareTraces(history, colours),
    themedLayout({
      margin: { l: 48, r: 8, t: 28, b: 36 },
      title: { text: 'drifted-column share per check', font: { size: 12 }, x: 0.02 },
      xaxis: x,
      yaxis: { range: [0, 1.05], tickformat: '.0%' },
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.15 },
    }),
    PLOT_CONFIG,
  );
  await plotly().react(
    featuresEl,
    featureTraces(history, colours),
    themedLayout({
      margin: { l: 48, r: 8, t: 28, b: 36 },
      title: { text: 'per-feature score per check (× = drifted)', font: { size: 12 }, x: 0.02 },
      xaxis: x,
      yaxis: { type: 'linear', rangemode: 'tozero' },
    }),
    PLOT_CONFIG,
  );
}
