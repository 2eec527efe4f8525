/**
 * From a model reference to what a deployment runs: the registered version, its artifact folder, and whether the
 * built-in tfjs server or the user's `serve:` command (mlops.yaml `models.<name>.serve`) serves it.
 */
import { isAbsolute, resolve } from 'node:path';
import { MlopsError } from '../../core/errors';
import type { ModelVersion, RegistryStore } from '../../core/registry';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import { formatModelRef, parseModelRef } from '../../core/spec/modelRef';
import type { ServeSpec } from '../../core/spec/types';
import { ARTIFACT_FORMAT } from '../../core/tfjs/artifactFormat';
import { BACKEND_ENV } from '../../protocol/backend';

export interface DeploymentPlan {
  id: string;
  ref: string;
  version: ModelVersion;
  artifactDir: string;
  kind: 'tfjs' | 'command';
  serve: ServeSpec | null;
}

const DEPLOYMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A string command runs through the shell (the user wrote shell syntax); an array is spawned as is. */
export function commandArgv(command: string | string[]): string[] {
  return typeof command === 'string' ? ['/bin/sh', '-c', command] : [...command];
}

/** Artifact formats the Python client's server loads by itself (mlops_workbench/serve.py). */
export const PYTHON_FORMATS = new Set(['mlops-sklearn-model', 'mlops-torchscript-model']);

/** Files the Python client's server loads by themselves when the artifact has no mlops-model.json. */
const PYTHON_MODEL_FILES = new Set(['model.pkl', 'model.joblib', 'model.pickle', 'model.pt', 'model.ts', 'model.pth']);

/**
 * `serve: {python: "module:function"}`, or no serve: for a Python model (by its format, else by a model.pkl /
 * model.joblib / model.pt at the artifact's top), as the command that serves it.
 */
export function pythonServe(
  serve: ServeSpec | null,
  artifact: { format: string | null; files?: Array<{ path: string }> },
  python = process.env[BACKEND_ENV.pythonPath] || 'python3',
): ServeSpec | null {
  if (serve?.command) return serve;
  if (serve?.python)
    return {
      ...serve,
      command: [python, '-m', 'mlops_workbench.serve', '--predict', serve.python],
      health: serve.health ?? '/health',
    };
  const pythonModel = artifact.format
    ? PYTHON_FORMATS.has(artifact.format)
    : (artifact.files ?? []).some((f) => PYTHON_MODEL_FILES.has(f.path));
  return pythonModel ? { command: [python, '-m', 'mlops_workbench.serve'], health: '/health' } : null;
}

export async function planDeployment(
  workspace: string,
  registry: RegistryStore,
  refText: string,
  name?: string,
): Promise<DeploymentPlan> {
  const ref = parseModelRef(refText);
  const version = await registry.resolve(ref);
  const id = name ?? ref.name;
  if (!DEPLOYMENT_ID.test(id))
    throw new MlopsError(
      `'${id}' is not a valid deployment name`,
      'bad-input',
      'Use letters, digits, _ . - (e.g. churn-canary).',
    );
  const spec = requireValidSpec(await loadSpec(workspace), { allowMissing: true });
  const serve = pythonServe(spec.models[ref.name]?.serve ?? null, version.artifact);
  const artifactDir = isAbsolute(version.artifact.path)
    ? version.artifact.path
    : resolve(workspace, version.artifact.path);
  if (!serve && version.artifact.format !== ARTIFACT_FORMAT) {
    throw new MlopsError(
      `${ref.name}:${version.version} is not a tfjs model artifact, so the built-in server cannot load it`,
      'bad-input',
      `Declare how to serve it in mlops.yaml: models.${ref.name}.serve: {python: "module:predict"} or {command: [python, serve.py], health: /health} (docs/serving.md).`,
    );
  }
  return { id, ref: formatModelRef(ref), version, artifactDir, kind: serve ? 'command' : 'tfjs', serve };
}
