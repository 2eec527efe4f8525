import { LineageGraph, type LineageEdge } from './graph';

export type Direction = 'upstream' | 'downstream' | 'both';

export interface TraverseOptions {
  /** Hops from the start node; default unlimited. */
  depth?: number;
}

/** Node ids reachable from `start` in one direction, with their distance, breadth-first (start excluded). */
export function reachable(
  graph: LineageGraph,
  start: string,
  direction: Exclude<Direction, 'both'>,
  options: TraverseOptions = {},
): Map<string, number> {
  const maxDepth = options.depth ?? Infinity;
  const distance = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      const edges = direction === 'upstream' ? graph.incoming(id) : graph.outgoing(id);
      for (const edge of edges) {
        const neighbour = direction === 'upstream' ? edge.from : edge.to;
        if (distance.has(neighbour)) continue;
        distance.set(neighbour, depth);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  distance.delete(start);
  return distance;
}

export function upstream(graph: LineageGraph, start: string, options?: TraverseOptions): string[] {
  return [...reachable(graph, start, 'upstream', options).keys()];
}

export function downstream(graph: LineageGraph, start: string, options?: TraverseOptions): string[] {
  return [...reachable(graph, start, 'downstream', options).keys()];
}

/**
 * The part of the graph around `start`: its ancestors and/or descendants within `depth` hops, and the edges
 * among them that lie along those directions (siblings reached only sideways are not included).
 */
export function neighbourhood(
  graph: LineageGraph,
  start: string,
  options: TraverseOptions & { direction?: Direction } = {},
): LineageGraph {
  const direction = options.direction ?? 'both';
  const sub = new LineageGraph();
  const root = graph.node(start);
  if (!root) return sub;
  const up = direction === 'downstream' ? new Map<string, number>() : reachable(graph, start, 'upstream', options);
  const down = direction === 'upstream' ? new Map<string, number>() : reachable(graph, start, 'downstream', options);
  sub.addNode(root);
  for (const id of [...up.keys(), ...down.keys()]) sub.addNode(graph.node(id)!);
  const upSet = new Set([start, ...up.keys()]);
  const downSet = new Set([start, ...down.keys()]);
  const keep = (e: LineageEdge) => (upSet.has(e.from) && upSet.has(e.to)) || (downSet.has(e.from) && downSet.has(e.to));
  for (const edge of graph.edges()) if (keep(edge)) sub.addEdge(edge);
  return sub;
}
