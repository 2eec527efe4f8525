import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createPredictionServer, listenLoopback } from '../../../src/backend/serving/predictionServer';
import type { Predictor } from '../../../src/backend/serving/predictor';
import { RotatingLog } from '../../../src/backend/serving/rotatingLog';

const predictor: Predictor = {
  kind: 'command',
  schema: null,
  predict: async (rows) => rows.map(() => ({ prediction: 1 })) as never,
  unhealthy: async () => null,
  close: async () => undefined,
};

/** A raw HTTP request with the Host header set as given (undefined: no Host header at all). */
function send(
  port: number,
  method: string,
  path: string,
  host: string | undefined,
  body?: string,
): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }));
    });
    if (host !== undefined) req.setHeader('host', host);
    req.on('error', reject);
    req.end(body);
  });
}

describe('prediction server: Host header (DNS rebinding)', () => {
  let server: Server;
  let port: number;
  let dir: string;
  let predictions: RotatingLog;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlops-host-'));
    predictions = new RotatingLog({ dir, kind: 'predictions' });
    const created = createPredictionServer({
      predictor,
      identity: { deployment: 'd', model: 'm', version: 1 },
      predictionLog: predictions,
      feedbackLog: new RotatingLog({ dir, kind: 'feedback' }),
    });
    server = created.server;
    port = (await listenLoopback(server, 0)).port;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await predictions.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers loopback hosts, with or without a port (a forwarded one may differ), in any case', async () => {
    for (const host of [
      '127.0.0.1',
      `127.0.0.1:${port}`,
      '127.0.0.1:8443',
      'localhost',
      `LocalHost:${port}`,
      '[::1]',
      `[::1]:${port}`,
    ]) {
      const { status, json } = await send(port, 'GET', '/health', host);
      assert.equal(status, 200, host);
      assert.equal(json.status, 'ok');
    }
  });

  it('refuses any other Host with 421 and a JSON error, before reading the request', async () => {
    const forged = [
      'evil.example',
      `evil.example:${port}`,
      'localhost.evil.example',
      `127.0.0.1.nip.io:${port}`,
      'localhost.',
      '127.0.0.2',
      '127.0.0.1:http',
      '[::2]',
      '[::1]x',
      '0.0.0.0',
      'localhost:',
      `localhost:${port}x`,
      '',
    ];
    for (const host of forged) {
      const { status, json } = await send(port, 'GET', '/health', host);
      assert.equal(status, 421, `Host ${JSON.stringify(host)}`);
      assert.equal(json.error.status, 421);
      assert.match(json.error.message, /is not served here/);
      assert.match(json.error.hint, /127\.0\.0\.1/);
    }
    const predicted = await send(port, 'POST', '/predict', 'attacker.example', '[{"x": 1}]');
    assert.equal(predicted.status, 421);
    assert.equal(predictions.currentFile, null, 'nothing was predicted or logged');
  });

  it('refuses a request with no Host header', async () => {
    const { status } = await send(port, 'GET', '/metrics', undefined);
    assert.ok(status === 421 || status === 400, `status ${status}`);
  });
});
