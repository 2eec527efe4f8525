import type { RunSummary } from '../../core/tracking/types';

/** Nodes shared by the Experiments and Runs trees. */
export type TreeNode =
  | { kind: 'experiment'; name: string; source: 'spec' | 'script'; file: string; line: number }
  | { kind: 'run'; run: RunSummary; under: 'experiment' | 'flat' }
  | { kind: 'runSection'; run: RunSummary; section: 'metrics' | 'params' }
  | { kind: 'value'; id: string; label: string; value: string }
  | { kind: 'more'; id: string; label: string; hidden: number };
