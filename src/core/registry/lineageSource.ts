/** The registry as a lineage provider: model versions (linked to their artifact or run) and deployments. */
import { registryProvider } from '../lineage/registryLineage';
import type { LineageProvider } from '../lineage/graphBuilder';
import type { RegistryStore } from './registryStore';
import { aliasesOf } from './resolveModelRef';

export function registryLineageProvider(store: RegistryStore): LineageProvider {
  return registryProvider({
    async listModelVersions() {
      const data = await store.read();
      return Object.values(data.models).flatMap((model) =>
        model.versions.map((v) => ({
          model: v.model,
          version: v.version,
          runId: v.runId,
          artifactPath: v.artifact.path,
          artifactSha256: v.artifact.sha256,
          stage: v.stage,
          aliases: aliasesOf(model, v.version),
          createdAt: v.createdAt,
        })),
      );
    },
    async listDeployments() {
      const data = await store.read();
      return Object.values(data.deployments).map((d) => ({
        id: d.id,
        model: d.model,
        version: d.version,
        url: d.url,
        status: d.status,
        startedAt: d.startedAt,
      }));
    },
  });
}
