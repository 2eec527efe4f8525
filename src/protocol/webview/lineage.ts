/** The lineage panel: host ⇄ webview messages. The host sends graph deltas; the webview lays the graph out (dagre). */
import type { PanelNotice, RenderedReport } from './common';

export type LineageKind = 'commit' | 'dataset' | 'run' | 'artifact' | 'model-version' | 'deployment';
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** A small tag drawn on a node: a run's status, a model's stage, "dirty" on a commit used with changes. */
export interface NodeBadge {
  text: string;
  /** Picks the badge colour: ok (completed, production), warn (dirty, staging), error (failed), info (running), muted. */
  tone: 'ok' | 'warn' | 'error' | 'info' | 'muted';
}

export interface LineageViewNode {
  id: string;
  kind: LineageKind;
  /** First line: the experiment, the file name, the model name and version. */
  title: string;
  /** Second line: short id, hash, size. */
  subtitle: string;
  badges: NodeBadge[];
  /** Hover text: every fact worth a glance, one per line. */
  tooltip: string;
}

export interface LineageViewEdge {
  /** `from→to:kind`, stable across updates. */
  id: string;
  from: string;
  to: string;
  kind:
    | 'used-code'
    | 'trained-on'
    | 'evaluated-on'
    | 'produced'
    | 'registered-as'
    | 'deployed-as'
    | 'derived-from'
    | 'parent-of';
  /** A used-code edge of a run launched with uncommitted changes. */
  dirty?: boolean;
}

export interface LineageFilter {
  direction: LineageDirection;
  /** Hops from the root; 0 means unlimited. */
  depth: number;
}

/** What the webview keeps across reloads (VS Code restores it with the panel). */
export interface LineageState {
  root: string;
  filter: LineageFilter;
}

export type LineageToHost =
  | { type: 'ready'; state: LineageState | null }
  | { type: 'setFilter'; filter: LineageFilter }
  /** Open what a node stands for: the run's detail panel, the dataset file, the model. */
  | { type: 'open'; nodeId: string }
  /** Re-centre the graph on this node. */
  | { type: 'focus'; nodeId: string }
  | RenderedReport;

export type LineageToWebview =
  | {
      type: 'snapshot';
      root: string;
      rootTitle: string;
      filter: LineageFilter;
      nodes: LineageViewNode[];
      edges: LineageViewEdge[];
      /** Nodes left out because the neighbourhood is larger than the panel draws (the nearest are kept). */
      omitted: number;
    }
  /** What changed since the last snapshot or patch; the webview applies it and lays out again. */
  | {
      type: 'patch';
      addedNodes: LineageViewNode[];
      changedNodes: LineageViewNode[];
      removedNodes: string[];
      addedEdges: LineageViewEdge[];
      removedEdges: string[];
      omitted: number;
    }
  /** The root node is no longer in the graph (its run was deleted). */
  | { type: 'rootGone'; root: string }
  | PanelNotice;
