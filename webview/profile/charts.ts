/** Plotly traces for a column's profile chart; pure (colours come in), so the shapes are unit-tested. */
import type { ProfileChart } from '../../src/protocol/webview/profile';

export interface ChartColours {
  main: string;
  muted: string;
}

type Trace = Record<string, unknown>;

/** Histogram bins as bars at their centres with their own widths (plotly's own binning would re-bin). */
export function profileTraces(chart: ProfileChart, colours: ChartColours): Trace[] {
  if (chart.kind === 'histogram') {
    const centres: number[] = [];
    const widths: number[] = [];
    const labels: string[] = [];
    for (let i = 0; i < chart.counts.length; i++) {
      const lo = chart.edges[i];
      const hi = chart.edges[i + 1];
      centres.push((lo + hi) / 2);
      widths.push(hi - lo);
      labels.push(`[${short(lo)}, ${short(hi)}${i === chart.counts.length - 1 ? ']' : ')'}`);
    }
    return [
      {
        type: 'bar',
        x: centres,
        y: chart.counts,
        width: widths,
        text: labels,
        hovertemplate: '%{text}: %{y}<extra></extra>',
        textposition: 'none',
        marker: { color: colours.main },
        name: 'count',
      },
    ];
  }
  const keys = chart.other > 0 ? [...chart.keys, '(other)'] : chart.keys;
  const counts = chart.other > 0 ? [...chart.counts, chart.other] : chart.counts;
  return [
    {
      type: 'bar',
      x: keys.map(labelOf),
      y: counts,
      hovertemplate: '%{x}: %{y}<extra></extra>',
      marker: { color: keys.map((k, i) => (i === chart.keys.length ? colours.muted : colours.main)) },
      name: 'count',
    },
  ];
}

/** Category labels as plotly shows them: empty strings visible, long ones cut. */
export function labelOf(key: string): string {
  if (key === '') return '(empty)';
  return key.length > 24 ? `${key.slice(0, 23)}…` : key;
}

function short(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
