import type * as vscode from 'vscode';
import type { ExportFormat } from '../../protocol/webview/common';

/** What the editor title's actions need of an open panel (PanelChannel implements it for every panel). */
export interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  /** Shown in "Save as…" and as the snapshot's heading. */
  readonly title: string;
  readonly exportable: boolean;
  /** Reloads the page: the webview asks its host for everything again, as when it first opened. */
  reload(): void;
  requestExport(format: ExportFormat): Promise<string>;
}

const open = new Set<OpenPanel>();
let lastActive: OpenPanel | undefined;

export const panelRegistry = {
  add(panel: OpenPanel): void {
    open.add(panel);
    if (panel.panel.active) lastActive = panel;
  },
  delete(panel: OpenPanel): void {
    open.delete(panel);
    if (lastActive === panel) lastActive = undefined;
  },
  /** Called when a panel's view state changes, so a command run from the palette acts on the panel last focused. */
  activated(panel: OpenPanel): void {
    if (panel.panel.active) lastActive = panel;
  },
  /** The focused panel, else the one focused last. */
  active(): OpenPanel | undefined {
    for (const p of open) if (p.panel.active) return p;
    return lastActive && open.has(lastActive) ? lastActive : undefined;
  },
};
