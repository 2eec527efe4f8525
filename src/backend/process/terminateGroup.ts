import { setTimeout as delay } from 'node:timers/promises';
import { isSameProcess, listProcesses, processTree } from './procfs';

export interface TerminateOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Start time recorded with the pid: a reused pid is never signalled. */
  startTime?: number | null;
  pollMs?: number;
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
 * Stops a run: SIGTERM to its process group (and to descendants that left the group), then SIGKILL to whatever is
 * left after the grace period. Resolves with the last signal sent, or null when the process was already gone.
 */
export async function terminateGroup(leaderPid: number, options: TerminateOptions): Promise<NodeJS.Signals | null> {
  if (!isSameProcess(leaderPid, options.startTime)) return null;
  const stray = processTree(leaderPid, listProcesses()).filter((p) => p.pgrp !== leaderPid);
  const sendAll = (sig: NodeJS.Signals) => {
    if (process.platform === 'win32') signal(leaderPid, sig);
    else signal(-leaderPid, sig);
    for (const p of stray) if (isSameProcess(p.pid, p.startTime)) signal(p.pid, sig);
  };
  sendAll('SIGTERM');
  const deadline = Date.now() + options.graceMs;
  const pollMs = options.pollMs ?? 50;
  const anyAlive = () => (process.platform === 'win32' ? isSameProcess(leaderPid, null) : groupAlive(leaderPid)) || stray.some((p) => isSameProcess(p.pid, p.startTime));
  while (Date.now() < deadline) {
    if (!anyAlive()) return 'SIGTERM';
    await delay(pollMs);
  }
  if (!anyAlive()) return 'SIGTERM';
  sendAll('SIGKILL');
  return 'SIGKILL';
}
