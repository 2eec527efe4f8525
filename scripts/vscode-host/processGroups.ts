/**
 * Child processes started as leaders of their own process group, stopped group-wide on every exit path:
 * normal return, thrown error, time-out, SIGINT/SIGTERM/SIGHUP, and (as a last resort) process exit.
 * Temp folders registered with removeOnExit are deleted on all of those paths too.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const liveGroups = new Set<number>();
const cleanups = new Set<() => Promise<void>>();
const exitRemovals = new Set<string>();
let hooked = false;
let stopping = false;

/** True once a signal asked us to stop: errors after that are consequences, not news. */
export function isStopping(): boolean {
  return stopping;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  hookProcessEvents();
  if (stopping) throw new Error(`not starting ${command}: stopping on a signal`);
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) trackGroup(child.pid);
  return child;
}

/** Remembers a group some library started (its leader's pid), so it is killed with ours. */
export function trackGroup(pid: number): void {
  hookProcessEvents();
  liveGroups.add(pid);
}

/**
 * Whether any live (non-zombie) process is left in the group. Zombies count as gone: an init that reaps orphans
 * slowly (as in some containers) would otherwise keep a killed group "alive" for the whole grace period.
 */
function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
      } catch {
        // the process ended while we looked
      }
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. */
export async function killGroup(pgid: number, graceMs = 2000): Promise<void> {
  if (signalGroup(pgid, 'SIGTERM')) {
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    signalGroup(pgid, 'SIGKILL');
  }
  liveGroups.delete(pgid);
}

/** Registers polite shutdown work for the normal path (closing the browser, stopping the server). */
export function onCleanup(fn: () => Promise<void>): () => void {
  hookProcessEvents();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Deletes `path` when the process exits, however it exits, unless `forget` was called first. */
export function removeOnExit(path: string): () => void {
  hookProcessEvents();
  exitRemovals.add(path);
  return () => exitRemovals.delete(path);
}

/** Runs registered cleanups, then kills every group still alive. Safe to call more than once. */
export async function cleanupAll(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  for (const fn of pending.reverse()) {
    try {
      await fn();
    } catch {
      // cleanup is best effort; the group kill below is the guarantee
    }
  }
  await Promise.all([...liveGroups].map((pgid) => killGroup(pgid, 8000)));
}

/**
 * On a signal: no polite shutdown, since the main flow keeps running between awaits. Every group gets SIGTERM at
 * once (a child launcher then stops its own groups), SIGKILL after a grace period, and the process exits.
 */
async function stopOnSignal(signal: NodeJS.Signals, code: number): Promise<void> {
  if (stopping) process.exit(code); // a second signal: no more grace, the exit handler SIGKILLs what is left
  stopping = true;
  process.stderr.write(`\nReceived ${signal}: stopping code-server and the browser…\n`);
  const groups = [...liveGroups];
  for (const pgid of groups) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + 6000;
  while (groups.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  process.exit(code);
}

function hookProcessEvents(): void {
  if (hooked) return;
  hooked = true;
  process.on('SIGINT', () => void stopOnSignal('SIGINT', 130));
  process.on('SIGTERM', () => void stopOnSignal('SIGTERM', 143));
  process.on('SIGHUP', () => void stopOnSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
    for (const path of exitRemovals) rmSync(path, { recursive: true, force: true });
  });
}
