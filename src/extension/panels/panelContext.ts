import type * as vscode from 'vscode';
import type { CommandDeps } from '../commands/commandDeps';
import type { PanelReports } from './panelReports';
import type { SeriesCache } from './seriesCache';

/** What every panel host needs; built once by registerPanels. */
export interface PanelContext {
  deps: CommandDeps;
  extensionUri: vscode.Uri;
  reports: PanelReports;
  cache: SeriesCache;
  reportError(what: string, err: unknown): void;
}
