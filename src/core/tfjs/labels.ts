/**
 * The label side of the tfjs trainer: which task the experiment is, how the label is encoded for the model's
 * last layer, and how model outputs turn back into predictions.
 */
import { MlopsError } from '../errors';
import type { TfjsTrainSpec } from '../spec/types';
import { isMissing, toCategory, toNumber } from './rawValues';
import type { RowSource } from './rowSource';

export type Task = NonNullable<TfjsTrainSpec['task']>;

export type LabelEncoder =
  /** binary: one sigmoid output, the probability of classes[1]; onehot: one softmax output per class. */
  | { column: string; task: 'classification'; classes: Array<string | number>; encoding: 'binary' | 'onehot' }
  /** The model predicts the standardized target; predictions are mapped back with mean and std. */
  | { column: string; task: 'regression'; mean: number; std: number; min: number; max: number };

/** The model's last layer, which decides how the label is encoded. */
export interface ModelHead {
  units: number;
  activation: string;
}

export interface Prediction {
  /** The predicted class (classification) or value (regression). */
  prediction: string | number;
  /** Probability per class, keyed by the class as text (classification only). */
  probabilities?: Record<string, number>;
}

/** Row indices whose label is present; rows without a label cannot be trained or scored. */
export function labelledRows(source: RowSource, column: string): number[] {
  const rows: number[] = [];
  for (let i = 0; i < source.length; i++) if (!isMissing(source.value(column, i))) rows.push(i);
  return rows;
}

export function inferTask(source: RowSource, column: string, head: ModelHead, declared?: Task): Task {
  if (declared) return declared;
  if (head.activation === 'sigmoid' || head.activation === 'softmax') return 'classification';
  for (let i = 0; i < source.length; i++) {
    const v = source.value(column, i);
    if (!isMissing(v) && Number.isNaN(toNumber(v))) return 'classification';
  }
  return 'regression';
}

function headHint(k: number): string {
  const binary = k === 2 ? '{dense: 1, activation: sigmoid} or ' : '';
  return `End model.layers with ${binary}{dense: ${k}, activation: softmax}.`;
}

/** Fits the label encoding on the training rows (rows without a label are ignored) and checks that the model's last layer fits it. */
export function fitLabel(source: RowSource, column: string, head: ModelHead, declared?: Task): LabelEncoder {
  if (!source.columns.includes(column)) {
    throw new MlopsError(
      `the label column "${column}" is not in the training data (columns: ${source.columns.join(', ')})`,
      'bad-input',
      'Set data.label in mlops.yaml to one of these columns.',
    );
  }
  const task = inferTask(source, column, head, declared);
  if (task === 'regression') {
    const values: number[] = [];
    for (let i = 0; i < source.length; i++) {
      if (isMissing(source.value(column, i))) continue;
      const v = toNumber(source.value(column, i));
      if (Number.isNaN(v)) {
        throw new MlopsError(
          `regression needs a numeric label, but "${column}" holds ${JSON.stringify(source.value(column, i))} (row ${i + 1})`,
          'bad-input',
          'Set train.task: classification, or fix the label column.',
        );
      }
      values.push(v);
    }
    if (head.units !== 1 || head.activation !== 'linear') {
      throw new MlopsError(
        `for regression the last layer must be {dense: 1} with a linear activation, found ${head.units} units with ${head.activation}`,
        'bad-input',
        'The trainer standardizes the target; end model.layers with {dense: 1}.',
      );
    }
    const mean = values.reduce((a, v) => a + v, 0) / Math.max(values.length, 1);
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(values.length, 1));
    return {
      column,
      task,
      mean,
      std: std > 0 ? std : 1,
      min: values.reduce((m, v) => Math.min(m, v), Infinity),
      max: values.reduce((m, v) => Math.max(m, v), -Infinity),
    };
  }
  const seen = new Map<string, string | number>();
  let numeric = true;
  for (let i = 0; i < source.length; i++) {
    const v = source.value(column, i);
    if (isMissing(v)) continue;
    if (Number.isNaN(toNumber(v)) || typeof v === 'boolean') numeric = false;
    seen.set(toCategory(v, false) as string, v as string | number);
  }
  const classes: Array<string | number> = numeric
    ? [...new Set([...seen.values()].map((v) => toNumber(v)))].sort((a, b) => a - b)
    : [...seen.keys()].sort();
  const k = classes.length;
  if (k < 2)
    throw new MlopsError(
      `the label "${column}" has ${k} class${k === 1 ? '' : 'es'} in the training data; classification needs at least 2`,
      'bad-input',
    );
  if (k === 2 && head.units === 1 && head.activation === 'sigmoid')
    return { column, task, classes, encoding: 'binary' };
  if (head.units === k && head.activation === 'softmax') return { column, task, classes, encoding: 'onehot' };
  const shown = classes.slice(0, 10).join(', ') + (k > 10 ? ', …' : '');
  throw new MlopsError(
    `the last layer (${head.units} units, ${head.activation}) does not fit the label "${column}" with ${k} classes (${shown})`,
    'bad-input',
    headHint(k),
  );
}

export function outputUnits(label: LabelEncoder): number {
  return label.task === 'classification' && label.encoding === 'onehot' ? label.classes.length : 1;
}

/** Class index of each row's label; -1 for a class the encoder has not seen. */
export function classIndices(label: LabelEncoder & { task: 'classification' }, source: RowSource): Int32Array {
  const numeric = typeof label.classes[0] === 'number';
  const keys = label.classes.map(String);
  const out = new Int32Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const key = toCategory(source.value(label.column, i), numeric);
    out[i] = key === null ? -1 : keys.indexOf(key);
  }
  return out;
}

/** The training target: 0/1, one-hot rows, or the standardized value. Unseen classes are an error. */
export function encodeLabels(label: LabelEncoder, source: RowSource): Float32Array {
  if (label.task === 'regression') {
    const y = new Float32Array(source.length);
    for (let i = 0; i < source.length; i++) y[i] = (toNumber(source.value(label.column, i)) - label.mean) / label.std;
    return y;
  }
  const idx = classIndices(label, source);
  const units = outputUnits(label);
  const y = new Float32Array(source.length * units);
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0) {
      throw new MlopsError(
        `row ${i + 1}: label ${JSON.stringify(source.value(label.column, i))} is not one of the training classes (${label.classes.join(', ')})`,
        'bad-input',
      );
    }
    if (units === 1) y[i] = idx[i];
    else y[i * units + idx[i]] = 1;
  }
  return y;
}

/** Per-row class probabilities (rows × classes) from the model's raw outputs. */
export function classProbabilities(
  label: LabelEncoder & { task: 'classification' },
  outputs: Float32Array,
  n: number,
): Float32Array[] {
  const k = label.classes.length;
  const rows: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    if (label.encoding === 'binary') rows.push(Float32Array.of(1 - outputs[i], outputs[i]));
    else rows.push(outputs.slice(i * k, (i + 1) * k));
  }
  return rows;
}

/** Model outputs → predictions in the label's own terms. */
export function decodePredictions(label: LabelEncoder, outputs: Float32Array, n: number): Prediction[] {
  if (label.task === 'regression') {
    return Array.from({ length: n }, (_, i) => ({ prediction: outputs[i] * label.std + label.mean }));
  }
  return classProbabilities(label, outputs, n).map((p) => {
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    const probabilities: Record<string, number> = {};
    label.classes.forEach((cls, c) => (probabilities[String(cls)] = p[c]));
    return { prediction: label.classes[best], probabilities };
  });
}
