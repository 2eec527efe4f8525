/** Pan and zoom arithmetic for the lineage canvas. Pure: the view applies the result as an SVG transform. */

export interface Transform {
  /** Screen = content × k + (x, y). */
  x: number;
  y: number;
  k: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;

export const clampScale = (k: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, k));

/** Zooms by `factor` keeping the content point under (px, py) on screen where it is. */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampScale(t.k * factor);
  const ratio = k / t.k;
  return { k, x: px - (px - t.x) * ratio, y: py - (py - t.y) * ratio };
}

/**
 * The transform that shows a `width`×`height` drawing whole inside a `viewW`×`viewH` box, centred, never
 * magnified beyond 1 (small graphs stay at their natural, crisp size) and never below MIN_SCALE.
 */
export function fitTransform(width: number, height: number, viewW: number, viewH: number, padding = 16): Transform {
  if (width <= 0 || height <= 0 || viewW <= 0 || viewH <= 0) return { x: padding, y: padding, k: 1 };
  const k = clampScale(Math.min(1, (viewW - 2 * padding) / width, (viewH - 2 * padding) / height));
  return { k, x: (viewW - width * k) / 2, y: (viewH - height * k) / 2 };
}

/** Moves the view so the content point (cx, cy) sits at the centre of the box, at the current scale. */
export function centreOn(t: Transform, cx: number, cy: number, viewW: number, viewH: number): Transform {
  return { k: t.k, x: viewW / 2 - cx * t.k, y: viewH / 2 - cy * t.k };
}

export function transformAttr(t: Transform): string {
  return `translate(${t.x.toFixed(2)},${t.y.toFixed(2)}) scale(${t.k.toFixed(4)})`;
}
