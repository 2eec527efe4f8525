import * as vscode from 'vscode';

/** A tree row as VS Code renders it, in plain JSON (for tests and other extensions). */
export interface TreeRow {
  label: string;
  description: string;
  tooltip: string;
  icon: string | null;
  iconColor: string | null;
  contextValue: string | null;
  command: string | null;
  children: TreeRow[];
}

function text(value: string | vscode.MarkdownString | vscode.TreeItemLabel | boolean | undefined): string {
  if (value === undefined || typeof value === 'boolean') return '';
  if (typeof value === 'string') return value;
  return 'value' in value ? value.value : value.label;
}

interface SyncTree<T> {
  getChildren(node?: T): T[];
  getTreeItem(node: T): vscode.TreeItem;
}

/** Walks a tree through its provider, exactly as the view asks for it. */
export function inspectTree<T>(tree: SyncTree<T>, node?: T): TreeRow[] {
  return tree.getChildren(node).map((child) => {
    const item = tree.getTreeItem(child);
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : null;
    return {
      label: text(item.label),
      description: text(item.description),
      tooltip: text(item.tooltip),
      icon: icon?.id ?? null,
      iconColor: icon?.color?.id ?? null,
      contextValue: item.contextValue ?? null,
      command: item.command?.command ?? null,
      children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : inspectTree(tree, child),
    };
  });
}
