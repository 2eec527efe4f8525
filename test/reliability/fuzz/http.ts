/**
 * Fuzzes the prediction server (a real tfjs model served on 127.0.0.1): random JSON and non-JSON bodies, rows with
 * wrong types and missing or extra fields, odd content types, methods, paths and Host headers. Every request gets an
 * answer in bounded time: 200 for a valid one, else a 4xx with a JSON error message, never a 5xx or a stack trace;
 * a Host other than 127.0.0.1, localhost or [::1] is refused; the server keeps serving afterwards.
 */
import { request, Agent } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { startServing } from '../../../src/backend/serving/startServing';
import { trainedChurnModel } from '../../unit/serving/helpers';
import { Tally } from '../lib/tally';

interface HttpCase {
  kind: string;
  method: string;
  path: string;
  host?: string;
  contentType?: string;
  body?: string;
  /** A request the server must refuse (only from a foreign Host); others may also be valid (200). */
  foreignHost: boolean;
}

const REQUEST_TIMEOUT_MS = 20_000;
const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function send(port: number, c: HttpCase, agent: Agent): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    headers.host = c.host ?? `127.0.0.1:${port}`;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: c.method,
        path: c.path,
        headers,
        setHost: false,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (err) => resolve({ error: err.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ error: `no answer within ${REQUEST_TIMEOUT_MS} ms` });
    });
    req.on('error', (err) => resolve({ error: err.message }));
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}

function cases(valid: Record<string, unknown>): fc.Arbitrary<HttpCase> {
  const fields = Object.keys(valid);
  const wrongValue = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom({}, [], [1, 2], { value: 3 }),
    fc.double(),
    fc.constantFrom(1e308, -1e308, 2 ** 53 + 1),
  );
  const row = fc.oneof(
    fc.constant(valid),
    fc.tuple(fc.constantFrom(...fields), wrongValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.subarray(fields).map((keep) => Object.fromEntries(keep.map((k) => [k, valid[k]]))),
    fc
      .dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 })
      .map((extra) => ({ ...valid, ...extra })),
    fc.constantFrom({ __proto__: { age: 1 } }, JSON.parse('{"__proto__": {"polluted": 1}}'), { constructor: 1 }),
  );
  const json = (v: unknown) => JSON.stringify(v);
  const predict = (body: string, kind: string): HttpCase => ({
    kind,
    method: 'POST',
    path: '/predict',
    contentType: 'application/json',
    body,
    foreignHost: false,
  });
  return fc.oneof(
    row.map((r) => predict(json(r), 'one row')),
    fc.array(row, { maxLength: 5 }).map((rows) => predict(json(rows), 'a batch')),
    fc.array(row, { maxLength: 5 }).map((rows) => predict(json({ rows }), '{"rows": [...]}')),
    fc.jsonValue({ maxDepth: 3 }).map((v) => predict(json(v), 'any JSON')),
    fc.string({ maxLength: 60 }).map((s) => predict(s, 'any text')),
    fc.nat({ max: 20_000 }).map((depth) => predict('['.repeat(depth) + ']'.repeat(depth), 'deeply nested')),
    fc.tuple(row, fc.nat({ max: 40 })).map(([r, cut]) => predict(json(r).slice(0, cut), 'a cut JSON')),
    fc
      .tuple(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          '',
          'application/json; charset=latin1',
          'APPLICATION/JSON',
          'application/jsonx',
        ),
        row,
      )
      .map(([ct, r]) => ({ ...predict(json(r), 'a content type'), contentType: ct })),
    fc
      .tuple(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST'),
        fc.constantFrom(
          '/predict',
          '/feedback',
          '/health',
          '/metrics',
          '/',
          '/nope',
          '/predict/../health',
          '/predict?x=1',
          '//predict',
          '/%00',
        ),
      )
      .map(([method, path]) => ({
        kind: 'a method or path',
        method,
        path,
        contentType: 'application/json',
        body: method === 'GET' ? undefined : json(valid),
        foreignHost: false,
      })),
    fc
      .record(
        {
          requestId: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
          label: fc.oneof(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
        },
        { requiredKeys: [] },
      )
      .map((fb) => ({
        kind: 'feedback',
        method: 'POST',
        path: '/feedback',
        contentType: 'application/json',
        body: json(fb),
        foreignHost: false,
      })),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            'evil.example',
            'attacker.test:80',
            '127.0.0.1.evil.example',
            'localhost.evil.example',
            '0.0.0.0',
            '169.254.169.254',
            '[::ffff:127.0.0.1]',
            '',
          ),
          fc.domain(),
        ),
        row,
      )
      .map(([host, r]) => ({ ...predict(json(r), 'a foreign Host'), host, foreignHost: true })),
    fc.tuple(fc.constantFrom(...LOCAL_HOSTS), fc.boolean()).map(([host, withPort]) => ({
      kind: 'a local Host',
      method: 'GET',
      path: '/health',
      host: withPort ? `${host}:PORT` : host,
      foreignHost: false,
    })),
  );
}

export async function httpFuzzSection(root: string, count: number, seed: number): Promise<Tally> {
  const t = new Tally(`prediction server HTTP fuzz, ${count} requests (seed ${seed})`);
  const model = await trainedChurnModel();
  const ws = join(root, 'http-fuzz');
  mkdirSync(ws, { recursive: true });
  const serving = await startServing(
    {
      workspace: ws,
      deployment: 'churn',
      model: 'churn',
      version: 1,
      artifactDir: model.artifactDir,
      port: 0,
      kind: 'tfjs',
      maxBodyBytes: 1024 * 1024,
      logMaxBytes: 1024 * 1024,
    },
    { engine: 'cpu' },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const statuses = new Map<string, number>();
  try {
    const all = fc.sample(cases(model.rows[0]), { numRuns: count, seed });
    for (const [i, raw] of all.entries()) {
      const c = raw.host?.endsWith(':PORT') ? { ...raw, host: raw.host.replace('PORT', String(serving.port)) } : raw;
      const res = await send(serving.port, c, agent);
      const repro = () =>
        `${c.kind} (seed ${seed}, case ${i}): ${c.method} ${c.path} host=${JSON.stringify(c.host ?? '127.0.0.1')} content-type=${JSON.stringify(c.contentType)} body=${JSON.stringify((c.body ?? '').slice(0, 200))}`;
      if ('error' in res) {
        t.check('every request gets an answer', false, () => `${res.error} — ${repro()}`);
        continue;
      }
      t.check('every request gets an answer', true);
      const key = `${c.kind} ${res.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      t.check('never a 5xx', res.status < 500, () => `${res.status} ${res.body.slice(0, 200)} — ${repro()}`);
      t.check(
        'never a stack trace in a body',
        !/\n\s+at .+:\d+:\d+/.test(res.body),
        () => `${res.body.slice(0, 300)} — ${repro()}`,
      );
      if (res.status >= 400 && res.status < 500 && c.method !== 'HEAD') {
        let message: unknown;
        try {
          message = (JSON.parse(res.body) as { error?: { message?: unknown } }).error?.message;
        } catch {
          message = undefined;
        }
        t.check(
          'a 4xx carries a JSON error message',
          typeof message === 'string' && message.length > 0,
          () => `${res.status} ${res.body.slice(0, 200)} — ${repro()}`,
        );
      }
      if (c.foreignHost)
        t.check(
          'a foreign Host header is refused (4xx)',
          res.status >= 400 && res.status < 500,
          () => `${res.status} — ${repro()}`,
        );
      if (c.kind === 'a local Host')
        t.check('a local Host header is served', res.status === 200, () => `${res.status} — ${repro()}`);
    }
    const health = await send(
      serving.port,
      { kind: 'health', method: 'GET', path: '/health', foreignHost: false },
      agent,
    );
    const ok = await send(
      serving.port,
      {
        kind: 'valid',
        method: 'POST',
        path: '/predict',
        contentType: 'application/json',
        body: JSON.stringify([model.rows[0], model.rows[1]]),
        foreignHost: false,
      },
      agent,
    );
    t.check(
      'the server keeps serving after the fuzz',
      'status' in health && health.status === 200 && 'status' in ok && ok.status === 200,
      () => `health ${JSON.stringify(health).slice(0, 200)}, predict ${JSON.stringify(ok).slice(0, 200)}`,
    );
  } finally {
    agent.destroy();
    await serving.close();
  }
  t.figure(
    `answers by kind: ${[...statuses]
      .sort()
      .map(([k, n]) => `${k}×${n}`)
      .join(', ')}`,
  );
  return t;
}
