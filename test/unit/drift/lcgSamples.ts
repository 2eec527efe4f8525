/** Rebuilds the samples of test/fixtures/data/drift/scipy-cases.json exactly as the Python generator does. */
export interface SampleSpec {
  kind: 'uniform' | 'tri' | 'ties' | 'const';
  seed: number;
  n: number;
  scale?: number;
  shift?: number;
  levels?: number;
}

export function lcg(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) % 4294967296;
    out[i] = s / 4294967296;
  }
  return out;
}

export function sampleFrom(spec: SampleSpec): Float64Array {
  const u = lcg(spec.seed, spec.n);
  const scale = spec.scale ?? 1;
  const shift = spec.shift ?? 0;
  switch (spec.kind) {
    case 'uniform':
      return u.map((x) => x * scale + shift);
    case 'tri': {
      const v = lcg(spec.seed + 7919, spec.n);
      return u.map((x, i) => (x + v[i]) * scale + shift);
    }
    case 'ties':
      return u.map((x) => Math.floor(x * spec.levels!) * scale + shift);
    case 'const':
      return new Float64Array(spec.n).fill(shift);
  }
}

/** |a − b| ≤ rel·|b|, with exact equality accepted and p-values below 1e-300 compared as "≤ 1e-300". */
export function closeTo(actual: number, expected: number, rel = 1e-9): boolean {
  if (actual === expected) return true;
  if (expected < 1e-300 && expected >= 0) return actual <= 1e-300;
  return Math.abs(actual - expected) <= rel * Math.abs(expected);
}
