import type { RunSummary } from '../../core/tracking/types';

/** Nodes shared by the Experiments and Runs trees. */
export type TreeNode =
  | { kind: 'experiment'; name: string; source: 'spec' | 'script'; file: string; line: number }
  | { kind: 'run'; run: RunSummary; under: 'experiment' | 'flat' }
  | { kind: 'runSection'; run: RunSummary; section: 'metrics' | 'params' | 'children'; children?: RunSummary[] }
  | { kind: 'value'; id: string; label: string; value: string }
  | { kind: 'more'; id: string; label: string; hidden: number };

/** The tree item id of a row of the Experiments or Runs tree. */
export function treeNodeId(node: TreeNode): string {
  switch (node.kind) {
    case 'experiment':
      return `experiment:${node.source}:${node.name}`;
    case 'run':
      return `run:${node.run.id}:${node.under === 'experiment' ? 'exp' : 'flat'}`;
    case 'runSection':
      return `${node.run.id}:${node.section}`;
    default:
      return node.id;
  }
}
