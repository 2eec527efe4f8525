/** Plotly traces of the drift panel: overlays, ECDFs and drift over time. Pure (colours come in); unit-tested. */
import type { ColumnOverlay, DriftHistoryView, EcdfCurve } from '../../src/protocol/webview/drift';

export interface DriftColours {
  reference: string;
  current: string;
  threshold: string;
  drift: string;
  series(i: number): string;
}

type Trace = Record<string, unknown>;

/** Reference and current shares: overlaid bins for numbers, side-by-side bars for categories (+ "other"). */
export function overlayTraces(overlay: ColumnOverlay, colours: DriftColours): Trace[] {
  if (overlay.kind === 'histogram') {
    const centres = overlay.reference.map((_, i) => (overlay.edges[i] + overlay.edges[i + 1]) / 2);
    const widths = overlay.reference.map((_, i) => overlay.edges[i + 1] - overlay.edges[i]);
    const side = (name: string, y: number[], color: string): Trace => ({
      type: 'bar',
      name,
      x: centres,
      y,
      width: widths,
      opacity: 0.55,
      marker: { color, line: { color, width: 1 } },
      hovertemplate: `${name} %{x}: %{y:.1%}<extra></extra>`,
    });
    return [side('reference', overlay.reference, colours.reference), side('current', overlay.current, colours.current)];
  }
  const hasOther = overlay.otherReference > 1e-12 || overlay.otherCurrent > 1e-12;
  const keys = hasOther ? [...overlay.keys.map(categoryLabel), '(other)'] : overlay.keys.map(categoryLabel);
  const side = (name: string, y: number[], other: number, color: string): Trace => ({
    type: 'bar',
    name,
    x: keys,
    y: hasOther ? [...y, other] : y,
    marker: { color },
    hovertemplate: `${name} %{x}: %{y:.1%}<extra></extra>`,
  });
  return [
    side('reference', overlay.reference, overlay.otherReference, colours.reference),
    side('current', overlay.current, overlay.otherCurrent, colours.current),
  ];
}

export function ecdfTraces(ecdf: EcdfCurve, colours: DriftColours): Trace[] {
  const line = (name: string, y: number[], color: string): Trace => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: ecdf.x,
    y,
    line: { color, shape: 'hv', width: 2 },
    hovertemplate: `${name} F(%{x}) = %{y:.3f}<extra></extra>`,
  });
  return [line('reference', ecdf.reference, colours.reference), line('current', ecdf.current, colours.current)];
}

/** The largest vertical gap between the two ECDFs on their grid (KS D, up to the thinning), and where. */
export function ecdfGap(ecdf: EcdfCurve): { x: number; d: number } | null {
  let best: { x: number; d: number } | null = null;
  for (let i = 0; i < ecdf.x.length; i++) {
    const d = Math.abs(ecdf.reference[i] - ecdf.current[i]);
    if (!best || d > best.d) best = { x: ecdf.x[i], d };
  }
  return best;
}

/** Drifted-column share per window, the drift-share line, and the windows with dataset drift marked. */
export function shareTraces(h: DriftHistoryView, colours: DriftColours): Trace[] {
  const traces: Trace[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'drifted share',
      x: h.at,
      y: h.share,
      connectgaps: false,
      line: { color: colours.series(0), width: 2 },
      marker: { size: 7, color: h.datasetDrift.map((d) => (d ? colours.drift : colours.series(0))) },
      hovertemplate: '%{x}: share %{y:.2f}<extra></extra>',
    },
  ];
  if (h.driftShare !== null && h.at.length > 0) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: `dataset drift at ≥ ${h.driftShare}`,
      x: [h.at[0], h.at[h.at.length - 1]],
      y: [h.driftShare, h.driftShare],
      line: { color: colours.threshold, dash: 'dash', width: 1 },
      hoverinfo: 'skip',
    });
  }
  return traces;
}

/** One line per feature (scores on one axis; the legend says which test and score kind each uses). */
export function featureTraces(h: DriftHistoryView, colours: DriftColours): Trace[] {
  return h.features.map((f, i) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name: `${f.column}${f.test ? ` (${f.test}${f.scoreKind === 'p_value' ? ', p' : ''})` : ''}`,
    x: h.at,
    y: f.scores,
    connectgaps: false,
    line: { color: colours.series(i), width: 1.5 },
    marker: {
      size: f.drifted.map((d) => (d ? 9 : 5)),
      symbol: f.drifted.map((d) => (d ? 'x' : 'circle')),
      color: colours.series(i),
    },
    hovertemplate: `${f.column} %{x}: %{y:.4g}<extra></extra>`,
  }));
}

export function categoryLabel(key: string): string {
  if (key === '') return '(empty)';
  return key.length > 24 ? `${key.slice(0, 23)}…` : key;
}
