/**
 * Lineage panel layout cost, in this process: the view model (host side) and the dagre layout (webview side) for
 * graphs of 100 to 1,000 nodes in three shapes, with the ranker the panel picks and network simplex as its peer.
 * Usage: node --import tsx test/bench/lineage-ui/layoutBench.ts
 */
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import type { LineageGraph } from '../../../src/core/lineage/graph';
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import { lineageView } from '../../../src/extension/lineage/lineageView';
import { layoutLineage, NETWORK_SIMPLEX_MAX_NODES } from '../../../webview/lineage/layout';
import { workspaceGraph } from './graphs';
import dagre from '@dagrejs/dagre';

const hex = (n: number) => n.toString(16).padStart(64, '0');

/** One dataset version read by `runs` runs, each producing its model file: 2 × runs + 1 nodes, as wide as it gets. */
async function starGraph(runs: number): Promise<LineageGraph> {
  const records = Array.from({ length: runs }, (_, i) => ({
    id: `01star${String(i).padStart(6, '0')}` as RunId,
    experiment: `exp${i % 5}`,
    status: 'completed',
    createdAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    data: [
      { path: 'data/shared.csv', sha256: 'f'.repeat(64), bytes: 1, role: 'input' },
      { path: `m${i}.json`, sha256: hex(i), bytes: 1, role: 'output' },
    ],
    git: null,
    derivedFrom: null,
  })) as unknown as RunRecord[];
  return buildLineageGraph(records);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, repeat: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function simplexLayout(nodes: string[], edges: Array<{ id: string; from: string; to: string }>): void {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranker: 'network-simplex', ranksep: 72, nodesep: 18 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of nodes) g.setNode(id, { width: 216, height: 46 });
  for (const e of edges) g.setEdge(e.from, e.to, {}, e.id);
  dagre.layout(g);
}

async function main(): Promise<void> {
  console.log(
    `ranker: network simplex up to ${NETWORK_SIMPLEX_MAX_NODES} nodes, longest path above (median of 3 after a warm-up)`,
  );
  console.log('shape       nodes  edges  view model ms  layout ms  network-simplex ms  ratio');
  for (const [shape, make, root] of [
    [
      'star',
      (n: number) => starGraph(Math.round((n - 1) / 2)),
      (g: LineageGraph) => g.nodes().find((x) => x.kind === 'dataset')!.id,
    ],
    ['workspace', (n: number) => workspaceGraph(n), null],
  ] as const) {
    for (const size of [100, 250, 500, 1000]) {
      const graph = await make(size);
      const view = root ? lineageView(graph, root(graph), { direction: 'both', depth: 0 }) : null;
      const ids = view ? [...view.nodes.keys()] : graph.nodes().map((n) => n.id);
      const edges = view
        ? [...view.edges.values()]
        : graph.edges().map((e) => ({ id: `${e.from}→${e.to}:${e.kind}`, from: e.from, to: e.to }));
      const viewMs = root ? time(() => lineageView(graph, root(graph), { direction: 'both', depth: 0 }), 3) : NaN;
      const layoutMs = time(
        () =>
          layoutLineage(
            ids.map((id) => ({ id, width: 216, height: 46 })),
            edges,
          ),
        3,
      );
      const simplexMs = size <= 500 ? time(() => simplexLayout(ids, edges), 1) : NaN;
      const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(0));
      console.log(
        `${shape.padEnd(10)} ${String(ids.length).padStart(6)} ${String(edges.length).padStart(6)} ${f(viewMs).padStart(14)} ${f(layoutMs).padStart(10)} ${f(simplexMs).padStart(19)}  ${Number.isNaN(simplexMs) ? '—' : (simplexMs / layoutMs).toFixed(1)}`,
      );
    }
  }
}

void main();
