import type * as vscode from 'vscode';
import type { SpecModel } from '../models/specModel';
import type { PanelReports } from '../panels/panelReports';
import type { DataWorker } from './dataWorker';

/** What the profile and drift panel hosts need; built once by registerDataPanels. */
export interface DataPanelContext {
  workspace: string;
  extensionUri: vscode.Uri;
  spec: SpecModel;
  reports: PanelReports;
  /** Each panel gets its own worker thread (its own table cache), made by this factory. */
  worker(): DataWorker;
  log: vscode.LogOutputChannel;
}
