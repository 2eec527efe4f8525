/** The typed link to the extension host: one per panel, created once at start-up. */
import type { ExportRequest, ExportResult, RenderedReport } from '../../src/protocol/webview/common';
import { exportSnapshot } from './exportSnapshot';

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface Bridge<ToHost, ToWebview, State> {
  post(message: ToHost): void;
  onMessage(handler: (message: ToWebview) => void): void;
  state(): State | undefined;
  saveState(state: State): void;
  /** Tells the host what was rendered (read by integration tests and benchmarks). */
  report(what: string, detail: Record<string, unknown>): void;
}

export function createBridge<ToHost, ToWebview, State>(): Bridge<ToHost, ToWebview, State> {
  const api = acquireVsCodeApi<State>();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) =>
      window.addEventListener('message', (event: MessageEvent<ToWebview | ExportRequest>) => {
        const message = event.data as { type?: unknown };
        if (message.type === 'export') answerExport(api, event.data as ExportRequest);
        else handler(event.data as ToWebview);
      }),
    state: () => api.getState(),
    saveState: (state) => api.setState(state),
    report: (what, detail) =>
      api.postMessage({ type: 'rendered', what, at: performance.now(), detail } satisfies RenderedReport),
  };
}

/** Every panel can be saved: the host decides which offer it (the editor title's Export action). */
function answerExport(api: VsCodeApi<unknown>, request: ExportRequest): void {
  exportSnapshot(request.format, request.title).then(
    (data) => api.postMessage({ type: 'exported', requestId: request.requestId, data } satisfies ExportResult),
    (err: unknown) =>
      api.postMessage({
        type: 'exported',
        requestId: request.requestId,
        error: err instanceof Error ? err.message : String(err),
      } satisfies ExportResult),
  );
}

/** Runs `fn` after the browser has painted the current DOM changes. */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
