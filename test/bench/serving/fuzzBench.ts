/**
 * Robustness: 10,000 malformed requests (invalid JSON, wrong types, missing fields, wrong shapes, huge payloads,
 * wrong content types, bad feedback) against a served model. Every one must get a 4xx with a message, the server
 * must keep serving, and the prediction log must stay valid JSON Lines.
 *   npx tsx test/bench/serving/fuzzBench.ts [count, default 10000]
 */
import { checkPredictionLog, servedChurnModel } from './benchSetup';

const COUNT = Number(process.argv[2] ?? 10_000);
const PARALLEL = 16;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  kind: string;
  path: '/predict' | '/feedback';
  body: string;
  contentType: string;
}

const NUMERIC = ['age', 'income', 'tenure_months', 'support_calls'];
const WRONG_NUMBERS: unknown[] = ['lots', 'NaN?', {}, [], [1, 2], { value: 3 }, 'twelve', '1e', '--5'];
const WRONG_CATEGORIES: unknown[] = [{}, [], ['pro'], { plan: 'pro' }];

function makeCase(r: () => number, valid: Record<string, unknown>, i: number): Case {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const json = (v: unknown): Case => ({
    kind: '',
    path: '/predict',
    body: JSON.stringify(v),
    contentType: 'application/json',
  });
  if (i % 100 === 99) {
    const rows = Array.from({ length: 12_000 + Math.floor(r() * 20_000) }, () => valid);
    return { ...json({ rows }), kind: 'huge payload' };
  }
  switch (i % 7) {
    case 0: {
      const text = JSON.stringify(r() < 0.5 ? valid : [valid, valid]);
      let broken = text.slice(0, 1 + Math.floor(r() * (text.length - 2)));
      if (r() < 0.3) broken = text.replace(':', pick([':,', '::', ' ']));
      if (r() < 0.1)
        broken = String.fromCharCode(
          ...Array.from({ length: 1 + Math.floor(r() * 40) }, () => 33 + Math.floor(r() * 90)),
        );
      try {
        JSON.parse(broken);
        broken += '{';
      } catch {
        // invalid, as wanted
      }
      return { kind: 'invalid JSON', path: '/predict', body: broken, contentType: 'application/json' };
    }
    case 1: {
      const row: Record<string, unknown> = { ...valid, [pick(NUMERIC)]: pick(WRONG_NUMBERS) };
      if (r() < 0.3) row.plan = pick(WRONG_CATEGORIES);
      return { ...json(r() < 0.5 ? row : { rows: [valid, row] }), kind: 'wrong types' };
    }
    case 2: {
      const row: Record<string, unknown> = { ...valid };
      const keys = Object.keys(row);
      const drop = 1 + Math.floor(r() * keys.length);
      for (const k of keys.slice(0, drop)) delete row[k];
      return { ...json(r() < 0.5 ? row : [valid, row]), kind: 'missing fields' };
    }
    case 3:
      return {
        ...json(
          pick<unknown>([
            42,
            'row',
            null,
            true,
            [],
            [1, 2],
            { rows: 5 },
            { rows: [null] },
            [[valid]],
            { rows: {} },
            [valid, 'x'],
          ]),
        ),
        kind: 'wrong shape',
      };
    case 4:
      return {
        kind: 'wrong content type',
        path: '/predict',
        body: JSON.stringify(valid),
        contentType: pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/csv']),
      };
    case 5:
      return {
        ...json(
          pick<unknown>([
            {},
            { label: 'yes' },
            { requestId: 7, label: 'yes' },
            { requestId: 'x' },
            { requestId: 'x', label: { a: 1 } },
            { requestId: 'x', labels: [] },
            [],
            [1],
            { requestId: 'x', label: 'yes', index: -1 },
          ]),
        ),
        path: '/feedback',
        kind: 'bad feedback',
      };
    default:
      return { kind: 'empty body', path: '/predict', body: pick(['', ' ', '\n']), contentType: 'application/json' };
  }
}

async function main() {
  const bench = await servedChurnModel();
  const url = bench.deployment.url!;
  const r = rng(7);
  const valid = bench.model.rows[0];
  const byKind = new Map<string, Map<number, number>>();
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      const c = makeCase(r, valid, i);
      let status = 0;
      let message: unknown;
      try {
        const res = await fetch(url + c.path, {
          method: 'POST',
          headers: { 'content-type': c.contentType },
          body: c.body,
        });
        status = res.status;
        message = ((await res.json()) as { error?: { message?: unknown } }).error?.message;
      } catch (err) {
        message = `transport error: ${(err as Error).message}`;
      }
      const counts = byKind.get(c.kind) ?? new Map<number, number>();
      counts.set(status, (counts.get(status) ?? 0) + 1);
      byKind.set(c.kind, counts);
      if (!(status >= 400 && status < 500) || typeof message !== 'string' || message.length === 0) {
        if (failures.length < 10) failures.push(`${c.kind} → ${status} ${String(message)} (${c.body.slice(0, 80)})`);
        else failures.push('');
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const seconds = (performance.now() - started) / 1000;
  try {
    console.log(`${COUNT} malformed requests in ${seconds.toFixed(1)} s (${PARALLEL} in parallel)`);
    for (const [kind, counts] of byKind)
      console.log(
        `  ${kind.padEnd(20)} ${[...counts]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
      );
    console.log(
      `not a 4xx with a message: ${failures.length}${failures.length ? `\n  ${failures.filter(Boolean).join('\n  ')}` : ''}`,
    );
    const ok = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([valid, valid]),
    });
    const health = await fetch(`${url}/health`);
    const metrics = (await (await fetch(`${url}/metrics`)).json()) as { requests: number; errors: number };
    console.log(
      `afterwards: valid predict ${ok.status}, health ${health.status}, server counted ${metrics.errors} errors of ${metrics.requests} requests`,
    );
    const log = await checkPredictionLog(bench.workspace, bench.deployment.id);
    console.log(
      `prediction log: ${log.lines} lines (the valid request's 2 rows), ${log.torn} unparsable, ${log.unterminated} unterminated`,
    );
    const record = await bench.registry.getDeployment(bench.deployment.id);
    console.log(`worker restarts during the fuzz: ${record?.restarts ?? 'n/a'}`);
  } finally {
    await bench.close();
  }
}

void main();
