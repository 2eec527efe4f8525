/**
 * Crash recovery under load: autocannon drives the deployment while its worker is killed with SIGKILL three
 * times. Reports how fast the supervisor brings it back, what the clients saw, and whether the prediction log
 * holds only whole lines (every 200 answer was logged before it was sent, so lines ≥ 2xx).
 *   npx tsx test/bench/serving/killBench.ts [seconds, default 12]
 */
import autocannon from 'autocannon';
import { setTimeout as delay } from 'node:timers/promises';
import { checkPredictionLog, fmt, servedChurnModel } from './benchSetup';

const seconds = Number(process.argv[2] ?? 12);
const KILLS = 3;

async function main() {
  const bench = await servedChurnModel({ healthEveryMs: 250, backoffInitialMs: 100 });
  const url = bench.deployment.url!;
  const recoveries: number[] = [];
  try {
    const load = autocannon({
      url: `${url}/predict`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bench.model.rows[0]),
      connections: 16,
      duration: seconds,
      timeout: 5,
    });
    for (let k = 0; k < KILLS; k++) {
      await delay((seconds * 1000) / (KILLS + 1));
      const record = await bench.registry.getDeployment(bench.deployment.id);
      if (!record?.pid) continue;
      const killedAt = performance.now();
      process.kill(record.pid, 'SIGKILL');
      for (;;) {
        await delay(20);
        const now = await bench.registry.getDeployment(bench.deployment.id);
        const healthy =
          now?.pid !== record.pid &&
          (await fetch(`${url}/health`)
            .then((r) => r.status === 200)
            .catch(() => false));
        if (healthy) break;
      }
      recoveries.push(performance.now() - killedAt);
    }
    const r = await load;
    const record = await bench.registry.getDeployment(bench.deployment.id);
    const log = await checkPredictionLog(bench.workspace, bench.deployment.id);
    console.log(`${KILLS} SIGKILLs of the serving worker during ${seconds} s of load at concurrency 16`);
    console.log(`  kill → healthy again: ${recoveries.map((ms) => `${fmt(ms, 0)} ms`).join(', ')}`);
    console.log(`  supervisor restarts recorded: ${record?.restarts}, status ${record?.status}`);
    console.log(
      `  clients: ${r['2xx']} answered 200, ${r.non2xx} non-2xx, ${r.errors} connection errors, ${r.timeouts} timeouts; ${fmt(r.requests.average, 0)} req/s average`,
    );
    console.log(
      `  prediction log: ${log.lines} lines in ${log.files} file(s), ${log.torn} unparsable, ${log.unterminated} unterminated; lines ≥ 200 answers: ${log.lines >= r['2xx']}`,
    );
  } finally {
    await bench.close();
  }
}

void main();
