/**
 * Kill -9 at random moments, spread over the training script, its /bin/sh wrapper, the `mlops run` CLI that
 * supervises it, and the extension's backend (forked as the extension does). After every kill the store is settled
 * and each ended run is checked (see lib/runChecks.ts and lib/store.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeBackend, forkBackend, type ForkedBackend } from './lib/backend';
import { startCli } from './lib/cli';
import { isTrainingScript, isWrapper, killHard, processesWithEnv, type ProcInfo } from './lib/procs';
import {
  checkLoggedBeforeKill,
  readLedger,
  readRecord,
  runProcesses,
  TERMINAL,
  type RunHistory,
} from './lib/runChecks';
import { checkNoOrphans, newStoreWatch, runDirOf, runFolders, settleAndCheck, type StoreWatch } from './lib/store';
import { pick, rng, sleep, Tally, waitFor } from './lib/tally';
import { makeWorkspace } from './lib/workspace';

type Target = 'script' | 'wrapper' | 'cli' | 'backend';

interface Plan {
  target: Target;
  duration: number;
  exit: number;
  style: 'burst' | 'epochs';
  delayMs: number;
}

const debug = (line: string) => process.env.MLOPS_RELIABILITY_DEBUG && process.stderr.write(`[kill] ${line}\n`);

/** Points logged this long before a kill must be on disk (the clients promise 0.2 s; the machine may be loaded). */
const LOGGED_SLACK_MS = 1000;

function planKill(r: () => number, targets: Target[]): Plan {
  const target = pick(r, targets);
  const style = target !== 'cli' && target !== 'backend' && r() < 0.3 ? 'epochs' : 'burst';
  const duration = style === 'epochs' ? 3.6 : Math.round((0.3 + r() * 2.2) * 100) / 100;
  const exit = r() < 0.7 ? 0 : pick(r, [1, 3, 42]);
  // Script and wrapper kills mostly land while the script runs (the CLI takes ~0.6 s to start it); the CLI and the
  // backend are also killed while they record the end.
  const window =
    target === 'cli' || target === 'backend'
      ? duration + 1.5
      : target === 'script' || target === 'wrapper'
        ? duration + 0.6
        : duration;
  return { target, duration, exit, style, delayMs: Math.round(r() * window * 1000) };
}

const params = (p: Plan) => [`duration=${p.duration}`, `exit=${p.exit}`, `style=${p.style}`];

interface Counters {
  delivered: Record<Target, number>;
  missed: number;
  statuses: Map<string, number>;
}

function findRunProcess(procs: ProcInfo[], target: 'script' | 'wrapper'): ProcInfo | undefined {
  return procs.find(target === 'script' ? isTrainingScript : isWrapper);
}

/** Waits for the run's script to log its first or second epoch, then lets it idle `LOGGED_SLACK_MS` plus a little. */
async function waitIntoIdleEpoch(runDir: () => string | undefined, r: () => number): Promise<void> {
  const points = r() < 0.5 ? 5 : 10;
  await waitFor(
    () => {
      const dir = runDir();
      return dir && readLedger(dir).logged.length >= points ? true : undefined;
    },
    20_000,
    20,
  );
  await sleep(LOGGED_SLACK_MS + 50 + r() * 100);
}

async function cliAttempt(
  t: Tally,
  w: StoreWatch,
  seed: number,
  i: number,
  r: () => number,
  c: Counters,
): Promise<void> {
  const plan = planKill(r, ['script', 'wrapper', 'cli']);
  const tag = `rel-${seed}-${i}`;
  const repro = `seed ${seed} kill #${i}: mlops run train ${params(plan)
    .map((p) => `--param ${p}`)
    .join(
      ' ',
    )}; SIGKILL the ${plan.target} ${plan.style === 'epochs' ? `${LOGGED_SLACK_MS} ms into an idle epoch` : `${plan.delayMs} ms after the CLI started`}`;
  const cli = startCli(['run', 'train', ...params(plan).flatMap((p) => ['--param', p])], {
    cwd: w.workspace,
    env: { ...process.env, MLOPS_REL_TAG: tag },
    timeoutMs: (plan.duration + 45) * 1000,
  });
  const cliExited = () => cli.child.exitCode !== null || cli.child.signalCode !== null;
  const tagged = () => processesWithEnv('MLOPS_REL_TAG', tag).filter((p) => p.pid !== cli.child.pid);
  let runId: string | undefined;
  const history: RunHistory = { hitScript: false, hitWrapper: false, repro };
  if (plan.style === 'epochs') {
    await waitIntoIdleEpoch(() => tagged().find(isTrainingScript)?.env.get('MLOPS_RUN_DIR'), r);
  } else {
    await sleep(plan.delayMs);
  }
  let seen = false;
  const victim = await waitFor(
    () => {
      if (plan.target === 'cli') return cliExited() ? null : cli.child.pid!;
      // A CLI also starts other CLIs' queued runs, which inherit its environment: only its own run is the target.
      const own = /run (\S+) (started|queued)/.exec(cli.stdout())?.[1];
      const procs = tagged().filter((p) => own !== undefined && p.env.get('MLOPS_RUN_ID') === own);
      if (procs.length > 0) seen = true;
      const p = findRunProcess(procs, plan.target as 'script' | 'wrapper');
      if (p) {
        runId = p.env.get('MLOPS_RUN_ID');
        return p.pid;
      }
      return cliExited() || (seen && procs.length === 0) ? null : undefined;
    },
    30_000,
    10,
  );
  const killedAt = Date.now();
  if (victim && killHard(victim)) {
    c.delivered[plan.target]++;
    if (plan.target === 'script') history.hitScript = true;
    if (plan.target === 'wrapper') history.hitWrapper = true;
  } else {
    c.missed++;
  }
  debug(`${repro}: ${victim ? `killed pid ${victim}` : 'missed'}`);
  const result = await cli.done;
  const printed = /run (\S+) (started|queued)/.exec(result.stdout)?.[1];
  runId ??= printed;
  if (printed) w.committed.add(printed);
  if (runId) w.history.set(runId, history);
  if (plan.target !== 'cli') {
    t.check(
      '`mlops run` returns once its run has ended',
      !result.timedOut,
      () => `still running ${plan.duration + 45} s later; ${repro}`,
    );
    if (runId) {
      const record = readRecord(runDirOf(w.workspace, runId));
      if (record && TERMINAL.has(record.status)) await checkNoOrphans(t, w, runId);
      if (record && TERMINAL.has(record.status) && !result.timedOut) {
        t.check(
          "`mlops run` exits with its run's outcome",
          result.code === (record.status === 'completed' ? 0 : 1),
          () =>
            `exit ${result.code} for a ${record.status} run ${runId}; ${repro}; the CLI printed: ${JSON.stringify(result.stdout.slice(-400))} ${JSON.stringify(result.stderr.slice(-400))}`,
        );
      }
    }
  }
  if (runId && plan.style === 'epochs' && victim)
    checkLoggedBeforeKill(t, runDirOf(w.workspace, runId), runId, killedAt, LOGGED_SLACK_MS, repro);
  // A run whose CLI died goes on by itself; wait (bounded) for every process it started to end.
  const ended = await waitFor(() => (tagged().length === 0 ? true : undefined), (plan.duration + 30) * 1000, 100);
  if (!ended) {
    const left = tagged();
    t.check(
      "processes of a run end within their script's duration",
      false,
      () => `${left.map((p) => `pid ${p.pid} ${p.argv.slice(0, 3).join(' ')}`).join(', ')} still alive; ${repro}`,
    );
    for (const p of left) killHard(p.pid);
  }
  await settleAndCheck(t, w, { showRun: runId });
  const record = runId ? readRecord(runDirOf(w.workspace, runId)) : undefined;
  if (record)
    c.statuses.set(`${plan.target}→${record.status}`, (c.statuses.get(`${plan.target}→${record.status}`) ?? 0) + 1);
}

async function backendAttempt(
  t: Tally,
  w: StoreWatch,
  seed: number,
  i: number,
  r: () => number,
  c: Counters,
  holder: { backend?: ForkedBackend },
): Promise<void> {
  const plan = planKill(r, ['script', 'wrapper', 'backend']);
  const repro = `seed ${seed} kill #${i}: backend launch train ${params(plan).join(' ')}; SIGKILL the ${plan.target} ${plan.style === 'epochs' ? `${LOGGED_SLACK_MS} ms into an idle epoch` : `${plan.delayMs} ms after the launch request`}`;
  holder.backend ??= await forkBackend(w.workspace);
  const backend = holder.backend;
  const before = new Set(runFolders(w.workspace));
  const launched = backend.client
    .request('launch', { experiment: 'train', overrides: params(plan) }, { timeoutMs: 60_000 })
    .then(
      (res) => res.runId as string,
      () => undefined,
    );
  const history: RunHistory = { hitScript: false, hitWrapper: false, repro };
  let victim: number | null | undefined;
  let runId: string | undefined;
  if (plan.target === 'backend') {
    await sleep(plan.delayMs);
    victim = backend.child.exitCode === null ? backend.pid : null;
  } else {
    runId = await launched;
    if (runId) {
      w.history.set(runId, history);
      if (plan.style === 'epochs') await waitIntoIdleEpoch(() => runDirOf(w.workspace, runId!), r);
      else await sleep(Math.max(0, plan.delayMs - 600)); // the launch answered once the run had started
      let seen = false;
      victim = await waitFor(
        () => {
          const procs = runProcesses(runId!);
          if (procs.length > 0) seen = true;
          const p = findRunProcess(procs, plan.target as 'script' | 'wrapper');
          if (p) return p.pid;
          const record = readRecord(runDirOf(w.workspace, runId!));
          return (seen && procs.length === 0) || (record && TERMINAL.has(record.status)) ? null : undefined;
        },
        30_000,
        10,
      );
    }
  }
  const killedAt = Date.now();
  if (victim && killHard(victim)) {
    c.delivered[plan.target]++;
    if (plan.target === 'script') history.hitScript = true;
    if (plan.target === 'wrapper') history.hitWrapper = true;
  } else {
    c.missed++;
  }
  debug(`${repro}: ${victim ? `killed pid ${victim}` : 'missed'}`);
  if (plan.target === 'backend' && victim) {
    await backend.exited;
    backend.client.dispose();
    // The extension starts a new backend on its next request; it finds the runs again.
    holder.backend = await forkBackend(w.workspace);
  }
  runId ??= await launched;
  if (!runId) {
    const fresh = runFolders(w.workspace).filter((d) => !before.has(d));
    runId = fresh[0];
  } else {
    w.committed.add(runId);
  }
  if (runId) {
    w.history.set(runId, history);
    const runDir = runDirOf(w.workspace, runId);
    const ended = await waitFor(
      () => {
        const record = readRecord(runDir);
        return record && TERMINAL.has(record.status) ? record : undefined;
      },
      (plan.duration + 60) * 1000,
      50,
    );
    if (ended) await checkNoOrphans(t, w, runId);
    else {
      const record = readRecord(runDir);
      t.check(
        'the backend ends every run it supervises or finds again',
        false,
        () =>
          `run ${runId} still ${record?.status ?? 'without run.json'} ${plan.duration + 60} s later (processes alive: ${runProcesses(runId!).length}); ${repro}`,
      );
    }
    if (plan.style === 'epochs' && victim) checkLoggedBeforeKill(t, runDir, runId, killedAt, LOGGED_SLACK_MS, repro);
  }
  await settleAndCheck(t, w, { showRun: runId });
  const record = runId ? readRecord(runDirOf(w.workspace, runId)) : undefined;
  if (record)
    c.statuses.set(`${plan.target}→${record.status}`, (c.statuses.get(`${plan.target}→${record.status}`) ?? 0) + 1);
}

/** Leaves no run pending: queued runs are started by one more `mlops run`, then everything is settled and checked. */
async function drainCliWorkspace(t: Tally, w: StoreWatch): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const queued = readdirSync(join(w.workspace, '.mlops', 'runs')).some(
      (id) => readRecord(runDirOf(w.workspace, id))?.status === 'queued',
    );
    if (!queued) break;
    await startCli(['run', 'train', '--param', 'duration=0.1'], { cwd: w.workspace, timeoutMs: 120_000 }).done;
    await waitFor(
      () => (processesWithEnv('MLOPS_WORKSPACE', w.workspace).length === 0 ? true : undefined),
      60_000,
      100,
    );
  }
  await settleAndCheck(t, w, { final: true });
}

/** One line on stderr every 50 attempts, so a long run shows its figures before it ends. */
function progress(t: Tally, done: number, total: number, started: number): void {
  if (done % 50 !== 0 && done !== total) return;
  const failing = t.counts.filter((c) => c.failed > 0).map((c) => `${c.name} ${c.failed}/${c.checked}`);
  process.stderr.write(
    `[kill] ${done}/${total} attempts, ${((Date.now() - started) / 1000).toFixed(0)} s; violated so far: ${failing.join('; ') || 'none'}\n`,
  );
}

/** `pairs` × (one workspace driven by `mlops run` CLIs + one driven by a backend), each pair with its own seeds. */
export async function killSection(root: string, kills: number, seed: number, pairs = 1): Promise<Tally> {
  const t = new Tally(`kill -9 at ${kills} random moments (seed ${seed})`);
  const c: Counters = { delivered: { script: 0, wrapper: 0, cli: 0, backend: 0 }, missed: 0, statuses: new Map() };
  const started = Date.now();
  const watches: StoreWatch[] = [];
  let done = 0;
  const workers: Array<Promise<void>> = [];
  const share = (k: number) => Math.floor(kills / (2 * pairs)) + (k < kills % (2 * pairs) ? 1 : 0);
  for (let p = 0; p < pairs; p++) {
    const cliWs = newStoreWatch(makeWorkspace(root, pairs === 1 ? 'kill-cli' : `kill-cli-${p}`));
    const beWs = newStoreWatch(makeWorkspace(root, pairs === 1 ? 'kill-backend' : `kill-backend-${p}`));
    watches.push(cliWs, beWs);
    const cliSeed = seed + 2 * p;
    const beSeed = seed + 2 * p + 1;
    workers.push(
      (async () => {
        const r = rng(cliSeed);
        for (let i = 0, n = share(2 * p); i < n; i++) {
          await cliAttempt(t, cliWs, cliSeed, i, r, c);
          progress(t, ++done, kills, started);
        }
        await drainCliWorkspace(t, cliWs);
      })(),
      (async () => {
        const r = rng(beSeed);
        const holder: { backend?: ForkedBackend } = {};
        for (let i = 0, n = share(2 * p + 1); i < n; i++) {
          await backendAttempt(t, beWs, beSeed, i, r, c, holder);
          progress(t, ++done, kills, started);
        }
        holder.backend ??= await forkBackend(beWs.workspace);
        await waitFor(
          () =>
            runFolders(beWs.workspace).every((id) =>
              TERMINAL.has(readRecord(runDirOf(beWs.workspace, id))?.status ?? ''),
            )
              ? true
              : undefined,
          120_000,
          200,
        );
        await closeBackend(holder.backend);
        await settleAndCheck(t, beWs, { final: true });
      })(),
    );
  }
  await Promise.all(workers);
  const sum = (f: (w: StoreWatch) => number) => watches.reduce((n, w) => n + f(w), 0);
  t.figure(
    `${kills} kill attempts in ${((Date.now() - started) / 1000).toFixed(0)} s (${2 * pairs} workers): delivered to script ${c.delivered.script}, wrapper ${c.delivered.wrapper}, mlops run CLI ${c.delivered.cli}, backend ${c.delivered.backend}; ${c.missed} missed (the target had already exited)`,
  );
  t.figure(
    `outcomes (target→status): ${[...c.statuses]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  t.figure(
    `${sum((w) => runFolders(w.workspace).length)} runs in ${watches.length} stores; runs left running with nothing alive by \`mlops runs\`: ${sum((w) => w.figures.unsettledByRunsList)} (settled by \`mlops queue\`: ${sum((w) => w.figures.settledByQueue)}); orphan processes the harness had to kill: ${sum((w) => w.figures.orphansKilled)}`,
  );
  return t;
}
