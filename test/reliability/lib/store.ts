/** Settles a workspace's store with the CLI, then checks every run in it once it has ended. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli';
import { killHard } from './procs';
import { checkSeries, checkStatus, readRecord, runProcesses, TERMINAL, type RunHistory } from './runChecks';
import { sleep, type Tally } from './tally';

export interface StoreWatch {
  workspace: string;
  /** What the harness did to each run it knows (by id). */
  history: Map<string, RunHistory>;
  /** Run ids a CLI printed or a backend returned: each must stay in the store. */
  committed: Set<string>;
  checked: Set<string>;
  figures: { unsettledByRunsList: number; settledByQueue: number; orphansKilled: number };
}

export function newStoreWatch(workspace: string): StoreWatch {
  return {
    workspace,
    history: new Map(),
    committed: new Set(),
    checked: new Set(),
    figures: { unsettledByRunsList: 0, settledByQueue: 0, orphansKilled: 0 },
  };
}

export const runDirOf = (ws: string, id: string) => join(ws, '.mlops', 'runs', id);

export function runFolders(ws: string): string[] {
  const dir = join(ws, '.mlops', 'runs');
  return existsSync(dir)
    ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'run.json')) || !d.startsWith('.'))
    : [];
}

function queuedIds(ws: string): Set<string> {
  try {
    const q = JSON.parse(readFileSync(join(ws, '.mlops', 'queue.json'), 'utf8')) as {
      items?: Array<{ runId: string }>;
    };
    return new Set((q.items ?? []).map((i) => i.runId));
  } catch {
    return new Set();
  }
}

/** Checked once per run: when it is first seen ended (held), or first seen stuck (violated). */
const STUCK = 'no run is left queued or running with nothing to run it';

interface Row {
  id: string;
  status: string;
  metrics: Record<string, unknown>;
}

async function listRuns(t: Tally, ws: string): Promise<Row[] | undefined> {
  const res = await runCli(['runs', '--json'], { cwd: ws, timeoutMs: 60_000 });
  let rows: Row[] | undefined;
  try {
    rows = JSON.parse(res.stdout) as Row[];
  } catch {
    rows = undefined;
  }
  t.check(
    '`mlops runs --json` answers',
    res.code === 0 && Array.isArray(rows),
    () => `exit ${res.code}${res.timedOut ? ' (timed out)' : ''}: ${res.stderr.slice(0, 300)}`,
  );
  return rows;
}

/** A run that is not ended is fine only while something can still end it: it is queued, or a process of it lives. */
function pending(ws: string, row: Row, queued: Set<string>): boolean {
  if (row.status === 'queued') return queued.has(row.id);
  if (row.status === 'running') return runProcesses(row.id).length > 0;
  return false;
}

/**
 * Lists the runs (`mlops runs --json`), settles with `mlops queue` when a run is left running with nothing alive,
 * then checks every run that has ended and was not checked yet. `final`: nothing may be left pending at all.
 */
export async function settleAndCheck(
  t: Tally,
  w: StoreWatch,
  options: { showRun?: string; final?: boolean } = {},
): Promise<void> {
  let rows = await listRuns(t, w.workspace);
  if (!rows) return;
  let stuck = rows.filter((r) => !TERMINAL.has(r.status) && !pending(w.workspace, r, queuedIds(w.workspace)));
  if (stuck.length > 0) {
    w.figures.unsettledByRunsList += stuck.length;
    await runCli(['queue', '--json'], { cwd: w.workspace, timeoutMs: 60_000 });
    rows = (await listRuns(t, w.workspace)) ?? rows;
    const queued = queuedIds(w.workspace);
    const after = rows.filter((r) => !TERMINAL.has(r.status) && !pending(w.workspace, r, queued));
    w.figures.settledByQueue += stuck.length - after.length;
    stuck = after;
  }
  for (const r of stuck) {
    if (w.checked.has(`stuck:${r.id}`)) continue;
    w.checked.add(`stuck:${r.id}`);
    t.check(
      STUCK,
      false,
      () =>
        `run ${r.id} stays ${r.status} after \`mlops queue\` settled the store; ${w.history.get(r.id)?.repro ?? 'not started by the harness directly'} (${runDirOf(w.workspace, r.id)})`,
    );
  }
  if (options.final) {
    for (const r of rows.filter((r) => !TERMINAL.has(r.status) && !stuck.includes(r))) {
      t.check(
        'every run ends (none left queued or running at the end)',
        false,
        () => `run ${r.id} is ${r.status}; ${w.history.get(r.id)?.repro ?? ''}`,
      );
    }
  }
  const listed = new Map(rows.map((r) => [r.id, r]));
  for (const id of w.committed) {
    if (w.checked.has(`lost:${id}`)) continue;
    const ok = listed.has(id) && readRecord(runDirOf(w.workspace, id)) !== undefined;
    t.check(
      'no committed run is lost',
      ok,
      () =>
        `run ${id} (printed by the CLI or returned by launch) is ${listed.has(id) ? 'listed but has no run.json' : 'missing from mlops runs'}; ${w.history.get(id)?.repro ?? ''}`,
    );
    w.checked.add(`lost:${id}`);
  }
  for (const id of runFolders(w.workspace)) {
    if (w.checked.has(id) || w.checked.has(`listed:${id}`)) continue;
    if (listed.has(id)) {
      w.checked.add(`listed:${id}`);
      t.check('every run folder is listed by `mlops runs`', true);
    } else if (options.final) {
      t.check(
        'every run folder is listed by `mlops runs`',
        false,
        () => `${runDirOf(w.workspace, id)} is not in mlops runs --json`,
      );
    }
  }
  for (const row of rows) {
    if (!TERMINAL.has(row.status) || w.checked.has(row.id)) continue;
    const runDir = runDirOf(w.workspace, row.id);
    const record = readRecord(runDir);
    if (!record || !TERMINAL.has(record.status)) continue;
    w.checked.add(row.id);
    if (!w.checked.has(`stuck:${row.id}`)) t.check(STUCK, true);
    await checkNoOrphans(t, w, row.id);
    checkStatus(t, runDir, record, w.history.get(row.id));
    let showMetrics: unknown;
    if (options.showRun === row.id) {
      const show = await runCli(['show', row.id, '--json'], { cwd: w.workspace, timeoutMs: 60_000 });
      try {
        showMetrics = (JSON.parse(show.stdout) as { metrics: unknown }).metrics;
      } catch {
        t.check('`mlops show --json` answers', false, () => `exit ${show.code}: ${show.stderr.slice(0, 300)}`);
      }
    }
    await checkSeries(t, runDir, row.id, { indexMetrics: row.metrics, showMetrics });
  }
}

/** A SIGKILLed process can linger a moment before the kernel reaps it; an orphan that keeps running outlives this. */
const REAP_GRACE_MS = 1000;

/** An ended run has no process left. */
export async function checkNoOrphans(t: Tally, w: StoreWatch, runId: string): Promise<void> {
  const deadline = Date.now() + REAP_GRACE_MS;
  let procs = runProcesses(runId);
  while (procs.length > 0 && Date.now() < deadline) {
    await sleep(100);
    procs = runProcesses(runId);
  }
  const record = readRecord(runDirOf(w.workspace, runId));
  t.check(
    'no process of an ended run is left alive',
    procs.length === 0,
    () =>
      `run ${runId} is ${record?.status} but ${procs.map((p) => `pid ${p.pid} (${p.argv.slice(0, 3).join(' ')})`).join(', ')} still run(s); ${w.history.get(runId)?.repro ?? ''}`,
  );
  for (const p of procs) if (killHard(p.pid)) w.figures.orphansKilled++;
}
