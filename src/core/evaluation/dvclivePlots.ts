/**
 * dvclive's plot layout in a run folder, written by the clients' log_confusion_matrix / log_roc / log_pr /
 * log_table / log_image and read back for the Evaluation panel (dvclive scripts' own plots read the same way):
 *   plots/sklearn/<name>.json  confusion_matrix: [{actual, predicted}, …]; roc: {"roc": [{fpr, tpr, threshold}]};
 *                              precision_recall: {"precision_recall": [{precision, recall, threshold}]};
 *                              calibration: {"calibration": [{prob_pred, prob_true}]}
 *   plots/custom/<name>.json   a table: [{column: value, …}, …]
 *   plots/images/<name>        an image file
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { MlopsError } from '../errors';
import { writeJsonAtomicSync } from '../store/atomicWrite';
import { labelKey } from './labels';
import { prCurve, rocCurve } from './ranking';
import { thresholdCounts } from './thresholdCurve';

export const PLOT_DIRS = { sklearn: join('plots', 'sklearn'), custom: join('plots', 'custom'), images: join('plots', 'images') };
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);
const MAX_PLOT_BYTES = 64 * 1024 * 1024;

function target(runDir: string, folder: string, name: string, ext: string): string {
  const file = extname(name) ? name : name + ext;
  const root = resolve(runDir, folder);
  const path = resolve(root, file);
  if (!path.startsWith(root + sep)) throw new MlopsError(`plot name '${name}' escapes ${folder}`, 'bad-input', 'Use a plain name such as "roc" or "val/roc".');
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new MlopsError(`${what}: y_true has ${a.length} values but the other has ${b.length}`, 'bad-input', 'Pass one prediction per label.');
  if (a.length === 0) throw new MlopsError(`${what}: no values to log`, 'bad-input');
}

/** `labels` names classes given as indices (0 → labels[0]); labels already named are written as they are. */
export function writeConfusionMatrix(runDir: string, yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>, labels?: readonly string[], name = 'confusion_matrix'): string {
  sameLength(yTrue, yPred, 'log_confusion_matrix');
  const named = (v: unknown) => (labels && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < labels.length ? labels[v] : labelKey(v));
  const rows = Array.from({ length: yTrue.length }, (_, i) => ({ actual: named(yTrue[i]), predicted: named(yPred[i]) }));
  const path = target(runDir, PLOT_DIRS.sklearn, name, '.json');
  writeJsonAtomicSync(path, rows);
  return path;
}

function binaryInputs(yTrue: ArrayLike<unknown>, yScore: ArrayLike<number>, what: string, positive: unknown = 1) {
  sameLength(yTrue, yScore, what);
  const pos = Uint8Array.from({ length: yTrue.length }, (_, i) => (yTrue[i] === positive || labelKey(yTrue[i]) === labelKey(positive) ? 1 : 0));
  const scores = Float64Array.from(yScore);
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0) throw new MlopsError(`${what}: y_score[${bad}] is ${scores[bad]}`, 'bad-input', 'Scores must be finite numbers.');
  return thresholdCounts(pos, scores);
}

/** scikit-learn's roc_curve (drop_intermediate); the first threshold (+inf) is written as null. */
export function writeRoc(runDir: string, yTrue: ArrayLike<unknown>, yScore: ArrayLike<number>, name = 'roc', positive?: unknown): string {
  const roc = rocCurve(binaryInputs(yTrue, yScore, 'log_roc', positive));
  const rows = Array.from(roc.fpr, (fpr, i) => ({ fpr: nullIfNaN(fpr), tpr: nullIfNaN(roc.tpr[i]), threshold: Number.isFinite(roc.thresholds[i]) ? roc.thresholds[i] : null }));
  const path = target(runDir, PLOT_DIRS.sklearn, name, '.json');
  writeJsonAtomicSync(path, { roc: rows });
  return path;
}

/** scikit-learn's precision_recall_curve; the last point (recall 0, precision 1) has no threshold (null). */
export function writePr(runDir: string, yTrue: ArrayLike<unknown>, yScore: ArrayLike<number>, name = 'precision_recall', positive?: unknown): string {
  const pr = prCurve(binaryInputs(yTrue, yScore, 'log_pr', positive));
  const rows = Array.from(pr.precision, (precision, i) => ({ precision, recall: pr.recall[i], threshold: i < pr.thresholds.length ? pr.thresholds[i] : null }));
  const path = target(runDir, PLOT_DIRS.sklearn, name, '.json');
  writeJsonAtomicSync(path, { precision_recall: rows });
  return path;
}

export function writeTable(runDir: string, name: string, rows: ReadonlyArray<Record<string, unknown>>): string {
  if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) throw new MlopsError(`log_table ${name}: rows must be a list of objects (one per row)`, 'bad-input', 'e.g. [{"class": "cat", "f1": 0.9}]');
  const path = target(runDir, PLOT_DIRS.custom, name, '.json');
  writeJsonAtomicSync(path, rows);
  return path;
}

export function writeImage(runDir: string, name: string, source: string): string {
  if (!existsSync(source)) throw new MlopsError(`log_image ${name}: ${source} does not exist`, 'bad-input');
  const ext = extname(source).toLowerCase();
  const path = target(runDir, PLOT_DIRS.images, extname(name) ? name : name + ext, '');
  copyFileSync(source, path);
  return path;
}

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

// ── reading ───────────────────────────────────────────────────────────────────────────────────────────────────────

export type LoggedPlot =
  | { kind: 'confusion_matrix'; name: string; labels: string[]; matrix: number[][] }
  | { kind: 'roc'; name: string; fpr: number[]; tpr: number[]; thresholds: (number | null)[] }
  | { kind: 'precision_recall'; name: string; precision: number[]; recall: number[]; thresholds: (number | null)[] }
  | { kind: 'calibration'; name: string; probPred: number[]; probTrue: number[] }
  | { kind: 'table'; name: string; columns: string[]; rows: Array<Record<string, unknown>> }
  | { kind: 'image'; name: string; path: string; bytes: number };

/** JSON as dvclive writes it: Python's json may write bare Infinity and NaN. */
function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(/(?<=[:[,]\s*)-?Infinity|(?<=[:[,]\s*)NaN/g, 'null'));
}

function walk(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

function sortedLabels(keys: Iterable<string>): string[] {
  const list = [...new Set(keys)];
  return list.every((k) => k.trim() !== '' && Number.isFinite(Number(k))) ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

function numbers(rows: Array<Record<string, unknown>>, key: string): number[] {
  return rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : NaN));
}

function sklearnPlot(name: string, data: unknown): LoggedPlot | null {
  if (Array.isArray(data) && data.every((r) => r && typeof r === 'object' && 'actual' in r && 'predicted' in r)) {
    const rows = data as Array<{ actual: unknown; predicted: unknown }>;
    const labels = sortedLabels(rows.flatMap((r) => [labelKey(r.actual), labelKey(r.predicted)]));
    const index = new Map(labels.map((l, i) => [l, i]));
    const matrix = labels.map(() => labels.map(() => 0));
    for (const r of rows) matrix[index.get(labelKey(r.actual))!][index.get(labelKey(r.predicted))!]++;
    return { kind: 'confusion_matrix', name, labels, matrix };
  }
  if (!data || typeof data !== 'object') return null;
  const obj = data as Record<string, unknown>;
  const rows = (key: string) => (Array.isArray(obj[key]) ? (obj[key] as Array<Record<string, unknown>>) : null);
  const thresholds = (r: Array<Record<string, unknown>>) => r.map((x) => (typeof x.threshold === 'number' ? x.threshold : null));
  const roc = rows('roc');
  if (roc) return { kind: 'roc', name, fpr: numbers(roc, 'fpr'), tpr: numbers(roc, 'tpr'), thresholds: thresholds(roc) };
  const pr = rows('precision_recall');
  if (pr) return { kind: 'precision_recall', name, precision: numbers(pr, 'precision'), recall: numbers(pr, 'recall'), thresholds: thresholds(pr) };
  const cal = rows('calibration');
  if (cal) return { kind: 'calibration', name, probPred: numbers(cal, 'prob_pred'), probTrue: numbers(cal, 'prob_true') };
  return null;
}

/** Every plot a run logged in dvclive's layout; files that are not such plots are skipped and listed. */
export function readLoggedPlots(runDir: string): { plots: LoggedPlot[]; skipped: string[] } {
  const plots: LoggedPlot[] = [];
  const skipped: string[] = [];
  const readJson = (path: string): unknown => {
    if (statSync(path).size > MAX_PLOT_BYTES) throw new Error('larger than 64 MiB');
    return parsePythonJson(readFileSync(path, 'utf8'));
  };
  for (const rel of walk(join(runDir, PLOT_DIRS.sklearn)).filter((f) => f.endsWith('.json'))) {
    const name = rel.replace(/\.json$/, '');
    try {
      const plot = sklearnPlot(name, readJson(join(runDir, PLOT_DIRS.sklearn, rel)));
      if (plot) plots.push(plot);
      else skipped.push(`${PLOT_DIRS.sklearn}/${rel}`);
    } catch {
      skipped.push(`${PLOT_DIRS.sklearn}/${rel}`);
    }
  }
  for (const rel of walk(join(runDir, PLOT_DIRS.custom)).filter((f) => f.endsWith('.json'))) {
    try {
      const data = readJson(join(runDir, PLOT_DIRS.custom, rel));
      if (!Array.isArray(data) || data.some((r) => !r || typeof r !== 'object')) throw new Error('not a list of rows');
      const rows = data as Array<Record<string, unknown>>;
      plots.push({ kind: 'table', name: rel.replace(/\.json$/, ''), columns: [...new Set(rows.flatMap((r) => Object.keys(r)))], rows });
    } catch {
      skipped.push(`${PLOT_DIRS.custom}/${rel}`);
    }
  }
  for (const rel of walk(join(runDir, PLOT_DIRS.images)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))) {
    const path = join(runDir, PLOT_DIRS.images, rel);
    plots.push({ kind: 'image', name: basename(rel), path, bytes: statSync(path).size });
  }
  return { plots, skipped };
}
