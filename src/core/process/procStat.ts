import { readFileSync } from 'node:fs';

/** Linux process facts from /proc. Every reader returns null/empty where /proc is absent (macOS, Windows). */
export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks: with the pid, it identifies a process across pid reuse. */
  startTime: number;
  rssBytes: number;
}

export const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_SIZE = 4096;

export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (close < 0 || open < 0) return null;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const n = (i: number) => Number(rest[i]);
  const stat: ProcStat = {
    pid: Number(text.slice(0, open).trim()),
    state: rest[0],
    ppid: n(1),
    pgrp: n(2),
    cpuTicks: n(11) + n(12),
    startTime: n(19),
    rssBytes: n(21) * PAGE_SIZE,
  };
  return Number.isFinite(stat.pid) && Number.isFinite(stat.startTime) ? stat : null;
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export function hasProcfs(): boolean {
  return process.platform === 'linux' && readProcStat(process.pid) !== null;
}

/** The start time of `pid`, or null when it is not running (or /proc is absent). */
export function processStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/**
 * Whether `pid` is still the process that was recorded: alive, not a zombie, and (where /proc exists and a start time
 * was recorded) started at the same tick, so a reused pid is not mistaken for the run.
 */
export function isSameProcess(pid: number, startTime: number | null | undefined): boolean {
  const stat = readProcStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X' && (startTime == null || stat.startTime === startTime);
  if (hasProcfs()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
