/** Below this length the built-in comparison sort is as fast and needs no scratch buffers. */
const RADIX_MIN = 4096;
const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;

/**
 * Sorts finite doubles ascending in place, in the same order as `Float64Array.prototype.sort` (−0 before +0).
 * Large arrays use an LSD radix sort on the IEEE-754 bits (sign-flipped so that unsigned order is numeric order,
 * 6 passes of 11 bits, passes where every key has the same digit skipped): linear time, about 3× faster than the
 * comparison sort at a million values. NaN must not be present (the drift samples hold finite values only).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS * 6);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i];
    let h = words[2 * i + 1];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
    counts[l & MASK]++;
    counts[BUCKETS + ((l >>> 11) & MASK)]++;
    counts[2 * BUCKETS + (((l >>> 22) | (h << 10)) & MASK)]++;
    counts[3 * BUCKETS + ((h >>> 1) & MASK)]++;
    counts[4 * BUCKETS + ((h >>> 12) & MASK)]++;
    counts[5 * BUCKETS + (h >>> 23)]++;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * BUCKETS;
    if (counts[base + digit(lo[0], hi[0], pass)] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b];
      counts[base + b] = sum;
      sum += c;
    }
    const offsets = counts.subarray(base, base + BUCKETS);
    if (pass < 2) scatterLow(lo, hi, lo2, hi2, offsets, pass * BITS);
    else if (pass === 2) scatterMiddle(lo, hi, lo2, hi2, offsets);
    else scatterHigh(lo, hi, lo2, hi2, offsets, (pass - 3) * BITS + 1);
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    let l = lo[i];
    let h = hi[i];
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
  }
  return values;
}

function digit(l: number, h: number, pass: number): number {
  switch (pass) {
    case 0:
      return l & MASK;
    case 1:
      return (l >>> 11) & MASK;
    case 2:
      return ((l >>> 22) | (h << 10)) & MASK;
    case 3:
      return (h >>> 1) & MASK;
    case 4:
      return (h >>> 12) & MASK;
    default:
      return h >>> 23;
  }
}

function scatterLow(
  lo: Uint32Array,
  hi: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
  offsets: Uint32Array,
  shift: number,
): void {
  for (let i = 0; i < lo.length; i++) {
    const l = lo[i];
    const at = offsets[(l >>> shift) & MASK]++;
    lo2[at] = l;
    hi2[at] = hi[i];
  }
}

function scatterMiddle(
  lo: Uint32Array,
  hi: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
  offsets: Uint32Array,
): void {
  for (let i = 0; i < lo.length; i++) {
    const l = lo[i];
    const h = hi[i];
    const at = offsets[((l >>> 22) | (h << 10)) & MASK]++;
    lo2[at] = l;
    hi2[at] = h;
  }
}

function scatterHigh(
  lo: Uint32Array,
  hi: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
  offsets: Uint32Array,
  shift: number,
): void {
  for (let i = 0; i < lo.length; i++) {
    const h = hi[i];
    const at = offsets[(h >>> shift) & MASK]++;
    lo2[at] = lo[i];
    hi2[at] = h;
  }
}
