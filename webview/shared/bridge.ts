/** The typed link to the extension host: one per panel, created once at start-up. */
import type { RenderedReport } from '../../src/protocol/webview/common';

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
    onMessage: (handler) => window.addEventListener('message', (event: MessageEvent<ToWebview>) => handler(event.data)),
    state: () => api.getState(),
    saveState: (state) => api.setState(state),
    report: (what, detail) => api.postMessage({ type: 'rendered', what, at: performance.now(), detail } satisfies RenderedReport),
  };
}

/** Runs `fn` after the browser has painted the current DOM changes. */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
