/** A seeded split of row indices into training and validation parts, so runs with the same seed hold out the same rows. */
import { mulberry32, shuffledIndices } from '../random/seededRandom';

/** Shuffles 0..n-1 with `seed` and holds out round(n × fraction) rows (at least one row stays for training). */
export function splitIndices(n: number, fraction: number, seed: number): { train: number[]; validation: number[] } {
  const order = Array.from(shuffledIndices(n, mulberry32(seed)));
  const held = Math.min(Math.round(n * fraction), Math.max(n - 1, 0));
  return { train: order.slice(0, n - held), validation: order.slice(n - held) };
}
