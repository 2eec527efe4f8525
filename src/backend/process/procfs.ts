import { readdirSync } from 'node:fs';
import { readProcStat, type ProcStat } from '../../core/process/procStat';

export {
  CLOCK_TICKS_PER_SECOND,
  hasProcfs,
  isSameProcess,
  parseProcStat,
  processStartTime,
  readProcStat,
  type ProcStat,
} from '../../core/process/procStat';

export function listProcesses(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** The run's processes: everything in its process group plus every descendant of its leader (even in other groups). */
export function processTree(leaderPid: number, processes: readonly ProcStat[] = listProcesses()): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const found = new Map<number, ProcStat>();
  for (const p of processes) if (p.pgrp === leaderPid) found.set(p.pid, p);
  const stack = processes.filter((p) => p.pid === leaderPid || found.has(p.pid));
  while (stack.length > 0) {
    const p = stack.pop()!;
    found.set(p.pid, p);
    for (const c of children.get(p.pid) ?? []) if (!found.has(c.pid)) stack.push(c);
  }
  return [...found.values()].filter((p) => p.state !== 'Z');
}
