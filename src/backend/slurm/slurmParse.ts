import type { SlurmJobInfo } from './slurmStates';

/** squeue's output format for `parseSqueue`: job id, long state, reason, node list, start time. */
export const SQUEUE_FORMAT = '%i|%T|%r|%N|%S';
/** sacct's fields for `parseSacct` (with -P -n -X). */
export const SACCT_FIELDS = 'JobID,State,ExitCode,NodeList,Start';
/** sstat's fields for `parseSstat` (with -P -n). */
export const SSTAT_FIELDS = 'AveCPU,AveRSS,MaxRSS';

const orNull = (text: string | undefined) => {
  const t = (text ?? '').trim();
  return t === '' || t === '(null)' || t === 'None assigned' || t === 'Unknown' || t === 'N/A' ? null : t;
};

/** `CANCELLED by 0` → CANCELLED; `CANCELLED+` → CANCELLED. */
export const baseState = (text: string) => text.trim().split(/[\s+]/)[0].toUpperCase();

/** Lines of `squeue -h -o '%i|%T|%r|%N|%S'`. */
export function parseSqueue(text: string): SlurmJobInfo[] {
  const jobs: SlurmJobInfo[] = [];
  for (const line of text.split('\n')) {
    const [jobId, state, reason, node, start] = line.split('|');
    if (!jobId?.trim() || state === undefined) continue;
    jobs.push({
      jobId: jobId.trim(),
      state: baseState(state),
      reason: orNull(reason),
      node: orNull(node),
      startTime: isoOrNull(start),
      exitCode: null,
    });
  }
  return jobs;
}

/** `sacct -n -P -X -o JobID,State,ExitCode,NodeList,Start`: the allocation line of each job. */
export function parseSacct(text: string): SlurmJobInfo[] {
  const jobs: SlurmJobInfo[] = [];
  for (const line of text.split('\n')) {
    const [jobId, state, exitCode, node, start] = line.split('|');
    if (!jobId?.trim() || !state || jobId.includes('.')) continue;
    const reason = /^CANCELLED by (\d+)/.exec(state.trim());
    jobs.push({
      jobId: jobId.trim(),
      state: baseState(state),
      reason: reason ? `by uid ${reason[1]}` : null,
      node: orNull(node),
      startTime: isoOrNull(start),
      exitCode: orNull(exitCode),
    });
  }
  return jobs;
}

/** `scontrol show job -o ID`: one line of Key=Value pairs (values without spaces are enough here). */
export function parseScontrolJob(text: string): SlurmJobInfo | undefined {
  const line = text.split('\n').find((l) => l.startsWith('JobId='));
  if (!line) return undefined;
  const fields = new Map<string, string>();
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z][A-Za-z0-9/:_]*)=(\S*)/g))
    if (!fields.has(m[1])) fields.set(m[1], m[2]);
  const jobId = fields.get('JobId');
  const state = fields.get('JobState');
  if (!jobId || !state) return undefined;
  return {
    jobId,
    state: baseState(state),
    reason: orNull(fields.get('Reason')),
    node: orNull(fields.get('NodeList')),
    startTime: isoOrNull(fields.get('StartTime')),
    exitCode: orNull(fields.get('ExitCode')),
  };
}

/** Slurm times are local, without a zone: `2026-12-06T05:19:32`. */
function isoOrNull(text: string | undefined): string | null {
  const t = orNull(text);
  if (!t || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `[DD-[HH:]]MM:SS[.mmm]` as seconds. */
export function parseSlurmDuration(text: string): number | null {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** `1234K`, `12.5M`, `2G` (Slurm's binary units) as MiB. */
export function parseSlurmSizeMiB(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(text.trim());
  if (!m) return null;
  const factor: Record<string, number> = { '': 1 / (1024 * 1024), K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };
  return Number(m[1]) * factor[m[2]];
}

/** `sstat -n -P -o AveCPU,AveRSS,MaxRSS -j ID.batch`: CPU seconds used so far and resident memory (MiB). */
export function parseSstat(text: string): { cpuSeconds: number; rssMiB: number } | null {
  const line = text.split('\n').find((l) => l.includes('|'));
  if (!line) return null;
  const [aveCpu, aveRss] = line.split('|');
  const cpuSeconds = parseSlurmDuration(aveCpu ?? '');
  const rssMiB = parseSlurmSizeMiB(aveRss ?? '');
  if (cpuSeconds === null || rssMiB === null) return null;
  return { cpuSeconds, rssMiB };
}
