import * as vscode from 'vscode';
import { executorSetting } from '../executorSetting';
import { isTerminal, type RunId, type RunRecord } from '../../core/tracking/types';
import type { RunActions, RunDetailToHost, RunDetailToWebview } from '../../protocol/webview/runDetail';
import { Commands } from '../commands/commandIds';
import { requireTrust } from '../trust';
import { BackendFeed } from './backendFeed';
import { FileTailFeed, type LiveFeed } from './liveFeed';
import { PanelChannel } from './panelChannel';
import type { PanelContext } from './panelContext';
import { RunDetailController } from './runDetailController';
import { panelOptions } from './webviewHtml';

export const RUN_DETAIL_VIEW = 'mlops.runDetail';
/** The model registry contributes this command once it exists; until then there is no register button. */
export const REGISTER_MODEL_COMMAND = 'mlops.registerModel';
const POLL_MS = 500;

/** One panel per run: params, metrics, live curves, system metrics, log, artifacts and actions. */
export class RunDetailPanel implements vscode.Disposable {
  private readonly channel: PanelChannel<RunDetailToHost, RunDetailToWebview>;
  readonly controller: RunDetailController;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  static create(ctx: PanelContext, runId: RunId): RunDetailPanel {
    const panel = vscode.window.createWebviewPanel(
      RUN_DETAIL_VIEW,
      titleFor(ctx, runId),
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new RunDetailPanel(ctx, panel, runId);
  }

  constructor(
    private readonly ctx: PanelContext,
    readonly panel: vscode.WebviewPanel,
    readonly runId: RunId,
  ) {
    let registerAvailable = false;
    void vscode.commands.getCommands(true).then((all) => (registerAvailable = all.includes(REGISTER_MODEL_COMMAND)));
    const { deps } = ctx;
    this.controller = new RunDetailController({
      store: deps.store,
      runId,
      post: (m) => this.channel.post(m),
      feed: (record, logSize) => this.feedFor(record, logSize),
      canRun: () => vscode.workspace.isTrusted,
      canRegister: () => registerAvailable,
      act: (action, record) => this.act(action, record),
      openEvaluation: () => void vscode.commands.executeCommand(Commands.openEvaluation, runId),
      openFile: (path, reveal) => {
        const uri = vscode.Uri.file(path);
        if (reveal) void vscode.commands.executeCommand('revealInExplorer', uri);
        else void vscode.commands.executeCommand('vscode.open', uri, { preview: true });
      },
    });
    this.channel = new PanelChannel<RunDetailToHost, RunDetailToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'run', title: panel.title, plotly: true },
      reports: ctx.reports,
      key: runId,
      onMessage: (m) => this.controller.handle(m),
      onError: (err) => ctx.reportError(`run ${runId}`, err),
    });
    let row = deps.runs.get(runId);
    this.disposables.push(
      this.channel,
      deps.runs.onDidChange(() => {
        const next = deps.runs.get(runId);
        if (next === row) return;
        row = next;
        void this.controller.runChanged().catch((err) => ctx.reportError(`run ${runId}`, err));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private feedFor(record: RunRecord, logSize: number): LiveFeed {
    const running = !isTerminal(record.status);
    const files = new FileTailFeed(this.ctx.deps.store.runDir(this.runId), {
      intervalMs: POLL_MS,
      follow: running,
      logFrom: logSize,
    });
    if (!running || !this.ctx.deps.backend.started) return files;
    return new FallbackFeed(new BackendFeed(this.ctx.deps.backend, this.runId), files, (err) =>
      this.ctx.deps.log.warn(`live data of ${this.runId} from files: ${String(err)}`),
    );
  }

  private async act(action: keyof RunActions, record: RunRecord): Promise<void> {
    if (action === 'stop') await vscode.commands.executeCommand('mlops.stopRun', record.id);
    else if (action === 'register') await vscode.commands.executeCommand(REGISTER_MODEL_COMMAND, record.id);
    else if (requireTrust('re-running')) {
      const result = await this.ctx.deps.backend.request('launch', {
        experiment: record.experiment,
        overrides: await paramsOf(this.ctx, record.id),
        derivedFrom: record.id,
        defaultExecutor: executorSetting(),
      });
      await this.ctx.deps.runs.refreshRun(result.runId);
      await vscode.commands.executeCommand('mlops.openRun', result.runId);
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.controller.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

async function paramsOf(ctx: PanelContext, id: RunId): Promise<Record<string, unknown>> {
  return ctx.deps.runs.get(id)?.params ?? {};
}

function titleFor(ctx: PanelContext, runId: RunId): string {
  const run = ctx.deps.runs.get(runId);
  return `Run ${run ? `${run.experiment} ` : ''}${runId.slice(-6)}`;
}

/** The backend's subscription, or the run folder's files when the backend cannot subscribe. */
class FallbackFeed implements LiveFeed {
  private active: LiveFeed;

  constructor(
    primary: LiveFeed,
    private readonly fallback: LiveFeed,
    private readonly onFallback: (err: unknown) => void,
  ) {
    this.active = primary;
  }

  async start(
    handlers: Parameters<LiveFeed['start']>[0],
  ): Promise<ReturnType<LiveFeed['start']> extends Promise<infer T> ? T : never> {
    try {
      return await this.active.start(handlers);
    } catch (err) {
      this.active.dispose();
      this.onFallback(err);
      this.active = this.fallback;
      return this.active.start(handlers);
    }
  }

  dispose(): void {
    this.active.dispose();
  }
}
