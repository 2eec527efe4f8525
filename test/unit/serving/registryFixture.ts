/** Registers an artifact folder as a model version in a workspace's real file registry. */
import { FileRegistryStore, type ModelVersion } from '../../../src/core/registry';
import type { RunId } from '../../../src/core/tracking/types';

export async function registerArtifact(
  workspace: string,
  model: string,
  artifactDir: string,
  format: string | null = 'mlops-tfjs-model',
  metrics: Record<string, number> = {},
): Promise<ModelVersion> {
  const registry = new FileRegistryStore(workspace);
  return registry.registerVersion({
    model,
    runId: 'fixture-run' as RunId,
    experiment: 'fixture',
    artifact: {
      path: artifactDir,
      runPath: 'artifacts/model',
      kind: 'dir',
      sha256: 'f'.repeat(64),
      bytes: 0,
      files: [],
      format,
    },
    metrics,
    schema: null,
    data: [],
    git: null,
  });
}
