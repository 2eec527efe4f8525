import type { ChildProcess } from 'node:child_process';
import { CancelledError } from '../../core/errors';
import type {
  BackendEvent,
  BackendMessage,
  BackendMethod,
  BackendReadyMessage,
  ErrorPayload,
  ParamsOf,
  ResultOf,
} from '../../protocol/backend';

/** A request the backend answered with an error; `kind` and `hint` are the backend's MlopsError fields. */
export class BackendRequestError extends Error {
  readonly kind: ErrorPayload['kind'];
  readonly hint: string | undefined;

  constructor(method: string, payload: ErrorPayload) {
    super(payload.message);
    this.name = 'BackendRequestError';
    this.kind = payload.kind;
    this.hint = payload.hint;
    this.stack = `${this.name} (${method}): ${payload.message}`;
  }
}

export interface BackendClient {
  /**
   * Resolves with the method's result, rejects with a BackendRequestError, or on timeout/abort/backend exit. On
   * abort (a CancelledError) or timeout the backend is told to cancel the request: its handler's signal aborts.
   */
  request<M extends BackendMethod>(
    method: M,
    params: ParamsOf<M>,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ResultOf<M>>;
  onEvent(listener: (event: BackendEvent) => void): { dispose(): void };
  /** Resolves when the backend has sent `ready`. */
  readonly ready: Promise<BackendReadyMessage>;
  dispose(): void;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
  cleanup(): void;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The extension's side of the protocol over a `child_process.fork` IPC channel. Disposing does not kill the child. */
export function createBackendClient(child: Pick<ChildProcess, 'on' | 'off' | 'send' | 'connected'>): BackendClient {
  let nextId = 1;
  let disposed = false;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: BackendEvent) => void>();
  let markReady: (m: BackendReadyMessage) => void = () => undefined;
  let failReady: (err: Error) => void = () => undefined;
  const ready = new Promise<BackendReadyMessage>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);

  const onMessage = (message: BackendMessage) => {
    if (!message || typeof message !== 'object') return;
    if (message.kind === 'event') {
      for (const l of [...listeners]) l(message.event);
    } else if (message.kind === 'response') {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      p.cleanup();
      if (message.ok) p.resolve(message.result);
      else p.reject(new BackendRequestError(p.method, message.error));
    } else if (message.kind === 'ready') {
      markReady(message);
    }
  };
  const failAll = (why: string) => {
    const err = new Error(why);
    failReady(err);
    for (const [id, p] of pending) {
      pending.delete(id);
      p.cleanup();
      p.reject(err);
    }
  };
  const onExit = (code: number | null, signal: string | null) =>
    failAll(`backend exited (code ${code}, signal ${signal})`);
  const onDisconnect = () => failAll('backend disconnected');
  child.on('message', onMessage);
  child.on('exit', onExit);
  child.on('disconnect', onDisconnect);
  /** Tells the backend to stop working on `id`; nothing to tell when the channel is gone (it cancels all then). */
  const sendCancel = (id: number) => {
    if (!child.connected) return;
    try {
      const cancel: BackendMessage = { kind: 'cancel', id };
      child.send(cancel, () => undefined);
    } catch {
      // the channel closed in between: the backend cancels everything on disconnect
    }
  };

  return {
    ready,
    request(method, params, options = {}) {
      if (disposed) return Promise.reject(new Error('backend client is disposed'));
      if (!child.connected) return Promise.reject(new Error('backend is not connected'));
      if (options.signal?.aborted) return Promise.reject(new CancelledError(`backend request ${method}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const timer = setTimeout(
          () => giveUp(new Error(`backend request ${method} timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onAbort = () => giveUp(new CancelledError(`backend request ${method}`));
        const settleWith = (err: Error) => {
          if (!pending.delete(id)) return false;
          cleanup();
          reject(err);
          return true;
        };
        const giveUp = (err: Error) => {
          if (settleWith(err)) sendCancel(id);
        };
        const cleanup = () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, cleanup });
        child.send({ kind: 'request', id, method, params } as BackendMessage, (err) => {
          if (err) settleWith(err);
        });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const id of pending.keys()) sendCancel(id);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('disconnect', onDisconnect);
      failAll('backend client disposed');
      listeners.clear();
    },
  };
}
