import type * as vscode from 'vscode';

/** What a tree item shows, as a string: two items with the same stamp draw the same row. */
export function rowStamp(item: vscode.TreeItem): string {
  const text = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? (v as { value: string }).value : v);
  return JSON.stringify([
    text(item.label),
    item.description,
    text(item.tooltip),
    item.iconPath instanceof Object && 'id' in item.iconPath
      ? [item.iconPath.id, (item.iconPath as vscode.ThemeIcon).color?.id]
      : String(item.iconPath ?? ''),
    item.contextValue,
    item.collapsibleState,
    item.resourceUri?.toString(),
    item.command ? [item.command.command, item.command.arguments] : null,
  ]);
}
