/**
 * From a tfjs experiment to encoded arrays: reads the train (and test) tables, fits the label encoding and the
 * preprocessing on the training rows, checks the model's shapes against the real input, and holds out the
 * validation rows.
 */
import { isAbsolute, resolve } from 'node:path';
import { readTable } from '../../core/data/readTable';
import { MlopsError } from '../../core/errors';
import type { ExperimentSpec, TfjsDataSpec } from '../../core/spec/types';
import { encodeLabels, fitLabel, labelledRows, type LabelEncoder, type ModelHead } from '../../core/tfjs/labels';
import { encodeFeatures, fitFeatures, type FeaturePreprocess } from '../../core/tfjs/preprocess';
import { subsetRows, tableRows, type RowSource } from '../../core/tfjs/rowSource';
import { splitIndices } from '../../core/tfjs/split';
import type { TrainSettings } from '../../core/tfjs/trainSettings';
import { isDataSpec, parseTfjsModel, type ParsedTfjsModel } from '../../core/tfjs/validateModel';

export interface EncodedSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
  /** The raw rows behind the encoded ones, for scoring in label terms. */
  truth: RowSource;
}

export interface PreparedData {
  features: FeaturePreprocess;
  label: LabelEncoder;
  model: ParsedTfjsModel;
  train: EncodedSet;
  validation?: EncodedSet;
  test?: EncodedSet;
  /** Which set the final metrics come from. */
  evaluatedOn: 'test' | 'validation' | 'train';
  /** Training rows left out (missing label, or missing features under impute: drop). */
  skippedRows: number;
}

function problemsError(what: string, problems: ParsedTfjsModel['problems']): MlopsError {
  const lines = problems.map((p) => `${p.path}: ${p.message}`).join('\n  ');
  return new MlopsError(`${what}:\n  ${lines}`, 'bad-input', 'Fix the model in mlops.yaml.');
}

export function modelHead(model: ParsedTfjsModel): ModelHead {
  const last = model.layers[model.layers.length - 1];
  if (!last || last.kind !== 'dense') {
    throw new MlopsError(
      'the model must end with a dense output layer',
      'bad-input',
      'Add {dense: 1, activation: sigmoid} (binary), {dense: K, activation: softmax} (K classes) or {dense: 1} (regression).',
    );
  }
  return { units: last.units, activation: last.activation };
}

function encodeSet(features: FeaturePreprocess, label: LabelEncoder, source: RowSource): EncodedSet {
  const { x, rows } = encodeFeatures(features, source, 'skip');
  const truth = subsetRows(source, rows);
  return { x, y: encodeLabels(label, truth), n: rows.length, truth };
}

async function readRows(path: string, workspace: string, role: string, signal?: AbortSignal): Promise<RowSource> {
  const full = isAbsolute(path) ? path : resolve(workspace, path);
  try {
    return tableRows(await readTable(full, { signal }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MlopsError(
        `the ${role} data ${full} does not exist`,
        'not-found',
        `Check data.${role} in mlops.yaml (relative paths start at the workspace folder).`,
      );
    }
    throw err;
  }
}

export async function prepareData(
  spec: ExperimentSpec,
  settings: TrainSettings,
  workspace: string,
  signal?: AbortSignal,
): Promise<PreparedData> {
  if (!isDataSpec(spec.data)) throw new MlopsError('the tfjs trainer needs data: {train, label}', 'bad-input');
  const data: TfjsDataSpec = spec.data;
  const staticModel = parseTfjsModel(spec);
  const staticErrors = staticModel.problems.filter((p) => p.severity === 'error');
  if (staticErrors.length) throw problemsError('the model spec has problems', staticErrors);
  const head = modelHead(staticModel);

  const trainAll = await readRows(data.train, workspace, 'train', signal);
  const label = fitLabel(trainAll, data.label, head, settings.task);
  const labelled = subsetRows(trainAll, labelledRows(trainAll, data.label));
  const features = fitFeatures(labelled, spec, data.label, data.features);
  const model = parseTfjsModel(spec, { inputShape: features.inputShape });
  const shapeErrors = model.problems.filter((p) => p.severity === 'error');
  if (shapeErrors.length)
    throw problemsError(
      `the model does not fit the data (input shape [${features.inputShape.join(', ')}])`,
      shapeErrors,
    );

  const split = splitIndices(labelled.length, settings.validationSplit, settings.seed);
  const train = encodeSet(features, label, subsetRows(labelled, split.train));
  if (train.n === 0)
    throw new MlopsError(
      `no training rows left in ${data.train} after dropping rows with missing values`,
      'bad-input',
      'Use impute: mean (or median, zero) instead of drop.',
    );
  const validation = split.validation.length
    ? encodeSet(features, label, subsetRows(labelled, split.validation))
    : undefined;

  let test: EncodedSet | undefined;
  if (data.test) {
    const testAll = await readRows(data.test, workspace, 'test', signal);
    if (!testAll.columns.includes(data.label)) {
      throw new MlopsError(
        `the label column "${data.label}" is not in the test data (columns: ${testAll.columns.join(', ')})`,
        'bad-input',
        'Give the test file the same columns as the training file.',
      );
    }
    test = encodeSet(features, label, subsetRows(testAll, labelledRows(testAll, data.label)));
  }
  const skippedRows = trainAll.length - train.n - (validation?.n ?? 0);
  return {
    features,
    label,
    model,
    train,
    validation,
    test,
    evaluatedOn: test ? 'test' : validation ? 'validation' : 'train',
    skippedRows,
  };
}
