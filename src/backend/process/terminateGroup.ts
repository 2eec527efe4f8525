import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { hasProcfs, isSameProcess, listProcesses, processTree } from './procfs';

export interface TerminateOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Start time recorded with the leader's pid: processes started before it are not the run's (pid reuse). */
  startTime?: number | null;
  pollMs?: number;
  /** How long to wait for the processes to vanish after SIGKILL. */
  killWaitMs?: number;
}

function signal(target: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(target, sig);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The run's live processes: its process group (which outlives a killed leader while any member runs) and every
 * descendant of its members, never one that started before the leader. None when the leader's pid now belongs to
 * another process: the group id was then given to that process's new group.
 */
function members(
  leaderPid: number,
  startTime: number | null | undefined,
): Array<{ pid: number; startTime: number | null }> {
  const all = listProcesses();
  const holder = all.find((p) => p.pid === leaderPid && p.state !== 'Z');
  if (holder && startTime != null && holder.startTime !== startTime) return [];
  return processTree(leaderPid, all)
    .filter((p) => startTime == null || p.startTime >= startTime)
    .map((p) => ({ pid: p.pid, startTime: p.startTime }));
}

/**
 * Ends every process of a run: SIGTERM to its process group and to descendants that left the group, SIGKILL to
 * whatever is left after the grace period, then waits until none is left. Works when the group leader (the wrapper
 * shell) is already gone and its command runs on as an orphan. Resolves with the last signal sent, or null when
 * nothing of the run was running.
 */
export async function terminateGroup(leaderPid: number, options: TerminateOptions): Promise<NodeJS.Signals | null> {
  const pollMs = options.pollMs ?? 50;
  if (process.platform === 'win32') return terminateWindowsTree(leaderPid, options, pollMs);
  if (!hasProcfs()) return terminateWithoutProcfs(leaderPid, options, pollMs);
  let found = members(leaderPid, options.startTime);
  if (found.length === 0) return null;
  const sendAll = (sig: NodeJS.Signals) => {
    signal(-leaderPid, sig);
    for (const p of found) if (isSameProcess(p.pid, p.startTime)) signal(p.pid, sig);
  };
  const anyAlive = () => {
    const now = members(leaderPid, options.startTime);
    for (const p of now) if (!found.some((f) => f.pid === p.pid)) found.push(p);
    return found.some((p) => isSameProcess(p.pid, p.startTime));
  };
  sendAll('SIGTERM');
  if (await waitUntil(() => !anyAlive(), options.graceMs, pollMs)) return 'SIGTERM';
  found = found.filter((p) => isSameProcess(p.pid, p.startTime));
  sendAll('SIGKILL');
  await waitUntil(
    () => !anyAlive(),
    options.killWaitMs ?? 10_000,
    pollMs,
    () => sendAll('SIGKILL'),
  );
  return 'SIGKILL';
}

/**
 * Windows has neither process groups nor SIGTERM (process.kill ends the leader alone and orphans its children):
 * `taskkill /T /F` ends the run's whole tree at once. Called with an argument array, not through a shell.
 */
async function terminateWindowsTree(
  leaderPid: number,
  options: TerminateOptions,
  pollMs: number,
): Promise<NodeJS.Signals | null> {
  const alive = () => isSameProcess(leaderPid, null);
  if (!alive()) return null;
  await new Promise<void>((resolve) =>
    execFile('taskkill', ['/pid', String(leaderPid), '/T', '/F'], { windowsHide: true }, () => resolve()),
  );
  if (alive()) signal(leaderPid, 'SIGKILL');
  await waitUntil(() => !alive(), options.killWaitMs ?? 10_000, pollMs);
  return 'SIGKILL';
}

/** macOS and other systems without /proc: the process group, SIGTERM then SIGKILL. */
async function terminateWithoutProcfs(
  leaderPid: number,
  options: TerminateOptions,
  pollMs: number,
): Promise<NodeJS.Signals | null> {
  const target = -leaderPid;
  const alive = () => groupAlive(leaderPid);
  if (!alive()) return null;
  signal(target, 'SIGTERM');
  if (await waitUntil(() => !alive(), options.graceMs, pollMs)) return 'SIGTERM';
  signal(target, 'SIGKILL');
  await waitUntil(() => !alive(), options.killWaitMs ?? 10_000, pollMs);
  return 'SIGKILL';
}

async function waitUntil(done: () => boolean, ms: number, pollMs: number, eachPoll?: () => void): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    eachPoll?.();
    await delay(pollMs);
  }
}
