import { datasetVersionId } from './datasetVersion';
import { nodeId, type LineageEdge, type LineageGraph, type LineageNode } from './graph';
import type { LineageContribution, LineageProvider } from './graphBuilder';

/** What the registry knows about one model version, as far as lineage needs it. */
export interface ModelVersionFacts {
  model: string;
  version: number | string;
  runId?: string | null;
  /** Workspace-relative path and sha256 of the registered artifact, when known. */
  artifactPath?: string | null;
  artifactSha256?: string | null;
  stage?: string | null;
  aliases?: string[];
  createdAt?: string;
}

export interface DeploymentFacts {
  id: string;
  model: string;
  version: number | string;
  url?: string | null;
  status?: string | null;
  startedAt?: string | null;
}

/**
 * Turns registry facts into graph nodes and edges: artifact → model version (registered-as), or run →
 * model version when the artifact is unknown, and model version → deployment (deployed-as).
 */
export function registryContribution(
  graph: LineageGraph,
  versions: readonly ModelVersionFacts[],
  deployments: readonly DeploymentFacts[] = [],
): LineageContribution {
  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  for (const v of versions) {
    const id = nodeId.modelVersion(v.model, v.version);
    const badges = [v.stage, ...(v.aliases ?? [])].filter((b): b is string => Boolean(b));
    nodes.push({
      id,
      kind: 'model-version',
      label: `${v.model}:${v.version}${badges.length ? ` [${badges.join(', ')}]` : ''}`,
      attrs: { ...v, aliases: v.aliases ?? [] },
    });
    const artifact =
      v.artifactPath && v.artifactSha256 ? nodeId.artifact(datasetVersionId(v.artifactPath, v.artifactSha256)) : null;
    if (artifact && graph.has(artifact)) edges.push({ from: artifact, to: id, kind: 'registered-as' });
    else if (v.runId) edges.push({ from: nodeId.run(v.runId), to: id, kind: 'registered-as' });
  }
  for (const d of deployments) {
    const id = nodeId.deployment(d.id);
    nodes.push({ id, kind: 'deployment', label: `deployment ${d.id} (${deploymentState(d)})`, attrs: { ...d } });
    edges.push({ from: nodeId.modelVersion(d.model, d.version), to: id, kind: 'deployed-as' });
  }
  return { nodes, edges };
}

const SERVING = new Set(['starting', 'running', 'restarting']);

/** Its URL while it serves; otherwise what it is (stopped, failed…), so a dead URL is never shown as the way in. */
function deploymentState(d: DeploymentFacts): string {
  if (!d.status || SERVING.has(d.status)) return d.url ?? d.status ?? 'unknown';
  return d.status;
}

/** A provider over a registry reader: the registry module passes functions that list its versions and deployments. */
export function registryProvider(source: {
  listModelVersions(signal?: AbortSignal): Promise<ModelVersionFacts[]>;
  listDeployments?(signal?: AbortSignal): Promise<DeploymentFacts[]>;
}): LineageProvider {
  return {
    name: 'registry',
    async contribute(graph, signal) {
      const [versions, deployments] = await Promise.all([
        source.listModelVersions(signal),
        source.listDeployments?.(signal) ?? [],
      ]);
      return registryContribution(graph, versions, deployments);
    },
  };
}
