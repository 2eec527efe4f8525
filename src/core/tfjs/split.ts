/** A seeded split of row indices into training and validation parts, so runs with the same seed hold out the same rows. */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles 0..n-1 with `seed` and holds out round(n × fraction) rows (at least one row stays for training). */
export function splitIndices(n: number, fraction: number, seed: number): { train: number[]; validation: number[] } {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const held = Math.min(Math.round(n * fraction), Math.max(n - 1, 0));
  return { train: order.slice(0, n - held), validation: order.slice(n - held) };
}
