/**
 * The deployment's HTTP API: POST /predict, POST /feedback, GET /health, GET /metrics. Every answer is JSON (but
 * GET /metrics with Accept: text/plain, which answers in Prometheus' text format) and
 * carries a requestId (body and `x-request-id` header); errors say what was wrong. Predictions and feedback are
 * appended to the deployment's logs before the answer goes out.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MlopsError, errorMessage } from '../../core/errors';
import type { FeedbackLogLine, PredictionLogLine } from '../../core/monitor/deploymentFiles';
import { HttpError } from './httpError';
import { isLoopbackHost, LOOPBACK_HOST_HINT } from './loopbackHost';
import type { Predictor } from './predictor';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './readBody';
import { rowsOf, validateRows } from './requestRows';
import type { RotatingLog } from './rotatingLog';
import { prometheusText, wantsPrometheus } from './prometheusText';
import { ServingStats } from './servingStats';

export interface DeploymentIdentity {
  deployment: string;
  model: string;
  version: number | null;
}

export interface PredictionServerOptions {
  predictor: Predictor;
  identity: DeploymentIdentity;
  predictionLog: RotatingLog;
  feedbackLog: RotatingLog;
  maxBodyBytes?: number;
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 10_000;

/** A JSON answer, or (for GET /metrics in Prometheus' format) a text one. */
type Handler = (
  req: IncomingMessage,
  requestId: string,
) => Promise<{ status: number; body: Record<string, unknown>; text?: { contentType: string; body: string } }>;

export function createPredictionServer(options: PredictionServerOptions): { server: Server; stats: ServingStats } {
  const stats = new ServingStats();
  const { predictor, identity } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;

  const predict: Handler = async (req, requestId) => {
    const rows = rowsOf(await readJsonBody(req, maxBody), maxRows);
    if (predictor.schema) validateRows(rows, predictor.schema);
    const started = performance.now();
    let outputs;
    try {
      outputs = await predictor.predict(rows);
    } catch (err) {
      if (err instanceof MlopsError && err.kind === 'bad-input') throw new HttpError(422, err.message, err.hint);
      throw err;
    }
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const ts = new Date().toISOString();
    const lines: PredictionLogLine[] = rows.map((input, index) => ({
      ts,
      requestId,
      index,
      ...identity,
      latencyMs,
      input,
      output: outputs[index],
    }));
    await options.predictionLog.append(lines);
    stats.record(200, latencyMs, rows.length);
    return { status: 200, body: { model: identity.model, version: identity.version, predictions: outputs } };
  };

  const feedback: Handler = async (req) => {
    const body = await readJsonBody(req, maxBody);
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0 || items.length > maxRows)
      throw new HttpError(400, `send between 1 and ${maxRows} feedback items`);
    const ts = new Date().toISOString();
    const lines: FeedbackLogLine[] = items.flatMap((item, i) => feedbackLines(item, i, ts));
    await options.feedbackLog.append(lines);
    stats.record(200, null);
    return { status: 200, body: { accepted: lines.length } };
  };

  const routes: Record<string, Record<string, Handler>> = {
    '/predict': { POST: predict },
    '/feedback': { POST: feedback },
    '/health': {
      GET: async () => {
        const problem = await predictor.unhealthy();
        return {
          status: problem ? 503 : 200,
          body: {
            status: problem ? 'unhealthy' : 'ok',
            ...(problem ? { reason: problem } : {}),
            ...identity,
            kind: predictor.kind,
          },
        };
      },
    },
    '/metrics': {
      GET: async (req) => {
        const snapshot = stats.snapshot();
        if (wantsPrometheus(req.headers.accept)) {
          return {
            status: 200,
            body: {},
            text: {
              contentType: 'text/plain; version=0.0.4; charset=utf-8',
              body: prometheusText(identity, predictor.kind, snapshot),
            },
          };
        }
        return { status: 200, body: { ...identity, kind: predictor.kind, ...snapshot } };
      },
    },
  };

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    const handler = route?.[req.method ?? ''];
    const counted = path === '/predict' || path === '/feedback';
    const answer = (status: number, body: Record<string, unknown>) =>
      send(res, status, { requestId, ...body }, requestId);
    if (!isLoopbackHost(req.headers.host)) {
      req.resume();
      answer(421, {
        error: {
          status: 421,
          message: `Host ${JSON.stringify((req.headers.host ?? '').slice(0, 100))} is not served here`,
          hint: LOOPBACK_HOST_HINT,
        },
      });
      return;
    }
    if (!handler) {
      req.resume();
      if (route) res.setHeader('allow', Object.keys(route).join(', '));
      const status = route ? 405 : 404;
      if (counted) stats.record(status, null);
      answer(status, {
        error: {
          status,
          message: route ? `${req.method} is not allowed on ${path}` : `no route ${path}`,
          hint: 'Use POST /predict, POST /feedback, GET /health or GET /metrics.',
        },
      });
      return;
    }
    handler(req, requestId).then(
      ({ status, body, text }) => (text ? sendText(res, status, text, requestId) : answer(status, body)),
      (err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        if (counted) stats.record(status, null);
        const error =
          err instanceof HttpError
            ? {
                status,
                message: err.message,
                ...(err.hint ? { hint: err.hint } : {}),
                ...(err.fields ? { fields: err.fields } : {}),
              }
            : { status, message: errorMessage(err) };
        answer(status, { error });
      },
    );
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"status":400,"message":"malformed HTTP request"}}',
      );
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return { server, stats };
}

function feedbackLines(item: unknown, position: number, ts: string): FeedbackLogLine[] {
  const where = position > 0 ? ` (item ${position})` : '';
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    throw new HttpError(400, `feedback${where} must be an object {"requestId": "...", "label": ...}`);
  const f = item as Record<string, unknown>;
  if (typeof f.requestId !== 'string' || f.requestId.length === 0 || f.requestId.length > 200)
    throw new HttpError(422, `feedback${where} needs "requestId": the id a /predict answer returned`);
  if (Array.isArray(f.labels)) {
    if (f.labels.length === 0) throw new HttpError(422, `feedback${where}: "labels" is empty`);
    return f.labels.map((label, index) => checkedLine(f.requestId as string, index, label, where, ts));
  }
  if (!('label' in f))
    throw new HttpError(422, `feedback${where} needs "label" (or "labels" for every row of a batch)`);
  const index = f.index ?? 0;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
    throw new HttpError(422, `feedback${where}: "index" must be a row position (0, 1, …)`);
  return [checkedLine(f.requestId, index, f.label, where, ts)];
}

function checkedLine(requestId: string, index: number, label: unknown, where: string, ts: string): FeedbackLogLine {
  if (
    label === null ||
    label === undefined ||
    (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean')
  ) {
    throw new HttpError(422, `feedback${where}: the label must be a string, number or boolean`);
  }
  return { ts, requestId, index, label };
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, requestId: string): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: { contentType: string; body: string },
  requestId: string,
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': text.contentType,
    'content-length': Buffer.byteLength(text.body),
    'x-request-id': requestId,
    'cache-control': 'no-store',
  });
  res.end(text.body);
}

export const LOOPBACK = '127.0.0.1';

/** Listens on 127.0.0.1 only (port 0: a free one); resolves with the port and URL. */
export function listenLoopback(server: Server, port: number): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new MlopsError(
              `port ${port} on ${LOOPBACK} is in use`,
              'conflict',
              'Pick another port with --port, or leave it out to take a free one.',
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ port: actual, url: `http://${LOOPBACK}:${actual}` });
    });
  });
}
