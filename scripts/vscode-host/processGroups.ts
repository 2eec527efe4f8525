/**
 * Child processes started as leaders of their own process group, stopped group-wide on every exit path:
 * normal return, thrown error, time-out, SIGINT/SIGTERM/SIGHUP, and (as a last resort) process exit.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const liveGroups = new Set<number>();
const cleanups = new Set<() => Promise<void>>();
let signalsHooked = false;
let stopping = false;

/** True once a signal asked us to stop: errors after that are consequences, not news. */
export function isStopping(): boolean {
  return stopping;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  hookSignals();
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) trackGroup(child.pid);
  return child;
}

/** Remembers a group some library started (its leader's pid), so it is killed with ours. */
export function trackGroup(pid: number): void {
  hookSignals();
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

/** SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. */
export async function killGroup(pgid: number, graceMs = 2000): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    liveGroups.delete(pgid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  liveGroups.delete(pgid);
}

/** Registers work to do before the process ends (closing the browser politely, removing temp dirs). */
export function onCleanup(fn: () => Promise<void>): () => void {
  hookSignals();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
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

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    stopping = true;
    process.stderr.write(`\nReceived ${signal}: stopping code-server and the browser…\n`);
    void cleanupAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}
