/** Binary probabilistic scores: log loss, Brier score and the calibration curve, as scikit-learn computes them. */
import type { CalibrationCurve } from './types';

export const EPS = 2.220446049250313e-16;

/** log_loss: probabilities clipped to [eps, 1 − eps] per column (sklearn ≥ 1.5, float64 eps). */
export function logLoss(positive: Uint8Array, scores: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i];
    sum -= positive[i]
      ? Math.log(Math.min(Math.max(p, EPS), 1 - EPS))
      : Math.log(Math.min(Math.max(1 - p, EPS), 1 - EPS));
  }
  return sum / scores.length;
}

/** brier_score_loss: mean squared difference between the score and the 0/1 outcome. */
export function brierScore(positive: Uint8Array, scores: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const d = positive[i] - scores[i];
    sum += d * d;
  }
  return sum / scores.length;
}

/** calibration_curve(n_bins, strategy="uniform"): bin = searchsorted(inner edges, score, side="left"). */
export function calibrationCurve(positive: Uint8Array, scores: Float64Array, bins = 10): CalibrationCurve {
  // np.linspace(0, 1, bins + 1) computes i * step, so 3 * 0.1 is 0.30000000000000004 there too.
  const step = 1 / bins;
  const inner = Array.from({ length: bins - 1 }, (_, i) => (i + 1) * step);
  const sums = new Float64Array(bins);
  const trues = new Float64Array(bins);
  const totals = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i];
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] += p;
    trues[lo] += positive[i];
    totals[lo]++;
  }
  const out: CalibrationCurve = { probPred: [], probTrue: [], counts: [], bins };
  for (let b = 0; b < bins; b++) {
    if (totals[b] === 0) continue;
    out.probPred.push(sums[b] / totals[b]);
    out.probTrue.push(trues[b] / totals[b]);
    out.counts.push(totals[b]);
  }
  return out;
}
