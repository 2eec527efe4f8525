/** Writes the self-contained model artifact: tfjs model, fitted preprocessing, input schema, metadata (last). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import {
  ARTIFACT_FILES,
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  buildSchema,
  type ModelMeta,
  type PreprocessFile,
} from '../../core/tfjs/artifactFormat';
import type { LabelEncoder } from '../../core/tfjs/labels';
import type { FeaturePreprocess } from '../../core/tfjs/preprocess';
import type { Model } from './buildModel';
import { fileSaveHandler } from './fileIO';
import { TFJS_VERSION, type Tf } from './tf';

export interface ArtifactContents {
  features: FeaturePreprocess;
  label: LabelEncoder;
  engine: string;
  metrics: Record<string, number>;
  runId?: string;
  experiment?: string;
}

/** Saves into `dir`; mlops-model.json is written last, so its presence marks a complete artifact. */
export async function saveModelArtifact(tf: Tf, model: Model, dir: string, c: ArtifactContents): Promise<ModelMeta> {
  mkdirSync(dir, { recursive: true });
  await model.save(fileSaveHandler(tf, dir));
  const preprocess: PreprocessFile = { formatVersion: ARTIFACT_FORMAT_VERSION, features: c.features, label: c.label };
  writeJsonAtomicSync(join(dir, ARTIFACT_FILES.preprocess), preprocess);
  writeJsonAtomicSync(join(dir, ARTIFACT_FILES.schema), buildSchema(c.features, c.label));
  const meta: ModelMeta = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    task: c.label.task,
    label: c.label.column,
    ...(c.label.task === 'classification' ? { classes: [...c.label.classes] } : {}),
    engine: c.engine,
    tfjsVersion: TFJS_VERSION,
    inputShape: [...c.features.inputShape],
    metrics: c.metrics,
    createdAt: new Date().toISOString(),
    ...(c.runId ? { runId: c.runId } : {}),
    ...(c.experiment ? { experiment: c.experiment } : {}),
  };
  writeJsonAtomicSync(join(dir, ARTIFACT_FILES.meta), meta);
  return meta;
}
