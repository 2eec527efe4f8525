/** Finds the VS Code extension host process of a code-server session and reads its resident memory. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Extension hosts started from this checkout's code-server only: on a machine shared with other checkouts, their
 * workbenches' hosts must not be added in.
 */
export function extensionHostPids(root = join(__dirname, '..', '..', '..')): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('extensionHost') && !cmd.includes('chromium') && cmd.includes(root)) pids.push(Number(entry));
    } catch {
      // process ended while scanning
    }
  }
  return pids;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
