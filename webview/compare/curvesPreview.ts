/**
 * A first paint of the curves on a canvas, drawn the moment they arrive while plotly (3.5 MB of script) still loads;
 * the plotly chart replaces it. Same margins, colours, smoothing, log scale and gaps as the chart, no interaction.
 */
import type { CurveData } from '../../src/protocol/webview/common';
import { gaps, smooth } from '../shared/plot';
import { plotColours } from '../shared/theme';

const MARGIN = { l: 50, r: 12, t: 28, b: 36 };

export function drawCurvesPreview(
  element: HTMLElement,
  curves: CurveData[],
  options: { logY: boolean; smoothing: number },
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'curves-preview';
  const width = Math.max(200, element.clientWidth);
  const height = Math.max(100, element.clientHeight);
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext('2d');
  element.replaceChildren(canvas);
  if (!g) return canvas;
  g.scale(scale, scale);
  const ys = curves.map((c) => {
    const y = smooth(gaps(c.y), options.smoothing);
    return options.logY ? y.map((v) => (v > 0 ? Math.log10(v) : NaN)) : y;
  });
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  curves.forEach((c, k) => {
    for (let i = 0; i < c.x.length; i++) {
      const y = ys[k][i];
      if (!Number.isFinite(y)) continue;
      if (c.x[i] < x0) x0 = c.x[i];
      if (c.x[i] > x1) x1 = c.x[i];
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  });
  if (!(x1 >= x0 && y1 >= y0)) return canvas;
  const colours = plotColours();
  const w = width - MARGIN.l - MARGIN.r;
  const h = height - MARGIN.t - MARGIN.b;
  const px = (x: number) => MARGIN.l + (x1 > x0 ? ((x - x0) / (x1 - x0)) * w : w / 2);
  const py = (y: number) => MARGIN.t + (y1 > y0 ? (1 - (y - y0) / (y1 - y0)) * h : h / 2);
  g.strokeStyle = colours.grid;
  g.strokeRect(MARGIN.l, MARGIN.t, w, h);
  g.lineWidth = 1.5;
  curves.forEach((c, k) => {
    g.strokeStyle = colours.series(c.color);
    g.beginPath();
    let pen = false;
    for (let i = 0; i < c.x.length; i++) {
      const y = ys[k][i];
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) g.lineTo(px(c.x[i]), py(y));
      else g.moveTo(px(c.x[i]), py(y));
      pen = true;
    }
    g.stroke();
  });
  return canvas;
}
