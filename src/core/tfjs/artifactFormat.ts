/**
 * The on-disk format of a tfjs model artifact (`<runDir>/artifacts/model/`): the tfjs model (model.json +
 * weights.bin), the fitted preprocessing, the input schema and a metadata file. Serving and drift read it.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MlopsError } from '../errors';
import type { LabelEncoder, Task } from './labels';
import type { FeaturePreprocess } from './preprocess';

export const ARTIFACT_FORMAT = 'mlops-tfjs-model';
export const ARTIFACT_FORMAT_VERSION = 1;

export const ARTIFACT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  preprocess: 'preprocess.json',
  schema: 'schema.json',
  meta: 'mlops-model.json',
} as const;

/** preprocess.json: everything needed to turn raw rows into model input and model output into predictions. */
export interface PreprocessFile {
  formatVersion: number;
  features: FeaturePreprocess;
  label: LabelEncoder;
}

export type SchemaColumn =
  | { name: string; type: 'number'; min: number; max: number }
  | { name: string; type: 'category'; categories: string[] }
  | { name: string; type: 'array'; shape: number[]; min: number; max: number };

/** schema.json: the input columns a caller must send, with their training ranges and categories. */
export interface SchemaFile {
  formatVersion: number;
  columns: SchemaColumn[];
  label: { name: string; task: Task; classes?: Array<string | number>; min?: number; max?: number };
}

/** mlops-model.json: what the artifact is and how it was made. */
export interface ModelMeta {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  task: Task;
  label: string;
  classes?: Array<string | number>;
  /** The engine that trained it (node-gpu, node, wasm, cpu); any engine can load it. */
  engine: string;
  tfjsVersion: string;
  inputShape: number[];
  metrics: Record<string, number>;
  createdAt: string;
  runId?: string;
  experiment?: string;
}

export function buildSchema(features: FeaturePreprocess, label: LabelEncoder): SchemaFile {
  const columns = features.features.map((e): SchemaColumn => {
    if (e.type === 'number') return { name: e.column, type: 'number', min: e.min, max: e.max };
    if (e.type === 'category') return { name: e.column, type: 'category', categories: [...e.categories] };
    return { name: e.column, type: 'array', shape: [...e.shape], min: e.min, max: e.max };
  });
  const labelInfo: SchemaFile['label'] =
    label.task === 'classification'
      ? { name: label.column, task: label.task, classes: [...label.classes] }
      : { name: label.column, task: label.task, min: label.min, max: label.max };
  return { formatVersion: ARTIFACT_FORMAT_VERSION, columns, label: labelInfo };
}

/**
 * Resolves `name` inside the artifact folder `dir`, refusing absolute paths, `..` and symlinks that lead out,
 * so a crafted model.json cannot make a loader read or write elsewhere.
 */
export function artifactPath(dir: string, name: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (name === '' || isAbsolute(name) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new MlopsError(
      `artifact file "${name}" is outside the model folder ${dir}`,
      'bad-input',
      'Model files must live inside the artifact folder.',
    );
  }
  if (existsSync(target)) {
    const realRoot = realpathSync(root);
    const real = realpathSync(target);
    if (!(real + sep).startsWith(realRoot + sep)) {
      throw new MlopsError(`artifact file "${name}" links outside the model folder ${dir}`, 'bad-input');
    }
  }
  return target;
}

export function readArtifactJson<T>(dir: string, name: string): T {
  const path = artifactPath(dir, name);
  if (!existsSync(path)) {
    throw new MlopsError(
      `${join(dir, name)} is missing: this folder is not a complete tfjs model artifact`,
      'not-found',
      'Point at the artifacts/model folder of a completed tfjs run.',
    );
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new MlopsError(`${join(dir, name)} is not valid JSON: ${(err as Error).message}`, 'bad-input');
  }
}

/** Reads and checks mlops-model.json. */
export function readModelMeta(dir: string): ModelMeta {
  const meta = readArtifactJson<ModelMeta>(dir, ARTIFACT_FILES.meta);
  if (meta.format !== ARTIFACT_FORMAT)
    throw new MlopsError(`${dir} holds a "${String(meta.format)}" artifact, not ${ARTIFACT_FORMAT}`, 'bad-input');
  if (!(meta.formatVersion <= ARTIFACT_FORMAT_VERSION)) {
    throw new MlopsError(
      `${dir} uses artifact format ${meta.formatVersion}; this version reads up to ${ARTIFACT_FORMAT_VERSION}`,
      'bad-input',
      'Update MLOps Workbench.',
    );
  }
  return meta;
}
