/**
 * Saves and loads a tfjs model as model.json + weights.bin in a folder, for every engine (tfjs-node's file://
 * handler only exists when tfjs-node is loaded). Weight paths in model.json are confined to the folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MlopsError } from '../../core/errors';
import { ARTIFACT_FILES, artifactPath } from '../../core/tfjs/artifactFormat';
import { writeFileAtomicSync } from '../../core/store/atomicWrite';
import type { Tf } from './tf';

type IO = Tf['io'];
type ModelArtifacts = Parameters<NonNullable<ReturnType<IO['fromMemory']>['save']>>[0];
type IOHandler = ReturnType<IO['fromMemory']>;
type ModelJSON = {
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: unknown[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
};

export function fileSaveHandler(tf: Tf, dir: string): IOHandler {
  return tf.io.withSaveHandler(async (artifacts: ModelArtifacts) => {
    if (artifacts.modelTopology instanceof ArrayBuffer)
      throw new MlopsError('cannot save a binary model topology', 'internal');
    mkdirSync(dir, { recursive: true });
    const weights = artifacts.weightData
      ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
      : new Uint8Array(0);
    const modelJson: ModelJSON = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
    };
    if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
    writeFileSync(join(dir, ARTIFACT_FILES.weights), weights);
    writeFileAtomicSync(join(dir, ARTIFACT_FILES.model), JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}

/** Reads model.json and its weight files from `dir` into an in-memory handler. */
export function fileLoadHandler(tf: Tf, dir: string): IOHandler {
  const modelJson = JSON.parse(readFileSync(artifactPath(dir, ARTIFACT_FILES.model), 'utf8')) as ModelJSON;
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new MlopsError(`${join(dir, ARTIFACT_FILES.model)} is not a tfjs layers model`, 'bad-input');
  }
  const buffers: ArrayBuffer[] = [];
  const specs: unknown[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) {
      const bytes = readFileSync(artifactPath(dir, p));
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    for (const item of group.weights) specs.push(item);
  }
  return tf.io.fromMemory({
    modelTopology: modelJson.modelTopology as never,
    weightSpecs: specs as never,
    weightData: tf.io.CompositeArrayBuffer.join(buffers),
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    trainingConfig: modelJson.trainingConfig as never,
  });
}
