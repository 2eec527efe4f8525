import { CancelledError, MlopsError } from '../../core/errors';
import type {
  BackendEvent,
  BackendMessage,
  BackendMethod,
  BackendRequest,
  ErrorPayload,
  ParamsOf,
  ResultOf,
} from '../../protocol/backend';

/** What a handler knows about its request: `signal` aborts when the client cancels it or goes away. */
export interface RequestContext {
  signal: AbortSignal;
}

export type BackendHandlers = {
  [M in BackendMethod]: (params: ParamsOf<M>, request: RequestContext) => Promise<ResultOf<M>>;
};

/** The parent end of the channel: `process` in a forked child. */
export interface IpcChannel {
  send?(message: unknown, callback?: (err: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
  readonly connected?: boolean;
}

export function errorPayload(err: unknown): ErrorPayload {
  if (err instanceof MlopsError) return { message: err.message, kind: err.kind, hint: err.hint };
  return { message: err instanceof Error ? err.message : String(err), kind: 'internal' };
}

/**
 * Answers requests arriving on `channel` with `handlers` and forwards events; returns the event sender and a stop.
 * Each request's handler gets its own AbortSignal, aborted by a `cancel` for its id, by the channel's disconnect
 * and by `close`.
 */
export function serveBackend(
  channel: IpcChannel,
  handlers: BackendHandlers,
): { sendEvent(event: BackendEvent): void; close(): void } {
  const inFlight = new Map<number, AbortController>();
  const send = (message: BackendMessage) => {
    if (!channel.send || channel.connected === false) return;
    try {
      channel.send(message, () => undefined);
    } catch {
      // the parent went away between the check and the send; its disconnect handler shuts us down
    }
  };
  const cancel = (id: number, why: string) => inFlight.get(id)?.abort(new CancelledError(why));
  const cancelAll = (why: string) => {
    for (const id of [...inFlight.keys()]) cancel(id, why);
  };
  const onMessage = (raw: unknown) => {
    const message = raw as BackendMessage;
    if (!message || typeof message !== 'object') return;
    if (message.kind === 'cancel') cancel(message.id, `backend request ${message.id}`);
    else if (message.kind === 'request') void answer(message);
  };
  const onDisconnect = () => cancelAll('the extension disconnected: backend request');
  const answer = async (request: BackendRequest) => {
    const handler = handlers[request.method] as
      ((params: unknown, context: RequestContext) => Promise<unknown>) | undefined;
    if (!handler) {
      send({
        kind: 'response',
        id: request.id,
        ok: false,
        error: { message: `unknown method '${String(request.method)}'`, kind: 'bad-input' },
      });
      return;
    }
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const result = await handler(request.params ?? {}, { signal: controller.signal });
      send({ kind: 'response', id: request.id, ok: true, result: result ?? {} });
    } catch (err) {
      send({ kind: 'response', id: request.id, ok: false, error: errorPayload(err) });
    } finally {
      if (inFlight.get(request.id) === controller) inFlight.delete(request.id);
    }
  };
  channel.on('message', onMessage);
  channel.on('disconnect', onDisconnect);
  return {
    sendEvent: (event) => send({ kind: 'event', event }),
    close: () => {
      channel.off('message', onMessage);
      channel.off('disconnect', onDisconnect);
      cancelAll('the backend is closing: backend request');
    },
  };
}
