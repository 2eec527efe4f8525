/**
 * Which GPUs a run gets. Pure: the inventory's indices, the GPUs each active run holds, and how many are wanted.
 * Returns null when the run must wait.
 */
export function pickGpus(
  available: readonly number[],
  inUse: ReadonlyArray<readonly number[]>,
  want: number,
  allowSharing: boolean,
): number[] | null {
  if (want <= 0) return [];
  if (want > available.length) return null;
  const load = new Map<number, number>(available.map((i) => [i, 0]));
  for (const held of inUse) for (const i of held) if (load.has(i)) load.set(i, load.get(i)! + 1);
  const candidates = [...available].filter((i) => allowSharing || load.get(i) === 0);
  if (candidates.length < want) return null;
  candidates.sort((a, b) => load.get(a)! - load.get(b)! || a - b);
  return candidates.slice(0, want).sort((a, b) => a - b);
}
