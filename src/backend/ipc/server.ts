import { MlopsError } from '../../core/errors';
import type {
  BackendEvent,
  BackendMessage,
  BackendMethod,
  BackendRequest,
  ErrorPayload,
  ParamsOf,
  ResultOf,
} from '../../protocol/backend';

export type BackendHandlers = { [M in BackendMethod]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** The parent end of the channel: `process` in a forked child. */
export interface IpcChannel {
  send?(message: unknown, callback?: (err: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  readonly connected?: boolean;
}

export function errorPayload(err: unknown): ErrorPayload {
  if (err instanceof MlopsError) return { message: err.message, kind: err.kind, hint: err.hint };
  return { message: err instanceof Error ? err.message : String(err), kind: 'internal' };
}

/** Answers requests arriving on `channel` with `handlers` and forwards events; returns the event sender and a stop. */
export function serveBackend(channel: IpcChannel, handlers: BackendHandlers): { sendEvent(event: BackendEvent): void; close(): void } {
  const send = (message: BackendMessage) => {
    if (!channel.send || channel.connected === false) return;
    try {
      channel.send(message, () => undefined);
    } catch {
      // the parent went away between the check and the send; its disconnect handler shuts us down
    }
  };
  const onMessage = (raw: unknown) => {
    const message = raw as BackendMessage;
    if (!message || typeof message !== 'object' || message.kind !== 'request') return;
    void answer(message);
  };
  const answer = async (request: BackendRequest) => {
    const handler = handlers[request.method] as ((params: unknown) => Promise<unknown>) | undefined;
    if (!handler) {
      send({ kind: 'response', id: request.id, ok: false, error: { message: `unknown method '${String(request.method)}'`, kind: 'bad-input' } });
      return;
    }
    try {
      const result = await handler(request.params ?? {});
      send({ kind: 'response', id: request.id, ok: true, result: result ?? {} });
    } catch (err) {
      send({ kind: 'response', id: request.id, ok: false, error: errorPayload(err) });
    }
  };
  channel.on('message', onMessage);
  return {
    sendEvent: (event) => send({ kind: 'event', event }),
    close: () => channel.off('message', onMessage),
  };
}
