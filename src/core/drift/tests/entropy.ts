/** Σ rel_entr(a, b) with rel_entr(a, b) = a·ln(a/b) for a > 0, 0 for a = 0, +∞ when b = 0 < a (SciPy). */
export function relEntrSum(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > 0) s += b[i] > 0 ? a[i] * Math.log(a[i] / b[i]) : Infinity;
  }
  return s;
}
