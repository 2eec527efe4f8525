/** The lineage graph's geometry: a layered left-to-right DAG laid out by dagre. Pure: no DOM. */
import dagre from '@dagrejs/dagre';

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeInput {
  id: string;
  from: string;
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LineageLayout {
  nodes: Map<string, NodeBox>;
  /** Each edge as a polyline from the source's right side to the target's left side. */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** Space between layers (columns). */
  rankSep?: number;
  /** Space between nodes of one layer. */
  nodeSep?: number;
  margin?: number;
}

/**
 * Up to this many nodes dagre ranks with network simplex (the tidiest layers); above it with longest path, which
 * is several times faster on a few hundred nodes at the cost of some longer edges.
 */
export const NETWORK_SIMPLEX_MAX_NODES = 200;

/**
 * Lays the graph out with dagre, rank direction left → right. Edges to unknown nodes are
 * skipped; parallel edges of different kinds between the same nodes each get their own route.
 */
export function layoutLineage(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): LineageLayout {
  const margin = options.margin ?? 16;
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  const ranker = nodes.length <= NETWORK_SIMPLEX_MAX_NODES ? 'network-simplex' : 'longest-path';
  g.setGraph({
    rankdir: 'LR',
    ranker,
    ranksep: options.rankSep ?? 72,
    nodesep: options.nodeSep ?? 18,
    edgesep: 8,
    marginx: margin,
    marginy: margin,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  const routed: LayoutEdgeInput[] = [];
  for (const e of edges) {
    if (!g.hasNode(e.from) || !g.hasNode(e.to) || e.from === e.to) continue;
    g.setEdge(e.from, e.to, {}, e.id);
    routed.push(e);
  }
  dagre.layout(g);
  const boxes = new Map<string, NodeBox>();
  for (const n of nodes) {
    const label = g.node(n.id);
    boxes.set(n.id, {
      x: (label.x ?? 0) - n.width / 2,
      y: (label.y ?? 0) - n.height / 2,
      width: n.width,
      height: n.height,
    });
  }
  const paths = new Map<string, Point[]>();
  for (const e of routed) {
    const points = ((g.edge({ v: e.from, w: e.to, name: e.id }) as { points?: Point[] } | undefined)?.points ?? []).map(
      (p: Point) => ({ x: p.x, y: p.y }),
    );
    paths.set(e.id, attach(points, boxes.get(e.from)!, boxes.get(e.to)!));
  }
  const graph = g.graph();
  return { nodes: boxes, edges: paths, width: graph.width ?? 0, height: graph.height ?? 0 };
}

/** Starts the route on the source's right edge and ends it on the target's left edge, so arrows meet the boxes squarely. */
function attach(points: Point[], from: NodeBox, to: NodeBox): Point[] {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  const inner = points.slice(1, -1).filter((p) => p.x > start.x && p.x < end.x);
  return [start, ...inner, end];
}

/** An SVG path through the points: straight ends, quadratic curves through the bends. */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 10) / 10;
  if (points.length < 3)
    return (
      `M${f(points[0].x)},${f(points[0].y)}` +
      points
        .slice(1)
        .map((p) => ` L${f(p.x)},${f(p.y)}`)
        .join('')
    );
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${f(points[i].x)},${f(points[i].y)} ${f(mid.x)},${f(mid.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${f(last.x)},${f(last.y)}`;
}
