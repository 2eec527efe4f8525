/**
 * Feature preprocessing of the tfjs trainer: fitted on the training table (standardize, minmax, onehot, impute,
 * array columns), saved as JSON in the model artifact, and applied to raw rows at training and serving time.
 */
import { MlopsError } from '../errors';
import type { ExperimentSpec, TfjsPreprocessSpec } from '../spec/types';
import { isMissing, toCategory, toNumber, toNumberArray } from './rawValues';
import type { RowSource } from './rowSource';

export type Scaling = 'standardize' | 'minmax' | 'none';
export type ImputeStrategy = NonNullable<TfjsPreprocessSpec['impute']>;

export type FeatureEncoder =
  /** x' = (x - offset) / divisor; a missing x becomes `fill` first (null: the row is dropped). */
  | {
      column: string;
      type: 'number';
      scaling: Scaling;
      offset: number;
      divisor: number;
      fill: number | null;
      min: number;
      max: number;
    }
  /** One slot per category; unseen and missing values leave every slot 0. */
  | { column: string; type: 'category'; categories: string[]; numeric: boolean }
  /** A flattened array of `shape`, every element scaled like a number column. */
  | {
      column: string;
      type: 'array';
      shape: number[];
      scaling: Scaling;
      offset: number;
      divisor: number;
      min: number;
      max: number;
    };

export interface FeaturePreprocess {
  impute: ImputeStrategy;
  features: FeatureEncoder[];
  /** The model input shape without the batch dimension. */
  inputShape: number[];
  /** Columns left out, and why. */
  dropped: Array<{ column: string; reason: string }>;
}

/** Text columns not listed under onehot are one-hot encoded when they have at most this many distinct values. */
export const AUTO_ONEHOT_MAX_CATEGORIES = 50;

export function encoderWidth(e: FeatureEncoder): number {
  if (e.type === 'number') return 1;
  if (e.type === 'category') return e.categories.length;
  return e.shape.reduce((a, d) => a * d, 1);
}

function stats(values: number[]): { mean: number; std: number; min: number; max: number; median: number } {
  if (values.length === 0) return { mean: 0, std: 1, min: 0, max: 0, median: 0 };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max, median };
}

function scaleParams(
  scaling: Scaling,
  s: { mean: number; std: number; min: number; max: number },
): { offset: number; divisor: number } {
  if (scaling === 'standardize') return { offset: s.mean, divisor: s.std > 0 ? s.std : 1 };
  if (scaling === 'minmax') return { offset: s.min, divisor: s.max > s.min ? s.max - s.min : 1 };
  return { offset: 0, divisor: 1 };
}

function noSuchColumn(what: string, column: string, existing: readonly string[]): MlopsError {
  return new MlopsError(
    `${what} "${column}" is not a column of the training data (columns: ${existing.join(', ')})`,
    'bad-input',
    'Fix the column name in mlops.yaml.',
  );
}

interface FitContext {
  source: RowSource;
  pre: TfjsPreprocessSpec;
  scalingOf(column: string): Scaling;
}

function fitNumber(ctx: FitContext, column: string): FeatureEncoder {
  const values: number[] = [];
  for (let i = 0; i < ctx.source.length; i++) {
    const v = toNumber(ctx.source.value(column, i));
    if (Number.isFinite(v)) values.push(v);
  }
  const s = stats(values);
  const impute = ctx.pre.impute ?? 'mean';
  const fill = impute === 'drop' ? null : impute === 'zero' ? 0 : impute === 'median' ? s.median : s.mean;
  const scaling = ctx.scalingOf(column);
  return { column, type: 'number', scaling, ...scaleParams(scaling, s), fill, min: s.min, max: s.max };
}

function fitCategory(ctx: FitContext, column: string): FeatureEncoder {
  const seen = new Set<string>();
  let numeric = true;
  for (let i = 0; i < ctx.source.length; i++) {
    const v = ctx.source.value(column, i);
    if (isMissing(v)) continue;
    if (Number.isNaN(toNumber(v)) || typeof v === 'boolean') numeric = false;
    seen.add(toCategory(v, false) as string);
  }
  const categories = numeric
    ? [...new Set([...seen].map((c) => String(Number(c))))].sort((a, b) => Number(a) - Number(b))
    : [...seen].sort();
  return { column, type: 'category', categories, numeric };
}

function fitArray(ctx: FitContext, column: string, shape: number[]): FeatureEncoder {
  const size = shape.reduce((a, d) => a * d, 1);
  const values: number[] = [];
  for (let i = 0; i < ctx.source.length; i++) {
    const arr = toNumberArray(ctx.source.value(column, i));
    if (!arr) continue;
    if (arr.length !== size) {
      throw new MlopsError(
        `column "${column}" row ${i + 1} holds ${arr.length} values, but preprocess.arrays.${column}.shape [${shape.join(', ')}] needs ${size}`,
        'bad-input',
        'Fix the shape in mlops.yaml or the data.',
      );
    }
    for (const v of arr) if (Number.isFinite(v)) values.push(v);
  }
  const s = stats(values);
  const scaling = ctx.scalingOf(column);
  return { column, type: 'array', shape, scaling, ...scaleParams(scaling, s), min: s.min, max: s.max };
}

function distinctCount(source: RowSource, column: string, cap: number): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < source.length && seen.size <= cap; i++) {
    const v = source.value(column, i);
    if (!isMissing(v)) seen.add(v);
  }
  return seen.size;
}

function isNumericColumn(source: RowSource, column: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const v = source.value(column, i);
    if (!isMissing(v) && Number.isNaN(toNumber(v))) return false;
  }
  return true;
}

/** Fits the feature preprocessing of `spec` on the training rows. The label column is never a feature. */
export function fitFeatures(
  source: RowSource,
  spec: Pick<ExperimentSpec, 'preprocess'>,
  label: string,
  features?: string[],
): FeaturePreprocess {
  const pre = spec.preprocess ?? {};
  const arrays = pre.arrays ?? {};
  const columns = features ?? source.columns.filter((c) => c !== label);
  for (const c of columns) if (!source.columns.includes(c)) throw noSuchColumn('feature', c, source.columns);
  const listed: Array<[string, string[] | undefined]> = [
    ['standardize', pre.standardize],
    ['minmax', pre.minmax],
    ['onehot', pre.onehot],
    ['arrays', Object.keys(arrays)],
  ];
  for (const [what, list] of listed) {
    for (const c of list ?? []) {
      if (c === label)
        throw new MlopsError(
          `preprocess.${what} lists the label "${label}"`,
          'bad-input',
          "Remove the label from the preprocessing lists; it is encoded from the model's last layer.",
        );
      if (!columns.includes(c)) throw noSuchColumn(`preprocess.${what} column`, c, columns);
    }
  }
  const ctx: FitContext = {
    source,
    pre,
    scalingOf: (c) => (pre.standardize?.includes(c) ? 'standardize' : pre.minmax?.includes(c) ? 'minmax' : 'none'),
  };
  const encoders: FeatureEncoder[] = [];
  const dropped: FeaturePreprocess['dropped'] = [];
  for (const column of columns) {
    if (arrays[column]) encoders.push(fitArray(ctx, column, arrays[column].shape));
    else if (pre.onehot?.includes(column)) encoders.push(fitCategory(ctx, column));
    else if (isNumericColumn(source, column)) encoders.push(fitNumber(ctx, column));
    else if (ctx.scalingOf(column) !== 'none') {
      throw new MlopsError(
        `column "${column}" holds text, so it cannot be scaled with ${ctx.scalingOf(column)}`,
        'bad-input',
        'List it under preprocess.onehot instead.',
      );
    } else if (distinctCount(source, column, AUTO_ONEHOT_MAX_CATEGORIES) <= AUTO_ONEHOT_MAX_CATEGORIES) {
      encoders.push(fitCategory(ctx, column));
    } else {
      dropped.push({
        column,
        reason: `text with more than ${AUTO_ONEHOT_MAX_CATEGORIES} distinct values; list it under preprocess.onehot to keep it`,
      });
    }
  }
  if (encoders.length === 0)
    throw new MlopsError(
      'no usable feature columns',
      'bad-input',
      'List numeric or categorical columns in data.features.',
    );
  const only = encoders.length === 1 && encoders[0].type === 'array' ? encoders[0] : undefined;
  const inputShape = only ? [...only.shape] : [encoders.reduce((a, e) => a + encoderWidth(e), 0)];
  return { impute: pre.impute ?? 'mean', features: encoders, inputShape, dropped };
}

export interface EncodedFeatures {
  /** Row-major values, `rows.length * size(inputShape)` long. */
  x: Float32Array;
  /** Index in the source of each encoded row (rows with missing values are skipped under impute: drop). */
  rows: number[];
}

/**
 * Encodes rows into the model's input. `onMissing: 'skip'` leaves out rows that impute: drop cannot fill
 * (training); `'throw'` raises an error naming the row and column instead (serving).
 */
export function encodeFeatures(
  pre: FeaturePreprocess,
  source: RowSource,
  onMissing: 'skip' | 'throw',
): EncodedFeatures {
  const width = pre.inputShape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(source.length * width);
  const rows: number[] = [];
  rowLoop: for (let i = 0; i < source.length; i++) {
    let at = rows.length * width;
    for (const e of pre.features) {
      const raw = source.value(e.column, i);
      if (e.type === 'category') {
        const key = toCategory(raw, e.numeric);
        const slot = key === null ? -1 : e.categories.indexOf(key);
        out.fill(0, at, at + e.categories.length);
        if (slot >= 0) out[at + slot] = 1;
        at += e.categories.length;
        continue;
      }
      const size = e.type === 'number' ? 1 : encoderWidth(e);
      const values = e.type === 'number' ? [toNumber(raw)] : (toNumberArray(raw) ?? new Array<number>(size).fill(NaN));
      if (values.length !== size) {
        throw new MlopsError(
          `row ${i + 1}: column "${e.column}" holds ${values.length} values, expected ${size} (shape [${(e as { shape: number[] }).shape.join(', ')}])`,
          'bad-input',
        );
      }
      for (let k = 0; k < size; k++) {
        let v = values[k];
        if (!Number.isFinite(v)) {
          const fill = e.type === 'number' ? e.fill : pre.impute === 'drop' ? null : e.offset;
          if (fill === null) {
            if (onMissing === 'skip') continue rowLoop;
            throw new MlopsError(
              `row ${i + 1}: column "${e.column}" is missing, and the model was trained with impute: drop`,
              'bad-input',
              'Send a value for every feature column.',
            );
          }
          v = fill;
        }
        out[at + k] = (v - e.offset) / e.divisor;
      }
      at += size;
    }
    rows.push(i);
  }
  return { x: out.subarray(0, rows.length * width), rows };
}
