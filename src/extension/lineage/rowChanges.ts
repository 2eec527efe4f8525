import type { RunSummary } from '../../core/tracking/types';

/** Ids whose index row was added, replaced or removed since `previous` (rows are replaced when their run changes). */
export function changedRows(
  previous: ReadonlyMap<string, RunSummary>,
  rows: readonly RunSummary[],
): { changed: string[]; removed: string[] } {
  const current = new Set<string>();
  const changed: string[] = [];
  for (const row of rows) {
    current.add(row.id);
    if (previous.get(row.id) !== row) changed.push(row.id);
  }
  const removed = [...previous.keys()].filter((id) => !current.has(id));
  return { changed, removed };
}
