import type { LineageEdge, LineageGraph, LineageNode } from './graph';
import { formatBytes } from '../format/bytes';

function describe(node: LineageNode): string {
  const a = node.attrs;
  switch (node.kind) {
    case 'run':
      return `run ${a.runId} · ${a.experiment} (${a.status})`;
    case 'commit': {
      const branches = (a.branches as string[] | undefined) ?? [];
      return `commit ${String(a.commit).slice(0, 12)}${branches.length ? ` (${branches.join(', ')})` : ''}`;
    }
    case 'dataset':
    case 'artifact':
      return `${node.kind} ${a.path} @${String(a.sha256).slice(0, 12)} (${formatBytes(Number(a.bytes))})`;
    case 'model-version':
      return `model ${node.label}`;
    case 'deployment':
      return node.label;
  }
}

function edgeNote(edge: LineageEdge): string {
  return edge.kind === 'used-code' && edge.attrs?.dirty ? `${edge.kind}, dirty` : edge.kind;
}

/**
 * The neighbourhood of `root` as an indented tree: what it was made from (upstream) and what was made from
 * it (downstream). A node reached twice is printed once in full, then as "(see above)".
 */
export function renderLineageTree(graph: LineageGraph, root: string, options: { depth?: number } = {}): string {
  const maxDepth = options.depth ?? Infinity;
  const rootNode = graph.node(root);
  if (!rootNode) return '';
  const lines = [describe(rootNode)];
  const printed = new Set<string>([root]);
  const walk = (id: string, direction: 'upstream' | 'downstream', indent: string, depth: number) => {
    if (depth > maxDepth) return;
    const edges = direction === 'upstream' ? graph.incoming(id) : graph.outgoing(id);
    for (const edge of edges) {
      const next = direction === 'upstream' ? edge.from : edge.to;
      const arrow = direction === 'upstream' ? '←' : '→';
      const seen = printed.has(next);
      lines.push(`${indent}${arrow} [${edgeNote(edge)}] ${describe(graph.node(next)!)}${seen ? ' (see above)' : ''}`);
      if (seen) continue;
      printed.add(next);
      walk(next, direction, indent + '    ', depth + 1);
    }
  };
  for (const direction of ['upstream', 'downstream'] as const) {
    const before = lines.length;
    lines.push(`  ${direction}:`);
    walk(root, direction, '    ', 1);
    if (lines.length === before + 1) lines.push('    (none)');
  }
  return lines.join('\n');
}
