import type { LineageGraph } from './graph';

export interface DatasetVersionEntry {
  /** Node id in the lineage graph. */
  id: string;
  versionId: string;
  sha256: string;
  bytes: number;
  /** createdAt of the earliest run that used or produced it (ISO), null when unknown. */
  firstSeen: string | null;
  /** Runs that read this version, oldest first. */
  usedBy: string[];
  /** The run that produced it, for a file one run wrote and another read. */
  producedBy: string | null;
}

export interface DatasetEntry {
  path: string;
  /** Newest first. */
  versions: DatasetVersionEntry[];
}

/** Every data path the runs read, with its versions and the runs that used each: what the Datasets tree shows. */
export function datasetCatalog(graph: LineageGraph): DatasetEntry[] {
  const byPath = new Map<string, DatasetVersionEntry[]>();
  const createdAt = (runNode: string) => (graph.node(runNode)?.attrs.createdAt as string | undefined) ?? null;
  for (const node of graph.nodes()) {
    if (node.kind !== 'dataset' && node.kind !== 'artifact') continue;
    const usedBy = graph
      .outgoing(node.id)
      .filter((e) => e.kind === 'trained-on' || e.kind === 'evaluated-on')
      .map((e) => e.to);
    if (usedBy.length === 0) continue;
    const producer = graph.incoming(node.id).find((e) => e.kind === 'produced')?.from ?? null;
    const runs = [...new Set(usedBy)].sort((a, b) => (createdAt(a) ?? '').localeCompare(createdAt(b) ?? ''));
    const seen = [...runs, ...(producer ? [producer] : [])]
      .map(createdAt)
      .filter((t): t is string => t !== null)
      .sort();
    const entry: DatasetVersionEntry = {
      id: node.id,
      versionId: String(node.attrs.versionId),
      sha256: String(node.attrs.sha256),
      bytes: Number(node.attrs.bytes),
      firstSeen: seen[0] ?? null,
      usedBy: runs.map((id) => String(graph.node(id)?.attrs.runId ?? id)),
      producedBy: producer ? String(graph.node(producer)?.attrs.runId ?? producer) : null,
    };
    const path = String(node.attrs.path);
    byPath.set(path, [...(byPath.get(path) ?? []), entry]);
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, versions]) => ({
      path,
      versions: versions.sort((a, b) => (b.firstSeen ?? '').localeCompare(a.firstSeen ?? '')),
    }));
}
