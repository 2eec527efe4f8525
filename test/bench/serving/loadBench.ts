/**
 * Serving throughput and latency: autocannon in this process drives the deployment's worker process over
 * loopback at concurrency 1, 16 and 64 (one row per request, bounded in time), against the same model's predict
 * called in-process (no HTTP, no logging) as the ceiling.
 *   npx tsx test/bench/serving/loadBench.ts [seconds per level, default 5]
 */
import autocannon from 'autocannon';
import { loadModelArtifact } from '../../../src/backend/trainer/loadModelArtifact';
import { checkPredictionLog, fmt, servedChurnModel } from './benchSetup';

const seconds = Number(process.argv[2] ?? 5);

async function inProcessCeiling(artifactDir: string, row: Record<string, unknown>) {
  const model = await loadModelArtifact(artifactDir);
  for (let i = 0; i < 200; i++) await model.predict([row]);
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    await model.predict([row]);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const engine = model.engine;
  model.dispose();
  return { rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99), engine };
}

async function main() {
  const bench = await servedChurnModel();
  try {
    const row = bench.model.rows[0];
    const url = `${bench.deployment.url}/predict`;
    await autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(row),
      connections: 4,
      duration: 2,
    });
    const ceiling = await inProcessCeiling(bench.model.artifactDir, row);
    console.log(
      `in-process predict (engine ${ceiling.engine}, 1 row): ${fmt(ceiling.rps, 0)} calls/s, p50 ${fmt(ceiling.p50, 3)} ms, p99 ${fmt(ceiling.p99, 3)} ms`,
    );
    console.log('concurrency  req/s   p50 ms  p99 ms  non-2xx  errors  vs in-process');
    for (const connections of [1, 16, 64]) {
      const r = await autocannon({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row),
        connections,
        duration: seconds,
      });
      console.log(
        `${String(connections).padEnd(11)}  ${fmt(r.requests.average, 0).padEnd(6)}  ${fmt(r.latency.p50, 2).padEnd(6)}  ${fmt(r.latency.p99, 2).padEnd(6)}  ${String(r.non2xx).padEnd(7)}  ${String(r.errors).padEnd(6)}  ${fmt(r.requests.average / ceiling.rps, 2)}x`,
      );
    }
    const log = await checkPredictionLog(bench.workspace, bench.deployment.id);
    console.log(
      `prediction log: ${log.lines} lines in ${log.files} file(s), ${log.torn} unparsable, ${log.unterminated} unterminated`,
    );
  } finally {
    await bench.close();
  }
}

void main();
