/**
 * Static checks of a `trainer: tfjs` experiment, usable by the spec checks and the Problems panel before any
 * training: unknown layers, bad options, impossible shapes, a missing label, out-of-range training options.
 */
import type { ExperimentSpec, TfjsDataSpec } from '../spec/types';
import { parseLayerSpec, problem, type ParsedLayer, type PathSegment, type TfjsProblem } from './layerSpec';
import { inferOutputShape, type Shape } from './shapes';

export type { Shape };

export interface ParsedTfjsModel {
  layers: ParsedLayer[];
  /** Input shape of each layer, aligned with `layers`. */
  inputShapes: Shape[];
  outputShape: Shape;
  problems: TfjsProblem[];
}

export interface ValidateOptions {
  /** Path prefix of problems; defaults to ['experiments', <name>]. */
  basePath?: PathSegment[];
  /** The real input shape once preprocessing has been fitted; otherwise what the spec tells (see specInputShape). */
  inputShape?: Shape;
  /**
   * false leaves out what src/core/spec/semanticChecks.ts already reports (missing data, label or layers, and
   * `checkLayer` findings), so the spec checks can add these problems without duplicates. Default true.
   */
  includeSpecChecks?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const EARLY_STOP_METRICS = ['loss', 'val_loss', 'acc', 'val_acc', 'accuracy', 'val_accuracy', 'mae', 'val_mae'];

export function isDataSpec(data: ExperimentSpec['data']): data is TfjsDataSpec {
  return data !== undefined && data !== null && typeof data === 'object' && !Array.isArray(data);
}

/**
 * The model's input shape as far as the spec tells. When the features are exactly one array column
 * (data.features names only it, or no features are listed and preprocess.arrays declares one column),
 * the input has that column's shape; otherwise it is a flat vector whose length the data decides.
 */
export function specInputShape(spec: ExperimentSpec): Shape {
  const arrays = isObject(spec.preprocess?.arrays) ? spec.preprocess.arrays : {};
  const data = isDataSpec(spec.data) ? spec.data : undefined;
  const arrayCols = Object.keys(arrays);
  const features = Array.isArray(data?.features) ? data.features : undefined;
  const only = features
    ? features.length === 1
      ? features[0]
      : undefined
    : arrayCols.length === 1
      ? arrayCols[0]
      : undefined;
  const decl = only !== undefined ? arrays[only] : undefined;
  const shape = isObject(decl) ? decl.shape : undefined;
  return Array.isArray(shape) && shape.length > 0 ? [...shape] : [null];
}

/** Parses `model.layers` and walks the shapes through them. */
export function parseTfjsModel(spec: ExperimentSpec, options: ValidateOptions = {}): ParsedTfjsModel {
  const base = options.basePath ?? ['experiments', spec.name];
  const problems: TfjsProblem[] = [];
  const entries = spec.model?.layers;
  const layersAt = [...base, 'model', 'layers'];
  const layers: ParsedLayer[] = [];
  const inputShapes: Shape[] = [];
  let shape: Shape = options.inputShape ?? specInputShape(spec);
  if (!Array.isArray(entries) || entries.length === 0) {
    if (options.includeSpecChecks !== false) {
      problems.push(
        problem(
          layersAt,
          'the tfjs trainer needs model.layers, e.g. [{dense: 32, activation: relu}, {dense: 1, activation: sigmoid}]',
        ),
      );
    }
    return { layers, inputShapes, outputShape: shape, problems };
  }
  let shapesKnown = true;
  entries.forEach((entry, i) => {
    const at = [...layersAt, i];
    const before = problems.length;
    const layer = parseLayerSpec(entry, at, problems, { includeSpecChecks: options.includeSpecChecks });
    if (!layer) {
      shapesKnown = false;
      return;
    }
    layers.push(layer);
    inputShapes.push(shape);
    if (problems.length > before || !shapesKnown) return;
    const step = inferOutputShape(layer, shape);
    if ('error' in step) {
      problems.push(problem(at, step.error));
      shapesKnown = false;
    } else {
      if (step.warning) problems.push(problem(at, step.warning, 'warning'));
      shape = step.shape;
    }
  });
  if (shapesKnown && shape.length !== 1) {
    const dims = shape.map((d) => d ?? '?').join(', ');
    problems.push(
      problem(
        [...layersAt, entries.length - 1],
        `the model ends with shape [${dims}]; add {flatten: true} or a global pooling layer before the final dense layers`,
      ),
    );
  }
  return { layers, inputShapes, outputShape: shape, problems };
}

function checkData(
  spec: ExperimentSpec,
  base: PathSegment[],
  problems: TfjsProblem[],
  includeSpecChecks: boolean,
): void {
  checkArrays(spec, base, problems);
  if (!includeSpecChecks) {
    const data = spec.data;
    if (
      isDataSpec(data) &&
      typeof data.label === 'string' &&
      Array.isArray(data.features) &&
      data.features.includes(data.label)
    ) {
      problems.push(problem([...base, 'data', 'features'], `the label "${data.label}" cannot also be a feature`));
    }
    return;
  }
  if (!isDataSpec(spec.data)) {
    problems.push(
      problem(
        [...base, 'data'],
        'the tfjs trainer needs data: {train: <csv>, label: <column>} (optionally test and features)',
      ),
    );
    return;
  }
  const data = spec.data;
  if (typeof data.train !== 'string' || data.train.trim() === '') {
    problems.push(
      problem([...base, 'data', 'train'], 'data.train must name the training data file (CSV, JSON Lines or Parquet)'),
    );
  }
  if (typeof data.label !== 'string' || data.label.trim() === '') {
    problems.push(
      problem([...base, 'data', 'label'], 'data.label is missing: name the column the model should predict'),
    );
  } else if (Array.isArray(data.features) && data.features.includes(data.label)) {
    problems.push(problem([...base, 'data', 'features'], `the label "${data.label}" cannot also be a feature`));
  }
}

function checkArrays(spec: ExperimentSpec, base: PathSegment[], problems: TfjsProblem[]): void {
  const arrays = spec.preprocess?.arrays;
  if (!isObject(arrays)) return;
  for (const [col, decl] of Object.entries(arrays)) {
    const shape = isObject(decl) ? decl.shape : undefined;
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      problems.push(
        problem(
          [...base, 'preprocess', 'arrays', col, 'shape'],
          `shape must be a list of positive integers such as [28, 28, 1], got ${JSON.stringify(shape)}`,
        ),
      );
    }
  }
}

function checkTrain(spec: ExperimentSpec, base: PathSegment[], problems: TfjsProblem[]): void {
  const t = isObject(spec.train) ? spec.train : {};
  const at = (key: string, message: string) => problems.push(problem([...base, 'train', key], message));
  const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (t.epochs !== undefined && !posInt(t.epochs))
    at('epochs', `epochs must be a positive integer, got ${JSON.stringify(t.epochs)}`);
  if (t.batchSize !== undefined && !posInt(t.batchSize))
    at('batchSize', `batchSize must be a positive integer, got ${JSON.stringify(t.batchSize)}`);
  if (t.learningRate !== undefined && !(typeof t.learningRate === 'number' && t.learningRate > 0)) {
    at('learningRate', `learningRate must be a positive number, got ${JSON.stringify(t.learningRate)}`);
  }
  if (
    t.validationSplit !== undefined &&
    !(typeof t.validationSplit === 'number' && t.validationSplit >= 0 && t.validationSplit < 1)
  ) {
    at('validationSplit', `validationSplit must be in [0, 1), got ${JSON.stringify(t.validationSplit)}`);
  }
  const monitor = isObject(t.earlyStopping) ? t.earlyStopping.monitor : undefined;
  if (monitor !== undefined && !(typeof monitor === 'string' && EARLY_STOP_METRICS.includes(monitor))) {
    problems.push(
      problem(
        [...base, 'train', 'earlyStopping', 'monitor'],
        `earlyStopping.monitor must be one of ${EARLY_STOP_METRICS.join(', ')}, got ${JSON.stringify(monitor)}`,
      ),
    );
  }
}

/**
 * Every problem of a tfjs experiment that can be found without reading data; [] for other trainers.
 * Includes the basic checks of src/core/spec (same layer messages) unless `includeSpecChecks: false`.
 */
export function validateTfjsModel(spec: ExperimentSpec, options: ValidateOptions = {}): TfjsProblem[] {
  if (spec.trainer !== 'tfjs') return [];
  const base = options.basePath ?? ['experiments', spec.name];
  const problems: TfjsProblem[] = [];
  checkData(spec, base, problems, options.includeSpecChecks !== false);
  for (const item of parseTfjsModel(spec, { ...options, basePath: base }).problems) problems.push(item);
  checkTrain(spec, base, problems);
  return problems;
}
