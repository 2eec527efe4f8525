import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentDir, listLogFiles } from '../../../src/core/monitor/deploymentFiles';
import { startServing, type Serving } from '../../../src/backend/serving/startServing';
import { trainedChurnModel, type TrainedModel } from './helpers';

async function call(
  url: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const res = await fetch(url + path, { method, body, headers: body === undefined ? undefined : headers });
  return {
    status: res.status,
    header: res.headers.get('x-request-id'),
    json: (await res.json()) as Record<string, any>,
  };
}

describe('prediction server: a trained tfjs model over HTTP', function () {
  this.timeout(120_000);
  let model: TrainedModel;
  let ws: string;
  let serving: Serving;

  before(async () => {
    model = await trainedChurnModel();
    ws = mkdtempSync(join(tmpdir(), 'mlops-serve-ws-'));
    serving = await startServing(
      {
        workspace: ws,
        deployment: 'churn',
        model: 'churn',
        version: 3,
        artifactDir: model.artifactDir,
        port: 0,
        kind: 'tfjs',
        maxBodyBytes: 64 * 1024,
        logMaxBytes: 4096,
      },
      { engine: 'cpu' },
    );
  });
  after(async () => {
    await serving?.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('answers one row, a batch and {"rows": [...]} with one prediction per row and a requestId', async () => {
    const one = await call(serving.url, 'POST', '/predict', JSON.stringify(model.rows[0]));
    assert.equal(one.status, 200);
    assert.equal(one.json.predictions.length, 1);
    assert.ok(['yes', 'no'].includes(one.json.predictions[0].prediction));
    assert.ok(
      Math.abs(one.json.predictions[0].probabilities.yes + one.json.predictions[0].probabilities.no - 1) < 1e-5,
    );
    assert.equal(one.json.version, 3);
    assert.equal(one.json.requestId, one.header);
    const batch = await call(serving.url, 'POST', '/predict', JSON.stringify(model.rows.slice(0, 50)));
    assert.equal(batch.json.predictions.length, 50);
    const wrapped = await call(serving.url, 'POST', '/predict', JSON.stringify({ rows: model.rows.slice(0, 50) }));
    assert.deepEqual(wrapped.json.predictions, batch.json.predictions);
    assert.notEqual(wrapped.json.requestId, batch.json.requestId);
  });

  it('predicts with the accuracy the model has offline', async () => {
    const { json } = await call(serving.url, 'POST', '/predict', JSON.stringify(model.rows));
    const correct = json.predictions.filter(
      (p: { prediction: string }, i: number) => p.prediction === model.labels[i],
    ).length;
    assert.ok(correct / model.rows.length > 0.6, `accuracy ${correct / model.rows.length}`);
  });

  const bad: Array<[string, string, string | undefined, Record<string, string> | undefined, number, RegExp]> = [
    ['invalid JSON', '/predict', '{"age": 3', undefined, 400, /invalid JSON/],
    ['an empty body', '/predict', '', undefined, 400, /empty/],
    ['a JSON number', '/predict', '42', undefined, 400, /expected a row object/],
    ['an empty batch', '/predict', '[]', undefined, 400, /no rows/],
    ['a batch holding a non-object', '/predict', '[{"age": 1}, 7]', undefined, 400, /row 1 is not an object/],
    ['rows that are not an array', '/predict', '{"rows": 5}', undefined, 400, /"rows" must be an array/],
    ['text/plain', '/predict', '{}', { 'content-type': 'text/plain' }, 415, /application\/json/],
    [
      'a body over the limit',
      '/predict',
      JSON.stringify({
        rows: Array(5000).fill({ age: 30, income: 5e4, plan: 'pro', tenure_months: 3, support_calls: 1 }),
      }),
      undefined,
      413,
      /larger than/,
    ],
    ['feedback without requestId', '/feedback', '{"label": "yes"}', undefined, 422, /requestId/],
    ['feedback without label', '/feedback', '{"requestId": "x"}', undefined, 422, /label/],
  ];
  for (const [what, path, body, headers, status, message] of bad) {
    it(`answers ${status} with a message to ${what}`, async () => {
      const res = await call(serving.url, 'POST', path, body, headers);
      assert.equal(res.status, status);
      assert.match(res.json.error.message, message);
      assert.equal(res.json.requestId, res.header);
    });
  }

  it('answers 422 naming each field that does not fit the schema', async () => {
    const { age, ...noAge } = model.rows[0];
    const res = await call(
      serving.url,
      'POST',
      '/predict',
      JSON.stringify([noAge, { ...model.rows[1], income: 'lots', plan: { x: 1 } }]),
    );
    assert.equal(res.status, 422);
    const fields = res.json.error.fields.map((f: { row: number; field: string }) => `${f.row}:${f.field}`);
    assert.deepEqual(fields.sort(), ['0:age', '1:income', '1:plan']);
    assert.match(res.json.error.message, /income/);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    assert.equal((await call(serving.url, 'GET', '/nope')).status, 404);
    const res = await fetch(serving.url + '/predict');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
  });

  it('reports health and metrics with counts, errors and latency percentiles', async () => {
    const health = await call(serving.url, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.json.status, 'ok');
    const metrics = (await call(serving.url, 'GET', '/metrics')).json;
    assert.equal(metrics.version, 3);
    assert.ok(metrics.requests >= 10);
    assert.ok(metrics.errors >= 8);
    assert.ok(
      metrics.latencyMs.p50 > 0 &&
        metrics.latencyMs.p50 <= metrics.latencyMs.p95 &&
        metrics.latencyMs.p95 <= metrics.latencyMs.p99,
    );
    assert.equal(metrics.byStatus['200'] >= 3, true);
  });

  it('accepts feedback for a request id and logs it', async () => {
    const predicted = await call(serving.url, 'POST', '/predict', JSON.stringify(model.rows.slice(0, 2)));
    const res = await call(
      serving.url,
      'POST',
      '/feedback',
      JSON.stringify({ requestId: predicted.json.requestId, labels: ['yes', 'no'] }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.accepted, 2);
    const files = await listLogFiles(deploymentDir(ws, 'churn'), 'feedback');
    const lines = files.flatMap((f) => readFileSync(f.path, 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.filter((l) => l.requestId === predicted.json.requestId).map((l) => [l.index, l.label]),
      [
        [0, 'yes'],
        [1, 'no'],
      ],
    );
  });

  it('keeps a prediction log of whole JSON lines, one per row, rotated by size', async () => {
    const files = await listLogFiles(deploymentDir(ws, 'churn'), 'predictions');
    assert.ok(files.length > 1, 'rotated at 4 KiB');
    const lines = files
      .flatMap((f) => readFileSync(f.path, 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l));
    for (const l of lines) {
      assert.equal(typeof l.requestId, 'string');
      assert.equal(l.model, 'churn');
      assert.equal(l.version, 3);
      assert.ok(l.latencyMs >= 0);
      assert.ok('age' in l.input && 'prediction' in l.output);
    }
    assert.ok(lines.length >= 1 + 50 + 50 + 200 + 2);
    for (const f of files) assert.ok(readFileSync(f.path, 'utf8').endsWith('\n'));
  });

  it('listens on 127.0.0.1 only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return;
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = request({ host: external.address, port: serving.port, path: '/health', timeout: 2000 }, resolve);
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
      }),
      /ECONNREFUSED|timeout/,
    );
    assert.match(serving.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
