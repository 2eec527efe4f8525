/** The lineage panel's view model: which part of the graph it shows, how each node reads, and what changed. */
import { reachable } from '../../core/lineage/graphQuery';
import type { LineageEdge, LineageGraph, LineageNode } from '../../core/lineage/graph';
import type { LineageFilter, LineageViewEdge, LineageViewNode, NodeBadge } from '../../protocol/webview/lineage';
import { formatBytes } from '../../core/format/bytes';

/** More than this and the panel keeps the nodes nearest the root. */
export const MAX_VIEW_NODES = 2000;

export interface LineageView {
  root: string;
  nodes: Map<string, LineageViewNode>;
  edges: Map<string, LineageViewEdge>;
  omitted: number;
}

export interface LineagePatch {
  addedNodes: LineageViewNode[];
  changedNodes: LineageViewNode[];
  removedNodes: string[];
  addedEdges: LineageViewEdge[];
  removedEdges: string[];
  omitted: number;
}

export const edgeId = (e: Pick<LineageEdge, 'from' | 'to' | 'kind'>) => `${e.from}→${e.to}:${e.kind}`;

/**
 * The nodes within `filter.depth` hops of `root` in the chosen directions, with the edges among them that run
 * along those directions (as `neighbourhood` in core), capped at `maxNodes` by distance from the root.
 */
export function lineageView(
  graph: LineageGraph,
  root: string,
  filter: LineageFilter,
  maxNodes = MAX_VIEW_NODES,
): LineageView {
  const view: LineageView = { root, nodes: new Map(), edges: new Map(), omitted: 0 };
  const rootNode = graph.node(root);
  if (!rootNode) return view;
  const depth = filter.depth > 0 ? filter.depth : undefined;
  const up =
    filter.direction === 'downstream' ? new Map<string, number>() : reachable(graph, root, 'upstream', { depth });
  const down =
    filter.direction === 'upstream' ? new Map<string, number>() : reachable(graph, root, 'downstream', { depth });
  const distance = new Map<string, number>([[root, 0]]);
  for (const [id, d] of [...up, ...down]) distance.set(id, Math.min(d, distance.get(id) ?? Infinity));
  const ordered = [...distance.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const kept = new Set(ordered.slice(0, Math.max(1, maxNodes)).map(([id]) => id));
  view.omitted = ordered.length - kept.size;
  for (const id of kept) view.nodes.set(id, viewNode(graph.node(id)!));
  const upSet = new Set([root, ...up.keys()]);
  const downSet = new Set([root, ...down.keys()]);
  const along = (e: LineageEdge) =>
    (upSet.has(e.from) && upSet.has(e.to)) || (downSet.has(e.from) && downSet.has(e.to));
  for (const id of kept) {
    for (const e of graph.outgoing(id)) {
      if (!kept.has(e.to) || !along(e)) continue;
      const edge: LineageViewEdge = { id: edgeId(e), from: e.from, to: e.to, kind: e.kind };
      if (e.kind === 'used-code' && e.attrs?.dirty) edge.dirty = true;
      view.edges.set(edge.id, edge);
    }
  }
  return view;
}

/** What changed from one view to the next; null when nothing did. */
export function diffViews(prev: LineageView, next: LineageView): LineagePatch | null {
  const patch: LineagePatch = {
    addedNodes: [],
    changedNodes: [],
    removedNodes: [],
    addedEdges: [],
    removedEdges: [],
    omitted: next.omitted,
  };
  for (const [id, node] of next.nodes) {
    const old = prev.nodes.get(id);
    if (!old) patch.addedNodes.push(node);
    else if (!sameNode(old, node)) patch.changedNodes.push(node);
  }
  for (const id of prev.nodes.keys()) if (!next.nodes.has(id)) patch.removedNodes.push(id);
  for (const [id, edge] of next.edges) {
    const old = prev.edges.get(id);
    if (!old) patch.addedEdges.push(edge);
    else if (Boolean(old.dirty) !== Boolean(edge.dirty)) {
      patch.removedEdges.push(id);
      patch.addedEdges.push(edge);
    }
  }
  for (const id of prev.edges.keys()) if (!next.edges.has(id)) patch.removedEdges.push(id);
  const empty =
    patch.addedNodes.length +
      patch.changedNodes.length +
      patch.removedNodes.length +
      patch.addedEdges.length +
      patch.removedEdges.length ===
    0;
  return empty && prev.omitted === next.omitted ? null : patch;
}

function sameNode(a: LineageViewNode, b: LineageViewNode): boolean {
  return (
    a.title === b.title &&
    a.subtitle === b.subtitle &&
    a.tooltip === b.tooltip &&
    JSON.stringify(a.badges) === JSON.stringify(b.badges)
  );
}

const RUN_TONES: Record<string, NodeBadge['tone']> = {
  completed: 'ok',
  failed: 'error',
  running: 'info',
  queued: 'muted',
  killed: 'muted',
  interrupted: 'warn',
  pruned: 'muted',
};
const STAGE_TONES: Record<string, NodeBadge['tone']> = { production: 'ok', staging: 'warn', archived: 'muted' };

/** How one graph node reads in the panel. */
export function viewNode(node: LineageNode): LineageViewNode {
  const a = node.attrs;
  const str = (k: string) =>
    typeof a[k] === 'string' ? (a[k] as string) : a[k] === undefined || a[k] === null ? '' : String(a[k]);
  const base = { id: node.id, kind: node.kind };
  switch (node.kind) {
    case 'run': {
      const runId = str('runId');
      const status = str('status');
      return {
        ...base,
        title: str('experiment') || 'run',
        subtitle: `run ${runId.slice(-8)}${a.createdAt ? ` · ${shortDate(str('createdAt'))}` : ''}`,
        badges: status ? [{ text: status, tone: RUN_TONES[status] ?? 'muted' }] : [],
        tooltip: lines([
          `run ${runId}`,
          `experiment ${str('experiment')}`,
          `status ${status}`,
          a.createdAt && `created ${str('createdAt')}`,
          a.exitCode !== null && a.exitCode !== undefined && `exit code ${str('exitCode')}`,
        ]),
      };
    }
    case 'commit': {
      const branches = (a.branches as string[] | undefined) ?? [];
      return {
        ...base,
        title: `commit ${str('commit').slice(0, 10)}`,
        subtitle: branches.length ? branches.join(', ') : 'detached',
        badges: [],
        tooltip: lines([
          `commit ${str('commit')}`,
          branches.length > 0 && `branches ${branches.join(', ')}`,
          a.remote && `remote ${str('remote')}`,
        ]),
      };
    }
    case 'dataset':
    case 'artifact': {
      const path = str('path');
      const files = typeof a.files === 'number' ? `${a.files} files · ` : '';
      return {
        ...base,
        title: basename(path),
        subtitle: `@${str('sha256').slice(0, 8)} · ${files}${formatBytes(Number(a.bytes))}`,
        badges: a.type === 'dir' ? [{ text: 'folder', tone: 'muted' }] : [],
        tooltip: lines([
          `${node.kind === 'artifact' ? 'artifact' : 'dataset'} ${path}`,
          `sha256 ${str('sha256')}`,
          `${formatBytes(Number(a.bytes))}${files ? ` in ${a.files} files` : ''}`,
        ]),
      };
    }
    case 'model-version': {
      const stage = str('stage');
      const aliases = (a.aliases as string[] | undefined) ?? [];
      const badges: NodeBadge[] = [
        ...(stage ? [{ text: stage, tone: STAGE_TONES[stage] ?? 'info' }] : []),
        ...aliases.map((t) => ({ text: t, tone: 'info' as const })),
      ];
      return {
        ...base,
        title: `${str('model')} v${str('version')}`,
        subtitle: a.runId ? `from run ${str('runId').slice(-8)}` : 'model version',
        badges,
        tooltip: lines([
          `model ${str('model')} version ${str('version')}`,
          stage && `stage ${stage}`,
          aliases.length > 0 && `aliases ${aliases.join(', ')}`,
          a.createdAt && `registered ${str('createdAt')}`,
        ]),
      };
    }
    case 'deployment': {
      const status = str('status');
      return {
        ...base,
        title: `deployment ${str('id')}`,
        subtitle: str('url') || `${str('model')}:${str('version')}`,
        badges: status ? [{ text: status, tone: status === 'running' || status === 'serving' ? 'ok' : 'muted' }] : [],
        tooltip: lines([
          `deployment ${str('id')}`,
          `${str('model')}:${str('version')}`,
          a.url && `url ${str('url')}`,
          status && `status ${status}`,
        ]),
      };
    }
  }
}

function lines(parts: Array<string | false | null | undefined | unknown>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n');
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || path;
}

function shortDate(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}
