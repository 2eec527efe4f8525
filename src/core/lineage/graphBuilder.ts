import type { DataRef, RunRecord } from '../tracking/types';
import { throwIfAborted } from '../errors';
import { datasetVersionId } from './datasetVersion';
import { LineageGraph, nodeId, type LineageEdge, type LineageNode } from './graph';

/** Nodes and edges a provider adds (model versions and deployments from the registry, for example). */
export interface LineageContribution {
  nodes?: LineageNode[];
  edges?: LineageEdge[];
}

/**
 * A source of lineage beyond run records. The registry plugs in here: it sees the graph built from runs
 * (to find the artifact node a model version was registered from) and returns what to add.
 */
export interface LineageProvider {
  readonly name: string;
  contribute(graph: LineageGraph, signal?: AbortSignal): Promise<LineageContribution>;
}

type DataPurposeRef = DataRef & { purpose?: 'train' | 'eval'; kind?: 'file' | 'dir'; files?: number };

function runNode(run: RunRecord): LineageNode {
  return {
    id: nodeId.run(run.id),
    kind: 'run',
    label: `${run.experiment} ${run.id}`,
    attrs: {
      runId: run.id,
      experiment: run.experiment,
      status: run.status,
      createdAt: run.createdAt,
      endedAt: run.endedAt,
      exitCode: run.exitCode,
      parent: run.parent,
      tags: run.tags,
    },
  };
}

function dataAttrs(ref: DataPurposeRef): Record<string, unknown> {
  const attrs: Record<string, unknown> = { path: ref.path, sha256: ref.sha256, bytes: ref.bytes };
  if (ref.kind) attrs.type = ref.kind;
  if (ref.files !== undefined) attrs.files = ref.files;
  return attrs;
}

function addCode(graph: LineageGraph, run: RunRecord): void {
  const git = run.git;
  if (!git?.isRepo || !git.commit) return;
  const id = nodeId.commit(git.commit);
  const existing = graph.node(id);
  const branches = new Set<string>((existing?.attrs.branches as string[] | undefined) ?? []);
  if (git.branch) branches.add(git.branch);
  graph.addNode({
    id,
    kind: 'commit',
    label: `commit ${git.commit.slice(0, 8)}`,
    attrs: { commit: git.commit, branches: [...branches].sort(), remote: git.remote ?? null },
  });
  graph.addEdge({
    from: id,
    to: nodeId.run(run.id),
    kind: 'used-code',
    attrs: { dirty: git.dirty, diffSha: git.diffSha },
  });
}

/**
 * Builds the graph from run records, then lets each provider add its part. A file a run produced and a
 * later run read (same path, same content) is one node, so chains of runs connect through their data.
 */
export async function buildLineageGraph(
  runs: readonly RunRecord[],
  providers: readonly LineageProvider[] = [],
  signal?: AbortSignal,
): Promise<LineageGraph> {
  const graph = new LineageGraph();
  const produced = new Set<string>();
  for (const run of runs) {
    for (const ref of run.data ?? []) if (ref.role === 'output') produced.add(datasetVersionId(ref.path, ref.sha256));
  }
  for (const run of runs) graph.addNode(runNode(run));
  for (const run of runs) {
    const runId = nodeId.run(run.id);
    addCode(graph, run);
    for (const ref of (run.data ?? []) as DataPurposeRef[]) {
      const version = datasetVersionId(ref.path, ref.sha256);
      const isArtifact = produced.has(version);
      const id = isArtifact ? nodeId.artifact(version) : nodeId.dataset(version);
      graph.addNode({
        id,
        kind: isArtifact ? 'artifact' : 'dataset',
        label: `${ref.path} @${ref.sha256.slice(0, 12)}`,
        attrs: { versionId: version, ...dataAttrs(ref) },
      });
      if (ref.role === 'output') graph.addEdge({ from: runId, to: id, kind: 'produced' });
      else graph.addEdge({ from: id, to: runId, kind: ref.purpose === 'eval' ? 'evaluated-on' : 'trained-on' });
    }
  }
  for (const run of runs) {
    if (run.derivedFrom)
      graph.addEdge({ from: nodeId.run(run.derivedFrom), to: nodeId.run(run.id), kind: 'derived-from' });
    // A nested run (an MLflow child run, a sweep trial) hangs off its parent.
    if (run.parent) graph.addEdge({ from: nodeId.run(run.parent), to: nodeId.run(run.id), kind: 'parent-of' });
  }
  for (const provider of providers) {
    throwIfAborted(signal, 'lineage');
    const contribution = await provider.contribute(graph, signal);
    for (const node of contribution.nodes ?? []) graph.addNode(node);
    for (const edge of contribution.edges ?? []) graph.addEdge(edge);
  }
  return graph;
}
