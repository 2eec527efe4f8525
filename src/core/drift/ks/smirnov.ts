import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * One-sided one-sample Smirnov survival function P(D⁺_n ≥ x), by the Birnbaum–Tingey sum
 * x·Σ_{j=0}^{⌊n(1−x)⌋} C(n,j)·(x + j/n)^(j−1)·(1 − x − j/n)^(n−j), whose terms are all positive
 * (summed in log space, largest first, so tiny probabilities keep their relative accuracy).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (x === 0) return 1;
  if (x === 1) return 0;
  if (n === 1) return 1 - x;
  const nx = n * x;
  if (nx >= n - 1) return Math.pow(1 - x, n);
  const last = Math.floor(n * (1 - x));
  const logs = new Float64Array(last + 1);
  let maxLog = -Infinity;
  const lgN1 = gammaln(n + 1);
  for (let j = 0; j <= last; j++) {
    const p = x + j / n;
    const q = 1 - x - j / n;
    let t: number;
    if (q <= 0) t = n - j === 0 ? lgN1 - gammaln(j + 1) - gammaln(n - j + 1) + (j - 1) * Math.log(p) : -Infinity;
    else t = lgN1 - gammaln(j + 1) - gammaln(n - j + 1) + (j - 1) * Math.log(p) + (n - j) * Math.log(q);
    logs[j] = t;
    if (t > maxLog) maxLog = t;
  }
  let sum = 0;
  for (let j = 0; j <= last; j++) sum += Math.exp(logs[j] - maxLog);
  return Math.min(1, x * sum * Math.exp(maxLog));
}
