/**
 * The data panels at 1M rows: profile and drift jobs on the worker thread versus the same work in-process (the
 * peer), with the extension host's event-loop stall during each (how long the UI thread could not answer), and
 * the bytes each panel is sent.
 * Run: python3 test/bench/drift/generate_profile_data.py /tmp/mlops-panel-bench/ref.csv 1000000 &&
 *      cp /tmp/mlops-panel-bench/ref.csv /tmp/mlops-panel-bench/cur.csv && npx tsx test/bench/drift-ui/panelJobs.ts
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { profile } from '../../../src/core/data/profile';
import { readTable } from '../../../src/core/data/readTable';
import { driftReport } from '../../../src/core/drift/driftReport';
import { DataWorker } from '../../../src/extension/drift/dataWorker';
import { DEFAULT_SETTINGS, driftOptionsFrom } from '../../../src/extension/drift/driftSettings';
import { driftReportView } from '../../../src/extension/drift/driftView';
import { profileColumnView } from '../../../src/extension/drift/profileView';
import { messageBytes } from '../../../src/extension/panels/messageSize';

const dir = process.argv[2] ?? '/tmp/mlops-panel-bench';
const ref = join(dir, 'ref.csv');
const cur = join(dir, 'cur.csv');

/** Runs `work` while a 5 ms timer measures the longest gap between its ticks on this thread. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  stall = Math.max(stall, performance.now() - last);
  return { value, seconds, stallMs: stall };
}

(async () => {
  const mb = statSync(ref).size / 1e6;
  const signal = new AbortController().signal;
  const worker = new DataWorker({
    entry: join(__dirname, '..', '..', '..', 'src', 'extension', 'drift', 'dataWorkerMain.ts'),
    execArgv: ['--require', 'tsx/cjs'],
  });
  try {
    await worker.run(
      { kind: 'profile', path: join(__dirname, '..', '..', '..', 'examples', 'quickstart', 'data', 'test.csv') },
      signal,
    );

    const inProc = await timed(() => profile(ref));
    const inWorker = await timed(() => worker.run({ kind: 'profile', path: ref }, signal));
    if (inWorker.value.kind !== 'profile') throw new Error('expected a profile');
    const profileBytes = messageBytes({
      type: 'snapshot',
      columns: inWorker.value.profile.columns.map(profileColumnView),
    });
    console.log(
      `profile ${ref}: ${mb.toFixed(0)} MB, ${inProc.value.rowCount.toLocaleString()} rows × ${inProc.value.columnCount} columns`,
    );
    console.log(
      `  in-process (peer) ${inProc.seconds.toFixed(2)} s, UI thread stalled up to ${inProc.stallMs.toFixed(0)} ms`,
    );
    console.log(
      `  worker thread     ${inWorker.seconds.toFixed(2)} s (×${(inWorker.seconds / inProc.seconds).toFixed(2)} of the peer), UI thread stalled up to ${inWorker.stallMs.toFixed(0)} ms`,
    );
    console.log(`  sent to the panel: ${(profileBytes / 1024).toFixed(1)} KiB`);

    const peer = await timed(async () => {
      const [r, c] = await Promise.all([readTable(ref), readTable(cur)]);
      return driftReport(r, c, driftOptionsFrom(DEFAULT_SETTINGS));
    });
    const first = await timed(() =>
      worker.run({ kind: 'drift', reference: ref, current: cur, settings: DEFAULT_SETTINGS }, signal),
    );
    const rerun = await timed(() =>
      worker.run(
        { kind: 'drift', reference: ref, current: cur, settings: { ...DEFAULT_SETTINGS, test: 'psi' } },
        signal,
      ),
    );
    if (first.value.kind !== 'drift') throw new Error('expected a drift report');
    const driftBytes = messageBytes({
      type: 'report',
      report: driftReportView(first.value.report, { reference: 'ref.csv', current: 'cur.csv' }, DEFAULT_SETTINGS, 0),
    });
    console.log(
      `drift ${peer.value.columns.length} columns, ${peer.value.referenceRows.toLocaleString()} vs ${peer.value.currentRows.toLocaleString()} rows`,
    );
    console.log(
      `  in-process (peer)          ${peer.seconds.toFixed(2)} s, UI thread stalled up to ${peer.stallMs.toFixed(0)} ms`,
    );
    console.log(
      `  worker, first run          ${first.seconds.toFixed(2)} s (×${(first.seconds / peer.seconds).toFixed(2)} of the peer), UI thread stalled up to ${first.stallMs.toFixed(0)} ms`,
    );
    console.log(
      `  worker, re-run (psi, cached tables) ${rerun.seconds.toFixed(2)} s (×${(rerun.seconds / peer.seconds).toFixed(2)} of the peer), UI thread stalled up to ${rerun.stallMs.toFixed(0)} ms`,
    );
    console.log(`  sent to the panel: ${(driftBytes / 1024).toFixed(1)} KiB`);
  } finally {
    worker.dispose();
  }
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
