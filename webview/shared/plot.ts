/** Plotly, loaded once as its own script (dist/webview/plotly.js, the strict build: no eval), plus themed layouts. */
import { plotColours } from './theme';

type Data = Record<string, unknown>;
type Layout = Record<string, unknown>;

interface PlotlyStatic {
  newPlot(el: HTMLElement, data: Data[], layout: Layout, config?: Data): Promise<unknown>;
  react(el: HTMLElement, data: Data[], layout: Layout, config?: Data): Promise<unknown>;
  extendTraces(el: HTMLElement, update: Data, indices: number[], maxPoints?: number): Promise<unknown>;
  addTraces(el: HTMLElement, traces: Data | Data[]): Promise<unknown>;
  relayout(el: HTMLElement, update: Layout): Promise<unknown>;
  restyle(el: HTMLElement, update: Data, indices?: number[]): Promise<unknown>;
  purge(el: HTMLElement): void;
  toImage(
    el: HTMLElement,
    options: { format: 'png' | 'svg'; width: number; height: number; scale?: number },
  ): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}

declare global {
  interface Window {
    Plotly: PlotlyStatic;
  }
}

export function plotly(): PlotlyStatic {
  return window.Plotly;
}

let loading: Promise<PlotlyStatic> | undefined;
/** Plotly once its script has run; for pages that load plotly.js after their own script. */
export function plotlyLoaded(): Promise<PlotlyStatic> {
  loading ??= new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const script = document.querySelector<HTMLScriptElement>('script[src*="/plotly.js"]') ?? addLazyPlotly();
    if (!script) return reject(new Error('this page does not load plotly.js'));
    script.addEventListener('load', () => resolve(window.Plotly));
    script.addEventListener('error', () => reject(new Error('plotly.js failed to load')));
  });
  return loading;
}

/** Adds the script tag of a page that loads plotly lazily (`body[data-plotly-src]`), with the page's own nonce. */
function addLazyPlotly(): HTMLScriptElement | null {
  const src = document.body.dataset.plotlySrc;
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (!src || !nonce) return null;
  const script = document.createElement('script');
  script.nonce = nonce;
  script.src = src;
  document.body.append(script);
  return script;
}

export const PLOT_CONFIG = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ['toImage', 'select2d', 'lasso2d'],
};

/** Layout colours and fonts from the current theme; transparent backgrounds so the editor shows through. */
export function themedLayout(extra: Layout = {}): Layout {
  const c = plotColours();
  const axis = { gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid, tickcolor: c.grid, color: c.muted };
  const xaxis = { ...axis, ...((extra.xaxis as Layout | undefined) ?? {}) };
  const yaxis = { ...axis, ...((extra.yaxis as Layout | undefined) ?? {}) };
  return {
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: c.font, size: c.fontSize - 1, color: c.foreground },
    margin: { l: 50, r: 12, t: 28, b: 36 },
    hoverlabel: { bgcolor: c.background, bordercolor: c.grid, font: { color: c.foreground } },
    legend: { font: { color: c.foreground }, bgcolor: 'rgba(0,0,0,0)' },
    ...extra,
    xaxis,
    yaxis,
  };
}

let webgl: boolean | undefined;
/** scattergl when the browser has WebGL (fast with many points), SVG scatter otherwise. */
export function lineTraceType(points: number): 'scatter' | 'scattergl' {
  webgl ??= (() => {
    try {
      return document.createElement('canvas').getContext('webgl') !== null;
    } catch {
      return false;
    }
  })();
  return webgl && points > 5000 ? 'scattergl' : 'scatter';
}

/** Non-finite values become NaN, which plotly draws as a gap. */
export function gaps(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : NaN;
  return out;
}

/** TensorBoard-style debiased exponential moving average; restarts after a gap. */
export function smooth(values: Float64Array, weight: number): Float64Array {
  if (weight <= 0) return values;
  const out = new Float64Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      last = 0;
      count = 0;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    count++;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}
