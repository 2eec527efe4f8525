import type { LineageGraph } from '../../core/lineage/graph';
import type { LineageFilter, LineageState, LineageToHost, LineageToWebview } from '../../protocol/webview/lineage';
import { diffViews, lineageView, MAX_VIEW_NODES, type LineageView } from './lineageView';

export interface LineageControllerDeps {
  graph(): Promise<LineageGraph>;
  post(message: LineageToWebview): void;
  /** Opens what a node stands for (run detail, dataset file, model). */
  open(nodeId: string, graph: LineageGraph): Promise<void>;
  /** The root changed (the panel re-centred): persist it, retitle the tab. */
  rootChanged(root: string, graph: LineageGraph): void;
  maxNodes?: number;
}

export const DEFAULT_FILTER: LineageFilter = { direction: 'both', depth: 0 };

/**
 * The lineage panel's host side, free of VS Code: a snapshot of the neighbourhood of the root on `ready`, on a new
 * filter or root; after that only the nodes and edges that changed when the graph is rebuilt.
 */
export class LineageController {
  private view: LineageView | undefined;

  constructor(
    private root: string,
    private readonly deps: LineageControllerDeps,
    private filter: LineageFilter = DEFAULT_FILTER,
  ) {}

  get rootId(): string {
    return this.root;
  }

  get state(): LineageState {
    return { root: this.root, filter: this.filter };
  }

  async handle(message: LineageToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The host's root and filter win over the webview's saved state, which is stale after a re-centre while hidden.
        await this.snapshot();
        return;
      case 'setFilter':
        this.filter = { direction: message.filter.direction, depth: Math.max(0, Math.floor(message.filter.depth)) };
        await this.snapshot();
        return;
      case 'focus':
        await this.show(message.nodeId);
        return;
      case 'open':
        await this.deps.open(message.nodeId, await this.deps.graph());
        return;
      case 'rendered':
        return;
    }
  }

  /** Re-centres on another node (from the panel, or a second `mlops.openLineage` for this panel). */
  async show(root: string, filter?: LineageFilter): Promise<void> {
    const graph = await this.deps.graph();
    if (!graph.has(root)) {
      this.deps.post({ type: 'notice', level: 'warning', message: `${root} is not in the lineage graph.` });
      return;
    }
    this.root = root;
    if (filter) this.filter = filter;
    this.deps.rootChanged(root, graph);
    await this.snapshot(graph);
  }

  /** The graph was rebuilt: sends only what changed in this panel's view. */
  graphChanged(graph: LineageGraph): void {
    if (!this.view) return;
    if (!graph.has(this.root)) {
      if (this.view.nodes.size > 0) this.deps.post({ type: 'rootGone', root: this.root });
      return;
    }
    const next = lineageView(graph, this.root, this.filter, this.deps.maxNodes ?? MAX_VIEW_NODES);
    if (!this.view.nodes.has(this.root)) {
      this.sendSnapshot(next);
      return;
    }
    const patch = diffViews(this.view, next);
    this.view = next;
    if (patch) this.deps.post({ type: 'patch', ...patch });
  }

  private async snapshot(known?: LineageGraph): Promise<void> {
    const graph = known ?? (await this.deps.graph());
    if (!graph.has(this.root)) {
      this.view = { root: this.root, nodes: new Map(), edges: new Map(), omitted: 0 };
      this.deps.post({ type: 'rootGone', root: this.root });
      return;
    }
    this.sendSnapshot(lineageView(graph, this.root, this.filter, this.deps.maxNodes ?? MAX_VIEW_NODES));
  }

  private sendSnapshot(view: LineageView): void {
    this.view = view;
    const rootNode = view.nodes.get(this.root);
    this.deps.post({
      type: 'snapshot',
      root: this.root,
      rootTitle: rootNode ? `${rootNode.title} (${rootNode.subtitle})` : this.root,
      filter: this.filter,
      nodes: [...view.nodes.values()],
      edges: [...view.edges.values()],
      omitted: view.omitted,
    });
  }
}
