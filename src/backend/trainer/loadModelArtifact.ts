/**
 * Loads a tfjs model artifact and turns raw rows (objects of raw values, as in the training CSV) into
 * predictions, applying the artifact's own preprocessing. Serving and drift use this.
 */
import { MlopsError } from '../../core/errors';
import {
  ARTIFACT_FILES,
  readArtifactJson,
  readModelMeta,
  type ModelMeta,
  type PreprocessFile,
  type SchemaFile,
} from '../../core/tfjs/artifactFormat';
import { decodePredictions, type Prediction } from '../../core/tfjs/labels';
import { encodeFeatures } from '../../core/tfjs/preprocess';
import { objectRows } from '../../core/tfjs/rowSource';
import { selectEngine, type EngineName } from './engine/selectEngine';
import { predictRaw } from './evaluate';
import { fileLoadHandler } from './fileIO';
import type { Tf } from './tf';

export type { Prediction };

export interface LoadedModel {
  /** One prediction per row, in order. Throws MlopsError (bad-input) for rows the model cannot read. */
  predict(rows: Record<string, unknown>[]): Promise<Prediction[]>;
  schema: SchemaFile;
  meta: ModelMeta;
  /** The engine running predictions here (not necessarily the one that trained the model). */
  engine: EngineName;
  dispose(): void;
}

export interface LoadOptions {
  /** Prediction engine; default wasm (every layer's forward pass runs there), falling back to cpu. */
  engine?: 'wasm' | 'cpu';
  /** Use this tfjs namespace and its current backend instead of selecting one. */
  tf?: Tf;
}

function checkRows(rows: unknown, schema: SchemaFile): asserts rows is Record<string, unknown>[] {
  if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
    throw new MlopsError(
      'predict takes a list of rows, each an object of column values',
      'bad-input',
      `Send e.g. [{${schema.columns.map((c) => `"${c.name}": …`).join(', ')}}].`,
    );
  }
}

export async function loadModelArtifact(dir: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const meta = readModelMeta(dir);
  const pre = readArtifactJson<PreprocessFile>(dir, ARTIFACT_FILES.preprocess);
  const schema = readArtifactJson<SchemaFile>(dir, ARTIFACT_FILES.schema);
  let tf: Tf;
  let engine: EngineName;
  if (options.tf) {
    tf = options.tf;
    engine = tf.getBackend() === 'wasm' ? 'wasm' : 'cpu';
  } else {
    const wanted = options.engine ?? 'wasm';
    const picked = await selectEngine({ force: wanted }).catch(() => selectEngine({ force: 'cpu' }));
    tf = picked.tf;
    engine = picked.name;
  }
  const model = await tf.loadLayersModel(fileLoadHandler(tf, dir));
  const expected = pre.features.features.map((f) => f.column);
  let disposed = false;
  return {
    schema,
    meta,
    engine,
    async predict(rows) {
      if (disposed) throw new MlopsError('this model has been unloaded', 'conflict');
      checkRows(rows, schema);
      if (rows.length === 0) return [];
      const source = objectRows(rows);
      const absent = expected.filter((c) => !source.columns.includes(c));
      if (absent.length) {
        throw new MlopsError(
          `the rows lack the column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}`,
          'bad-input',
          `The model reads ${expected.join(', ')}; send null for a missing value.`,
        );
      }
      const { x } = encodeFeatures(pre.features, source, 'throw');
      const outputs = await predictRaw(tf, model, x, pre.features.inputShape);
      return decodePredictions(pre.label, outputs, rows.length);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}
