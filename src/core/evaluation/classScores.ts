/**
 * Multiclass probabilities: one score column per class. Columns are matched to the classes of the label column (by an
 * explicit LABEL=COL, or by a column name that is the label or ends with it after a separator, as in p_cat or
 * prob(cat)), checked to be probabilities whose rows sum to 1, and turned into predicted classes by argmax.
 */
import { MlopsError } from '../errors';
import type { Column } from '../data/table';
import { sortLabels } from './labels';

export interface ClassScoreColumn {
  /** The class this column scores; found from the column's name when left out. */
  label?: string;
  column: Column;
}

export interface ClassScores {
  /** Classes in scikit-learn's order (sortLabels), one score vector each. */
  labels: string[];
  columns: string[];
  scores: Float64Array[];
}

const SEPARATORS = new Set(['_', '-', '.', ':', '(', ' ', '=', '/']);

/** The class a column name stands for: the name itself, or the longest label it ends with after a separator. */
export function classOfColumnName(name: string, labels: readonly string[]): string | undefined {
  if (labels.includes(name)) return name;
  const bare = name.endsWith(')') ? name.slice(0, -1) : name;
  let best: string | undefined;
  for (const label of labels) {
    if (label === '' || !bare.endsWith(label) || bare.length === label.length) continue;
    if (!SEPARATORS.has(bare[bare.length - label.length - 1])) continue;
    if (best === undefined || label.length > best.length) best = label;
  }
  return best;
}

interface NamePattern {
  prefix: string;
  suffix: string;
}

/** The prefix and suffix every matched column shares around its class (p_ and '' for p_cat, p_dog). */
function namePattern(matched: Array<[string, string]>): NamePattern | undefined {
  if (matched.length < 2) return undefined;
  const parts = matched.map(([name, cls]) => {
    const at = name.lastIndexOf(cls);
    return { prefix: name.slice(0, at), suffix: name.slice(at + cls.length) };
  });
  const same = parts.every((p) => p.prefix === parts[0].prefix && p.suffix === parts[0].suffix);
  return same ? parts[0] : undefined;
}

/** A column for a class the data never shows (p_yak beside p_cat, p_dog): the class is what the shared pattern leaves. */
function classFromPattern(name: string, pattern: NamePattern | undefined): string | undefined {
  if (!pattern || name.length <= pattern.prefix.length + pattern.suffix.length) return undefined;
  if (!name.startsWith(pattern.prefix) || !name.endsWith(pattern.suffix)) return undefined;
  return name.slice(pattern.prefix.length, name.length - pattern.suffix.length);
}

/** np.allclose(1, rowSum): |1 − s| ≤ 1e-8 + 1e-5·|s|, the test scikit-learn's multiclass roc_auc_score applies. */
export function sumsToOne(sum: number): boolean {
  return Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum);
}

function matchColumns(
  given: readonly ClassScoreColumn[],
  labelName: string,
  classes: string[],
  required: string[],
): Map<string, Column> {
  const byClass = new Map<string, Column>();
  const found = given.map((g) => g.label ?? classOfColumnName(g.column.name, classes));
  const pattern = namePattern(
    given.flatMap((g, i) => (g.label === undefined && found[i] ? [[g.column.name, found[i]!]] : [])),
  );
  for (const [i, { column }] of given.entries()) {
    const cls = found[i] ?? classFromPattern(column.name, pattern);
    if (cls === undefined)
      throw new MlopsError(
        `cannot tell which class of '${labelName}' the score column '${column.name}' is for (its classes are ${classes.join(', ')})`,
        'bad-input',
        `Name the class: --score ${classes[0]}=${column.name},… (or name the columns after the classes, as p_${classes[0]}).`,
      );
    const taken = byClass.get(cls);
    if (taken)
      throw new MlopsError(
        `two score columns are for class '${cls}': '${taken.name}' and '${column.name}'`,
        'bad-input',
        `Give each class one column, with LABEL=COL where the names are ambiguous.`,
      );
    byClass.set(cls, column);
  }
  const missing = required.filter((c) => !byClass.has(c));
  if (missing.length > 0)
    throw new MlopsError(
      `the label column '${labelName}' has class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} with no score column`,
      'bad-input',
      `Pass one probability column per class (${required.join(', ')}), e.g. --score ${required.map((c) => `p_${c}`).join(',')}.`,
    );
  return byClass;
}

function probabilityVector(column: Column): Float64Array {
  if (column.kind !== 'numeric') {
    const bad = column.values.findIndex((v) => v !== null && !Number.isFinite(Number(v)));
    throw new MlopsError(
      `the score column '${column.name}' holds text (data row ${bad + 1}: ${JSON.stringify(column.values[bad])}), but a class score must be a probability`,
      'bad-input',
      'Pass the columns of predicted probabilities, one per class.',
    );
  }
  const values = column.values;
  for (let i = 0; i < values.length; i++) {
    const p = values[i];
    if (!(p >= 0 && p <= 1))
      throw new MlopsError(
        `the score column '${column.name}' has ${Number.isNaN(p) ? 'a missing value' : p} at data row ${i + 1}, which is not a probability in [0, 1]`,
        'bad-input',
        'Class scores must be probabilities: apply a softmax to logits first, and fill or drop missing rows.',
      );
  }
  return values;
}

/**
 * Checked class probabilities for the classes of the label column. A score column for a class the labels never hold
 * is kept (it counts in each row's sum and in argmax); every class the labels hold must have one.
 */
export function checkClassScores(
  given: readonly ClassScoreColumn[],
  labelName: string,
  yKeys: readonly string[],
  predKeys: readonly string[] = [],
): ClassScores {
  const present = sortLabels(yKeys);
  const known = sortLabels([
    ...present,
    ...predKeys,
    ...given.flatMap((g) => (g.label !== undefined ? [g.label] : [])),
  ]);
  const byClass = matchColumns(given, labelName, known, present);
  const labels = sortLabels([...byClass.keys()]);
  const scores = labels.map((l) => probabilityVector(byClass.get(l)!));
  const n = yKeys.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const s of scores) sum += s[i];
    if (!sumsToOne(sum))
      throw new MlopsError(
        `the class scores of data row ${i + 1} sum to ${Number(sum.toPrecision(12))}, not 1 (columns ${labels.map((l) => byClass.get(l)!.name).join(', ')})`,
        'bad-input',
        'Multiclass ROC AUC and log loss need probabilities over all classes: pass every class column, or apply a softmax.',
      );
  }
  return { labels, columns: labels.map((l) => byClass.get(l)!.name), scores };
}

/** The predicted class of each row: the highest score, the first class in label order on a tie (numpy's argmax). */
export function argmaxClasses(c: ClassScores, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c.scores.length; k++) if (c.scores[k][i] > c.scores[best][i]) best = k;
    out[i] = c.labels[best];
  }
  return out;
}
