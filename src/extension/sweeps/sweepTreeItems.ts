import * as vscode from 'vscode';
import { Commands } from '../api';
import { formatValue, relativeTime } from '../trees/runPresentation';
import type { SweepListItem } from './sweepsModel';

/** Rows of the Sweeps section of the Experiments view. */
export type SweepTreeNode = { kind: 'sweeps'; count: number } | { kind: 'sweep'; sweep: SweepListItem };

export function sweepNodeId(node: SweepTreeNode): string {
  return node.kind === 'sweeps' ? 'sweeps' : `sweep:${node.sweep.id}`;
}

const ICONS: Record<SweepListItem['status'], [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['circle-slash', 'disabledForeground'],
};

export function sweepsSectionItem(count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Sweeps', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'sweeps';
  item.iconPath = new vscode.ThemeIcon('type-hierarchy-sub');
  item.description = `${count}`;
  item.contextValue = 'sweeps';
  return item;
}

export function sweepItem(s: SweepListItem): vscode.TreeItem {
  const item = new vscode.TreeItem(`${s.experiment} ${s.id.slice(-6)}`, vscode.TreeItemCollapsibleState.None);
  item.id = `sweep:${s.id}`;
  const [icon, color] = ICONS[s.status];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  const best = s.best === null ? 'no best yet' : `best ${s.metric} ${formatValue(s.best)}`;
  item.description = [s.method, `${s.done}/${s.trials}`, best, relativeTime(s.createdAt)].join(' · ');
  item.tooltip = new vscode.MarkdownString(
    `**Sweep ${s.id}** of \`${s.experiment}\` (${s.method})\n\n${s.status}${s.orphaned ? ' — waiting for the backend to resume it' : ''}, ${s.done} of ${s.trials} trials ended\n\n` +
      `${s.goal} ${s.metric}: ${s.best === null ? '—' : formatValue(s.best)}${s.error ? `\n\n${s.error}` : ''}`,
  );
  item.contextValue = s.status === 'running' ? 'sweep.running' : 'sweep';
  item.command = { command: Commands.openSweep, title: 'Open Sweep', arguments: [s.id] };
  return item;
}
