/**
 * From table columns to checked evaluation inputs: equal lengths, no missing labels, scores that are numbers (in
 * [0, 1] for binary), a task and a positive label. Every problem names the column, the row and the value.
 */
import { MlopsError } from '../errors';
import type { Column } from '../data/table';
import { argmaxClasses, checkClassScores, type ClassScoreColumn, type ClassScores } from './classScores';
import { labelKey, sortLabels } from './labels';
import type { EvalTask } from './types';

export interface EvalColumns {
  label: Column;
  score?: Column;
  prediction?: Column;
  group?: Column;
  /** Multiclass: one probability column per class (the predicted class is their argmax when no prediction is given). */
  classScores?: ClassScoreColumn[];
}

export interface EvalOptions {
  task?: EvalTask;
  /** Binary: a score ≥ threshold predicts the positive label (default 0.5). */
  threshold?: number;
  /** Binary: the label that counts as positive; found for 0/1, -1/1, false/true, no/yes. */
  positiveLabel?: string;
}

export interface CheckedInputs {
  task: EvalTask;
  n: number;
  labelName: string;
  /** Labels as text keys (classification only; empty for regression). */
  yKeys: string[];
  yNumbers?: Float64Array;
  scoreName?: string;
  scores?: Float64Array;
  predictionName?: string;
  predKeys?: string[];
  predNumbers?: Float64Array;
  classScores?: ClassScores;
  groupName?: string;
  groups?: string[];
  positiveLabel?: string;
  threshold: number;
}

const MAX_CLASSES_FOR_INFERENCE = 20;
const POSITIVE_PAIRS: Array<[string, string]> = [
  ['0', '1'],
  ['-1', '1'],
  ['false', 'true'],
  ['no', 'yes'],
  ['n', 'y'],
];

function rowsMention(rows: number[], total: number): string {
  const shown = rows
    .slice(0, 3)
    .map((r) => r + 1)
    .join(', ');
  return `row${rows.length > 1 ? 's' : ''} ${shown}${total > 3 ? ` (and ${total - 3} more)` : ''}`;
}

function keysOf(column: Column, role: string): string[] {
  const out = new Array<string>(column.values.length);
  const missing: number[] = [];
  let missingCount = 0;
  // Labels repeat: convert each distinct number to its key once.
  const numberKeys = new Map<number, string>();
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
      if (missing.length < 3) missing.push(i);
      missingCount++;
      out[i] = '';
    } else if (typeof v === 'number') {
      let key = numberKeys.get(v);
      if (key === undefined) numberKeys.set(v, (key = labelKey(v)));
      out[i] = key;
    } else out[i] = v;
  }
  if (missingCount > 0) {
    throw new MlopsError(
      `the ${role} column '${column.name}' has ${missingCount} missing value${missingCount > 1 ? 's' : ''} at data ${rowsMention(missing, missingCount)}`,
      'bad-input',
      `Drop those rows or fill the ${role}s before evaluating.`,
    );
  }
  return out;
}

/** Distinct non-missing values, counted without building keys (fast for a numeric million). */
function distinctCount(column: Column): number {
  const seen = new Set<number | string>();
  for (const v of column.values) if (v !== null && !(typeof v === 'number' && Number.isNaN(v))) seen.add(v);
  return seen.size;
}

function numbersOf(column: Column, role: string, why: string): Float64Array {
  if (column.kind !== 'numeric') {
    const bad = column.values.findIndex((v) => v !== null && !Number.isFinite(Number(v)));
    throw new MlopsError(
      `the ${role} column '${column.name}' holds text (data row ${bad + 1}: ${JSON.stringify(column.values[bad])}), but ${why}`,
      'bad-input',
      `Pass a numeric column as the ${role}.`,
    );
  }
  const nan: number[] = [];
  let count = 0;
  for (let i = 0; i < column.values.length; i++) {
    if (Number.isNaN(column.values[i])) {
      if (nan.length < 3) nan.push(i);
      count++;
    }
  }
  if (count > 0)
    throw new MlopsError(
      `the ${role} column '${column.name}' has ${count} NaN or missing value${count > 1 ? 's' : ''} at data ${rowsMention(nan, count)}`,
      'bad-input',
      `Every row needs a ${role}; drop or fill those rows.`,
    );
  return column.values;
}

function requireSameLength(cols: EvalColumns): number {
  const n = cols.label.values.length;
  const roles: Array<[string, Column | undefined]> = [
    ['score', cols.score],
    ['prediction', cols.prediction],
    ['group', cols.group],
    ...(cols.classScores ?? []).map((s): [string, Column] => ['score', s.column]),
  ];
  for (const [role, c] of roles) {
    if (c && c.values.length !== n)
      throw new MlopsError(
        `the ${role} column '${c.name}' has ${c.values.length} values but the label column '${cols.label.name}' has ${n}`,
        'bad-input',
        'Pass one prediction per labelled row.',
      );
  }
  if (n === 0)
    throw new MlopsError(
      'there are no rows to evaluate',
      'bad-input',
      'Check that the file holds rows below its header.',
    );
  return n;
}

function inferTask(cols: EvalColumns): EvalTask {
  if (cols.classScores) return 'multiclass';
  const distinct = distinctCount(cols.label);
  if (!cols.prediction) {
    if (distinct <= 2) return 'binary';
    throw new MlopsError(
      `the label column '${cols.label.name}' has ${distinct} classes, so a single --score column cannot evaluate it`,
      'bad-input',
      'For multiclass pass the predicted class with --prediction COL (and --task multiclass).',
    );
  }
  const label = cols.label;
  const prediction = cols.prediction;
  const fractional = (c: Column) => c.kind === 'numeric' && !c.integer;
  if (label.kind === 'numeric' && prediction.kind === 'numeric' && (fractional(label) || fractional(prediction)))
    return 'regression';
  if (distinct <= 2) return 'binary';
  if (label.kind === 'numeric' && distinct > MAX_CLASSES_FOR_INFERENCE) return 'regression';
  return 'multiclass';
}

function positiveLabelOf(labelName: string, keys: string[], given: string | undefined): string {
  const present = sortLabels(keys);
  if (given !== undefined) {
    if (present.length === 2 && !present.includes(given))
      throw new MlopsError(
        `--positive ${given} is not a label of '${labelName}' (it holds ${present.join(', ')})`,
        'bad-input',
        `Use one of ${present.join(', ')}.`,
      );
    return given;
  }
  for (const [neg, pos] of POSITIVE_PAIRS) {
    if (present.every((k) => k.toLowerCase() === neg || k.toLowerCase() === pos))
      return present.find((k) => k.toLowerCase() === pos) ?? pos;
  }
  throw new MlopsError(
    `cannot tell which label of '${labelName}' is the positive class (${present.join(', ')})`,
    'bad-input',
    `Say it with --positive ${present[present.length - 1]}.`,
  );
}

export function checkInputs(cols: EvalColumns, opts: EvalOptions = {}): CheckedInputs {
  const n = requireSameLength(cols);
  if (!cols.score && !cols.prediction && !cols.classScores)
    throw new MlopsError(
      'nothing to evaluate: neither a score nor a prediction column was given',
      'bad-input',
      'Pass --score COL (a probability) or --prediction COL (a predicted label or value).',
    );
  const task = opts.task ?? inferTask(cols);
  if (cols.classScores && task !== 'multiclass')
    throw new MlopsError(
      `one score column per class is for a multiclass evaluation, not ${task}`,
      'bad-input',
      task === 'binary' ? 'For binary labels pass the positive class’s probability alone: --score COL.' : undefined,
    );
  const threshold = opts.threshold ?? 0.5;
  const out: CheckedInputs = { task, n, labelName: cols.label.name, yKeys: [], threshold };
  if (cols.group) {
    out.groupName = cols.group.name;
    out.groups = Array.from(cols.group.values as ArrayLike<string | number | null>, (v) =>
      v === null || (typeof v === 'number' && Number.isNaN(v)) ? '(missing)' : labelKey(v),
    );
  }
  if (task === 'regression') {
    if (!cols.prediction)
      throw new MlopsError('a regression needs the predicted values', 'bad-input', 'Pass --prediction COL.');
    out.yNumbers = numbersOf(cols.label, 'label', 'a regression target must be a number');
    out.predictionName = cols.prediction.name;
    out.predNumbers = numbersOf(cols.prediction, 'prediction', 'a regression prediction must be a number');
    return out;
  }
  const yKeys = (out.yKeys = keysOf(cols.label, 'label'));
  if (cols.prediction) {
    out.predictionName = cols.prediction.name;
    out.predKeys = keysOf(cols.prediction, 'prediction');
  }
  if (task === 'multiclass') {
    if (cols.classScores) {
      out.classScores = checkClassScores(cols.classScores, cols.label.name, yKeys, out.predKeys);
      out.scoreName = out.classScores.columns.join(',');
      out.predKeys ??= argmaxClasses(out.classScores, n);
    }
    if (!out.predKeys)
      throw new MlopsError(
        'a multiclass evaluation needs the predicted class or the class probabilities',
        'bad-input',
        'Pass --prediction COL, or one probability column per class: --score p_a,p_b,p_c.',
      );
    return out;
  }
  const distinct = new Set(yKeys).size;
  if (distinct > 2)
    throw new MlopsError(
      `the label column '${cols.label.name}' has ${distinct} classes (${sortLabels(yKeys).slice(0, 5).join(', ')}…), not 2`,
      'bad-input',
      'Use --task multiclass with --prediction COL.',
    );
  out.positiveLabel = positiveLabelOf(
    cols.label.name,
    out.predKeys ? [...yKeys, ...out.predKeys] : yKeys,
    opts.positiveLabel,
  );
  if (cols.score) {
    out.scoreName = cols.score.name;
    const scores = numbersOf(cols.score, 'score', 'a binary score must be a probability in [0, 1]');
    for (let i = 0; i < n; i++) {
      if (scores[i] < 0 || scores[i] > 1) {
        throw new MlopsError(
          `the score column '${cols.score.name}' has ${scores[i]} at data row ${i + 1}, outside [0, 1]`,
          'bad-input',
          'Binary scores must be probabilities of the positive class: apply a sigmoid to raw margins, or pass the column with --prediction.',
        );
      }
    }
    out.scores = scores;
  }
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    throw new MlopsError(`--threshold ${threshold} is not in [0, 1]`, 'bad-input');
  return out;
}
