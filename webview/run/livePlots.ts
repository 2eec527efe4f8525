/**
 * One small plot per series, extended in place with Plotly.extendTraces as points arrive. Incoming points are
 * batched and flushed at most every FLUSH_MS, which keeps a 50 points/s run cheap for the page.
 */
import type { SeriesPoints } from '../../src/protocol/webview/runDetail';
import { h } from '../shared/dom';
import { gaps, lineTraceType, plotly, PLOT_CONFIG, themedLayout } from '../shared/plot';
import { plotColours } from '../shared/theme';

const FLUSH_MS = 500;

interface Plot {
  el: HTMLElement;
  pending: { x: number[]; y: number[] };
  points: number;
  drawn: boolean;
}

export class LivePlots {
  private readonly plots = new Map<string, Plot>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  extended = 0;

  constructor(
    readonly element: HTMLElement,
    private readonly xOf: (s: SeriesPoints) => Float64Array,
    private readonly onFlush: (points: number) => void,
  ) {}

  get names(): string[] {
    return [...this.plots.keys()];
  }

  /** Draws a series from scratch (snapshot, or the file was replaced). */
  async set(series: SeriesPoints, note?: string): Promise<void> {
    let plot = this.plots.get(series.name);
    if (!plot) {
      const el = h('div', { class: 'live-plot' });
      this.element.append(el);
      plot = { el, pending: { x: [], y: [] }, points: 0, drawn: false };
      this.plots.set(series.name, plot);
    }
    plot.pending = { x: [], y: [] };
    plot.points = series.value.length;
    const colours = plotColours();
    const index = [...this.plots.keys()].indexOf(series.name);
    await plotly().react(
      plot.el,
      [
        {
          type: lineTraceType(series.value.length),
          mode: 'lines',
          x: Array.from(this.xOf(series)),
          y: Array.from(gaps(series.value)),
          line: { color: colours.series(index), width: 1.5 },
          connectgaps: false,
          name: series.name,
        },
      ],
      themedLayout({
        title: { text: note ? `${series.name} (${note})` : series.name, font: { size: 12 } },
        margin: { l: 44, r: 8, t: 26, b: 28 },
        showlegend: false,
      }),
      { ...PLOT_CONFIG, displayModeBar: false },
    );
    plot.drawn = true;
  }

  /** Queues new points; they are drawn on the next flush without touching the points already drawn. */
  append(series: SeriesPoints): void {
    const plot = this.plots.get(series.name);
    if (!plot) {
      void this.set(series);
      return;
    }
    const x = this.xOf(series);
    const y = gaps(series.value);
    for (let i = 0; i < x.length; i++) {
      plot.pending.x.push(x[i]);
      plot.pending.y.push(y[i]);
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const started = performance.now();
    let total = 0;
    for (const plot of this.plots.values()) {
      if (!plot.drawn || plot.pending.x.length === 0) continue;
      const { x, y } = plot.pending;
      plot.pending = { x: [], y: [] };
      plot.points += x.length;
      total += x.length;
      await plotly().extendTraces(plot.el, { x: [x], y: [y] }, [0]);
    }
    this.extended += total;
    // Time spent drawing appended points, readable by benchmarks (dataset.liveBusyMs).
    const busy = Number(document.body.dataset.liveBusyMs ?? 0) + (performance.now() - started);
    document.body.dataset.liveBusyMs = busy.toFixed(1);
    if (total > 0) this.onFlush(total);
  }

  pointCount(name: string): number {
    return this.plots.get(name)?.points ?? 0;
  }
}
