/**
 * M4 downsampling (Jugel et al., VLDB 2014): per pixel column keep the first, last, minimum and maximum point, so a
 * line drawn from the result is pixel-identical to one drawn from every point and no spike is ever lost. Non-finite
 * values become gaps: the first one in a column is kept as a NaN point, which breaks the line where it occurred.
 */

export interface XYSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Number of valid points (defaults to x.length); lets callers pass over-allocated typed arrays. */
  length?: number;
}

export interface DownsampleOptions {
  /** Pixel columns of the plot area. */
  columns: number;
  /** Visible x range; one point beyond each edge is kept so lines run off the plot instead of stopping short. */
  range?: readonly [number, number];
}

export interface Downsampled {
  x: Float64Array;
  /** NaN marks a gap. */
  y: Float64Array;
  /** Points of the input inside the requested range. */
  sourcePoints: number;
}

/** Index range [from, to) of points whose x lies in `range`, widened by one point on each side. */
function visibleSpan(x: ArrayLike<number>, n: number, range?: readonly [number, number]): [number, number] {
  if (!range) return [0, n];
  let from = 0;
  while (from < n && !(x[from] >= range[0])) from++;
  let to = n;
  while (to > from && !(x[to - 1] <= range[1])) to--;
  return [Math.max(0, from - 1), Math.min(n, to + 1)];
}

export function downsampleM4(series: XYSeries, options: DownsampleOptions): Downsampled {
  const n = series.length ?? series.x.length;
  const { x, y } = series;
  const [from, to] = visibleSpan(x, n, options.range);
  const count = to - from;
  const columns = Math.max(1, Math.floor(options.columns));
  if (count <= columns * 4) return copySpan(x, y, from, to);

  let x0 = Infinity;
  let x1 = -Infinity;
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (v < x0) x0 = v;
    if (v > x1) x1 = v;
  }
  if (!(x1 > x0)) return copySpan(x, y, from, to);
  const width = (x1 - x0) / columns;

  const first = new Int32Array(columns).fill(-1);
  const last = new Int32Array(columns).fill(-1);
  const min = new Int32Array(columns).fill(-1);
  const max = new Int32Array(columns).fill(-1);
  const gap = new Int32Array(columns).fill(-1);
  for (let i = from; i < to; i++) {
    const xv = x[i];
    if (!Number.isFinite(xv)) continue;
    let c = Math.floor((xv - x0) / width);
    if (c >= columns) c = columns - 1;
    const yv = y[i];
    if (!Number.isFinite(yv)) {
      if (gap[c] < 0) gap[c] = i;
      continue;
    }
    if (first[c] < 0) first[c] = i;
    last[c] = i;
    if (min[c] < 0 || yv < y[min[c]]) min[c] = i;
    if (max[c] < 0 || yv > y[max[c]]) max[c] = i;
  }

  const outX = new Float64Array(columns * 5);
  const outY = new Float64Array(columns * 5);
  let k = 0;
  const picked = [0, 0, 0, 0, 0];
  for (let c = 0; c < columns; c++) {
    let m = 0;
    for (const idx of [first[c], min[c], max[c], last[c], gap[c]]) {
      if (idx >= 0 && !picked.slice(0, m).includes(idx)) picked[m++] = idx;
    }
    const chosen = picked.slice(0, m).sort((a, b) => a - b);
    for (const idx of chosen) {
      outX[k] = x[idx];
      outY[k] = idx === gap[c] ? NaN : y[idx];
      k++;
    }
  }
  return { x: outX.slice(0, k), y: outY.slice(0, k), sourcePoints: count };
}

function copySpan(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): Downsampled {
  const outX = new Float64Array(to - from);
  const outY = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    outX[i - from] = x[i];
    const v = y[i];
    outY[i - from] = Number.isFinite(v) ? v : NaN;
  }
  return { x: outX, y: outY, sourcePoints: to - from };
}

/** Finite minimum and maximum of y (undefined when there is no finite value). */
export function finiteExtent(y: ArrayLike<number>, length = y.length): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
