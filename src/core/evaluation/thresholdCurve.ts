/**
 * scikit-learn's confusion counts at every distinct score (metrics._ranking.confusion_matrix_at_thresholds): scores
 * sorted descending, ties grouped into one point. Positives and negatives are sorted apart (two native typed-array
 * sorts) and merged, which keeps a million scores well under a second.
 */

export interface ThresholdCounts {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** Cumulative true positives / false positives among rows scoring ≥ thresholds[k]. */
  tps: Float64Array;
  fps: Float64Array;
}

export function thresholdCounts(positive: Uint8Array, scores: Float64Array): ThresholdCounts {
  const n = scores.length;
  let p = 0;
  for (let i = 0; i < n; i++) p += positive[i];
  const pos = new Float64Array(p);
  const neg = new Float64Array(n - p);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (positive[i]) pos[a++] = scores[i];
    else neg[b++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === t) {
      fp++;
      j--;
    }
    thresholds[k] = t;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds: thresholds.slice(0, k), tps: tps.slice(0, k), fps: fps.slice(0, k) };
}
