/**
 * Permutation importance as scikit-learn's permutation_importance defines it: for each feature, shuffle its column
 * `repeats` times, score the model on each shuffled copy, and report baseline − score (mean and population std).
 * Shuffles come from a seeded PRNG (mulberry32), so a seed gives the same numbers on every machine; they are not
 * numpy's streams, so the draws (not the definition) differ from sklearn's.
 */
import { throwIfAborted } from '../errors';
import type { Column, Table } from '../data/table';
import type { FeatureImportance, ImportanceReport } from './types';
import { mulberry32, shuffledIndices } from '../random/seededRandom';

function permuteColumn(column: Column, order: Uint32Array): Column {
  if (column.kind === 'numeric') return { ...column, values: Float64Array.from(order, (i) => column.values[i]) };
  return { ...column, values: Array.from(order, (i) => column.values[i]) };
}

export interface ImportanceOptions {
  table: Table;
  features: string[];
  /** Scores the model on a table; higher is better (pass a negated error for error metrics). */
  score(table: Table): Promise<number>;
  scoring: string;
  repeats?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

export async function permutationImportance(opts: ImportanceOptions): Promise<ImportanceReport> {
  const repeats = opts.repeats ?? 5;
  const seed = opts.seed ?? 0;
  const random = mulberry32(seed);
  const baseline = await opts.score(opts.table);
  const features: FeatureImportance[] = [];
  let done = 0;
  for (const feature of opts.features) {
    const at = opts.table.columns.findIndex((c) => c.name === feature);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      throwIfAborted(opts.signal, 'permutation importance');
      const columns = opts.table.columns.slice();
      columns[at] = permuteColumn(columns[at], shuffledIndices(opts.table.rowCount, random));
      drops.push(baseline - (await opts.score({ ...opts.table, columns })));
      opts.onProgress?.(++done, opts.features.length * repeats);
    }
    const mean = drops.reduce((s, d) => s + d, 0) / repeats;
    const std = Math.sqrt(drops.reduce((s, d) => s + (d - mean) * (d - mean), 0) / repeats);
    features.push({ feature, mean, std, drops });
  }
  features.sort((a, b) => b.mean - a.mean);
  return { scoring: opts.scoring, baseline, repeats, seed, features };
}
