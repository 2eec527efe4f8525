/** Finds live processes through /proc: by an environment variable (MLOPS_RUN_ID, the harness's tag) and by role. */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  pgid: number;
  state: string;
  argv: string[];
  env: Map<string, string>;
}

function readProc(pid: number, needle: Buffer | null): ProcInfo | undefined {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`);
    if (needle && !environ.includes(needle)) return undefined;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return undefined;
    const env = new Map<string, string>();
    for (const entry of environ.toString('utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a, i, all) => a !== '' || i < all.length - 1);
    return { pid, pgid: Number(fields[3]), state, argv, env };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes whose environment holds `name=value` (any value when `value` is undefined). */
export function processesWithEnv(name: string, value?: string): ProcInfo[] {
  const needle = Buffer.from(value === undefined ? `${name}=` : `${name}=${value}\0`);
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const info = readProc(pid, needle);
    if (info && (value === undefined ? info.env.has(name) : info.env.get(name) === value)) out.push(info);
  }
  return out;
}

export const isWrapper = (p: ProcInfo) => p.argv[0] === '/bin/sh' && p.argv.includes('mlops-run');
export const isTrainingScript = (p: ProcInfo) => !isWrapper(p) && p.argv.some((a) => a.endsWith('train.py'));

export function alive(pid: number): boolean {
  return readProc(pid, null) !== undefined;
}

export function killHard(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}
