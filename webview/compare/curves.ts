/** The overlaid metric curves: downsampled by the host, smoothed and themed here, extended live, re-fetched on zoom. */
import type { CurveData, XAxisMode } from '../../src/protocol/webview/common';
import { gaps, plotly, PLOT_CONFIG, smooth, themedLayout } from '../shared/plot';
import { plotColours } from '../shared/theme';

export interface CurveOptions {
  metric: string;
  xAxis: XAxisMode;
  logY: boolean;
  smoothing: number;
}

export class CurvesChart {
  private curves: CurveData[] = [];
  private options: CurveOptions | undefined;
  private drawn = false;
  private ignoreRelayout = false;

  constructor(
    readonly element: HTMLElement,
    private readonly onZoom: (range: [number, number] | null) => void,
  ) {}

  get width(): number {
    return Math.max(200, this.element.clientWidth - 70);
  }

  async draw(curves: CurveData[], options: CurveOptions, range: [number, number] | null): Promise<void> {
    this.curves = curves;
    this.options = options;
    // SVG lines: the host already cut every curve to ≤ 4 points per pixel column, and in a browser without a GPU
    // (software WebGL) scattergl took seconds to paint 100 such curves where SVG takes a fraction of that.
    const type = 'scatter';
    const colours = plotColours();
    const traces = curves.map((c) => ({
      type,
      mode: 'lines',
      name: c.label,
      x: c.x,
      y: smooth(gaps(c.y), options.smoothing),
      line: { color: colours.series(c.color), width: 1.5 },
      connectgaps: false,
      hovertemplate: `${c.label}<br>%{x}: %{y}<extra></extra>`,
    }));
    const layout = themedLayout({
      title: { text: options.metric, font: { size: 13 } },
      showlegend: curves.length <= 20,
      xaxis: {
        title: { text: options.xAxis === 'step' ? 'step' : options.xAxis === 'relative' ? 'seconds since start' : '' },
        type: options.xAxis === 'time' ? 'date' : 'linear',
        ...(range ? { range, autorange: false } : { autorange: true }),
      },
      yaxis: { type: options.logY ? 'log' : 'linear', autorange: true },
      uirevision: `${options.metric}|${options.xAxis}`,
    });
    this.ignoreRelayout = true;
    await plotly().react(this.element, traces, layout, PLOT_CONFIG);
    this.ignoreRelayout = false;
    if (!this.drawn) {
      this.drawn = true;
      (this.element as HTMLElement & { on(event: string, fn: (e: Record<string, unknown>) => void): void }).on(
        'plotly_relayout',
        (e) => this.relayout(e),
      );
    }
  }

  /** Live points of one run, appended without redrawing the other curves. */
  async append(runId: string, x: Float64Array, y: Float64Array): Promise<void> {
    const index = this.curves.findIndex((c) => c.runId === runId);
    if (index < 0 || !this.options) return;
    const curve = this.curves[index];
    const joined = (a: Float64Array, b: Float64Array) => {
      const out = new Float64Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    };
    this.curves[index] = {
      ...curve,
      x: joined(curve.x, x),
      y: joined(curve.y, y),
      sourcePoints: curve.sourcePoints + x.length,
    };
    const xs = Array.from(x);
    if (this.options.smoothing > 0) {
      const full = smooth(gaps(this.curves[index].y), this.options.smoothing);
      await plotly().extendTraces(this.element, { x: [xs], y: [Array.from(full.subarray(full.length - y.length))] }, [
        index,
      ]);
    } else {
      await plotly().extendTraces(this.element, { x: [xs], y: [Array.from(gaps(y))] }, [index]);
    }
  }

  private relayout(e: Record<string, unknown>): void {
    if (this.ignoreRelayout || !this.options) return;
    if (e['xaxis.autorange'] === true) this.onZoom(null);
    else if (e['xaxis.range[0]'] !== undefined && e['xaxis.range[1]'] !== undefined) {
      const toNumber = (v: unknown) =>
        typeof v === 'string' ? Date.parse(v.includes(' ') ? `${v.replace(' ', 'T')}Z` : `${v}T00:00:00Z`) : Number(v);
      this.onZoom([toNumber(e['xaxis.range[0]']), toNumber(e['xaxis.range[1]'])]);
    }
  }

  async retheme(): Promise<void> {
    if (this.options) await this.draw(this.curves, this.options, null);
  }
}
