/** The lineage graph: what code, data and runs made which artifacts, model versions and deployments. */

export const NODE_KINDS = ['commit', 'dataset', 'run', 'artifact', 'model-version', 'deployment'] as const;
export type LineageNodeKind = (typeof NODE_KINDS)[number];

/**
 * Edges point downstream, from what was used to what was made of it, and are named for the relation seen
 * from `to`: the run (to) was trained-on the dataset (from); the run (from) produced the artifact (to).
 */
export const EDGE_KINDS = [
  'used-code',
  'trained-on',
  'evaluated-on',
  'produced',
  'registered-as',
  'deployed-as',
  'derived-from',
  'parent-of',
] as const;
export type LineageEdgeKind = (typeof EDGE_KINDS)[number];

export interface LineageNode {
  /** `<kind prefix>:<key>`: `run:<run id>`, `commit:<sha>`, `dataset:<path>@<sha12>`, `artifact:<path>@<sha12>`, `model:<name>:<version>`, `deployment:<id>`. */
  id: string;
  kind: LineageNodeKind;
  label: string;
  attrs: Record<string, unknown>;
}

export interface LineageEdge {
  from: string;
  to: string;
  kind: LineageEdgeKind;
  attrs?: Record<string, unknown>;
}

/** The JSON form: printed by `mlops lineage --json` and sent to the lineage panel. */
export interface LineageGraphJson {
  root?: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

const edgeKey = (e: Pick<LineageEdge, 'from' | 'to' | 'kind'>) => `${e.from}\u0000${e.to}\u0000${e.kind}`;

export class LineageGraph {
  private readonly nodeMap = new Map<string, LineageNode>();
  private readonly edgeMap = new Map<string, LineageEdge>();
  private readonly out = new Map<string, LineageEdge[]>();
  private readonly in = new Map<string, LineageEdge[]>();

  /** Adds a node, or merges attributes into the node already there (the later label wins). */
  addNode(node: LineageNode): LineageNode {
    const existing = this.nodeMap.get(node.id);
    if (existing) {
      existing.label = node.label;
      existing.attrs = { ...existing.attrs, ...node.attrs };
      return existing;
    }
    const copy = { ...node, attrs: { ...node.attrs } };
    this.nodeMap.set(node.id, copy);
    return copy;
  }

  /** Adds an edge between known nodes once; an edge to an unknown node is ignored and reported as false. */
  addEdge(edge: LineageEdge): boolean {
    if (!this.nodeMap.has(edge.from) || !this.nodeMap.has(edge.to) || edge.from === edge.to) return false;
    const key = edgeKey(edge);
    if (this.edgeMap.has(key)) return true;
    const copy = edge.attrs ? { ...edge, attrs: { ...edge.attrs } } : { ...edge };
    this.edgeMap.set(key, copy);
    push(this.out, edge.from, copy);
    push(this.in, edge.to, copy);
    return true;
  }

  node(id: string): LineageNode | undefined {
    return this.nodeMap.get(id);
  }

  has(id: string): boolean {
    return this.nodeMap.has(id);
  }

  nodes(): LineageNode[] {
    return [...this.nodeMap.values()];
  }

  edges(): LineageEdge[] {
    return [...this.edgeMap.values()];
  }

  /** Edges from this node to what was made of it. */
  outgoing(id: string): readonly LineageEdge[] {
    return this.out.get(id) ?? [];
  }

  /** Edges from what this node was made of. */
  incoming(id: string): readonly LineageEdge[] {
    return this.in.get(id) ?? [];
  }

  get size(): { nodes: number; edges: number } {
    return { nodes: this.nodeMap.size, edges: this.edgeMap.size };
  }

  toJSON(root?: string): LineageGraphJson {
    const json: LineageGraphJson = { nodes: this.nodes(), edges: this.edges() };
    return root ? { root, ...json } : json;
  }

  static fromJSON(json: LineageGraphJson): LineageGraph {
    const graph = new LineageGraph();
    for (const node of json.nodes) graph.addNode(node);
    for (const edge of json.edges) graph.addEdge(edge);
    return graph;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const nodeId = {
  run: (runId: string) => `run:${runId}`,
  commit: (sha: string) => `commit:${sha}`,
  dataset: (versionId: string) => `dataset:${versionId}`,
  artifact: (versionId: string) => `artifact:${versionId}`,
  modelVersion: (model: string, version: string | number) => `model:${model}:${version}`,
  deployment: (id: string) => `deployment:${id}`,
};
