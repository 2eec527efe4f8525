/** What the Problems panel shows for mlops.yaml's problems: 0-based ranges, never empty, with severity and path. Pure, unit-tested. */
import type { SpecProblem } from '../core/spec/types';

export interface ProblemItem {
  /** 0-based, as vscode.Range takes them. */
  range: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  message: string;
  severity: 'error' | 'warning';
  /** The offending node's path (experiments.a.command), shown as the diagnostic's code; absent at the top level. */
  code?: string;
}

export function problemItems(problems: readonly SpecProblem[]): ProblemItem[] {
  return problems.map((p) => ({
    range: {
      startLine: p.line - 1,
      startColumn: p.column - 1,
      endLine: Math.max(p.endLine, p.line) - 1,
      // A zero-width problem (an alias, the end of a rule) still underlines one character.
      endColumn: p.endLine > p.line || p.endColumn > p.column ? p.endColumn - 1 : p.column,
    },
    message: p.message,
    severity: p.severity,
    ...(p.path ? { code: p.path } : {}),
  }));
}
