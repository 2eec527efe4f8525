/** What differs between a run's recorded code and data and the workspace now, before it is reproduced. */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../../core/errors';
import { hashInputs } from '../../../core/lineage/dataHashing';
import { captureGit } from '../../../core/lineage/gitCapture';
import { git } from '../../../core/lineage/git';
import type { DataRef, GitInfo, RunRecord } from '../../../core/tracking/types';
import { formatBytes } from '../../../core/format/bytes';

export type DifferenceKind =
  | 'code-unrecorded'
  | 'not-a-repo'
  | 'commit'
  | 'commit-missing'
  | 'uncommitted'
  | 'untracked'
  | 'data-changed'
  | 'data-missing';

export interface ReproDifference {
  kind: DifferenceKind;
  /** One line a user reads in the modal. */
  message: string;
}

/** The workspace as it is now, as far as a run's record can be compared with it. */
export interface CurrentState {
  git: GitInfo | null;
  /** Whether the recorded commit is still in the repository. */
  commitExists: boolean;
  /** Each recorded input: its current hash, or null when the path is gone or cannot be read. */
  data: Array<{ path: string; now: { sha256: string; bytes: number } | null; error?: string }>;
}

export interface ReproCheck {
  differences: ReproDifference[];
  /** "Apply recorded patch in a worktree" is possible: the run recorded a commit that still exists. */
  worktreePossible: boolean;
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 10) : 'none');
const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/** Compares a run's record with the current state. Pure. */
export function compareWithRecord(record: RunRecord, now: CurrentState): ReproCheck {
  const out: ReproDifference[] = [];
  const was = record.git;
  const is = now.git;
  if (!was?.isRepo)
    out.push({
      kind: 'code-unrecorded',
      message: 'The run was not launched in a git repository, so its code cannot be checked.',
    });
  else if (!is?.isRepo)
    out.push({
      kind: 'not-a-repo',
      message: 'The workspace is no longer inside a git repository, so the recorded code cannot be checked.',
    });
  else {
    if (was.commit !== is.commit) {
      const where = (g: GitInfo) =>
        `${short(g.commit)}${g.branch ? ` on ${g.branch}` : g.detached ? ' (detached)' : ''}`;
      out.push({ kind: 'commit', message: `Commit: the run used ${where(was)}; the workspace is at ${where(is)}.` });
    }
    if (was.commit && !now.commitExists)
      out.push({
        kind: 'commit-missing',
        message: `Commit ${short(was.commit)} no longer exists in this repository (rebased away or garbage-collected): the run's code cannot be restored.`,
      });
    if ((was.diffSha ?? null) !== (is.diffSha ?? null)) {
      const recorded = was.diffSha
        ? `uncommitted changes in ${files(was.diffStats?.files ?? 0)}`
        : 'no uncommitted changes';
      const current = is.diffSha ? `uncommitted changes in ${files(is.diffStats?.files ?? 0)}` : 'none';
      out.push({
        kind: 'uncommitted',
        message: `Uncommitted changes: the run had ${recorded}; the workspace has ${current}${was.diffSha && is.diffSha ? ', and they differ' : ''}.`,
      });
    }
    const before = new Set(was.untracked ?? []);
    const after = new Set(is.untracked ?? []);
    const added = [...after].filter((p) => !before.has(p));
    const removed = [...before].filter((p) => !after.has(p));
    if (added.length + removed.length > 0) {
      const list = (paths: string[]) =>
        paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
      const parts = [
        added.length > 0 ? `new since the run: ${list(added)}` : null,
        removed.length > 0 ? `gone since the run: ${list(removed)}` : null,
      ].filter(Boolean);
      out.push({ kind: 'untracked', message: `Untracked files ${parts.join('; ')}.` });
    }
  }
  for (const ref of inputsOf(record)) {
    const current = now.data.find((d) => d.path === ref.path);
    if (!current?.now)
      out.push({
        kind: 'data-missing',
        message: `Data ${ref.path}: ${current?.error ?? 'no longer exists'} (the run read @${ref.sha256.slice(0, 12)}, ${formatBytes(ref.bytes)}).`,
      });
    else if (current.now.sha256 !== ref.sha256) {
      out.push({
        kind: 'data-changed',
        message: `Data ${ref.path} changed: the run read @${ref.sha256.slice(0, 12)} (${formatBytes(ref.bytes)}); it is now @${current.now.sha256.slice(0, 12)} (${formatBytes(current.now.bytes)}).`,
      });
    }
  }
  return { differences: out, worktreePossible: Boolean(was?.isRepo && was.commit && now.commitExists && is?.isRepo) };
}

export function inputsOf(record: RunRecord): DataRef[] {
  return (record.data ?? []).filter((r) => r.role !== 'output');
}

/** Reads the current state: git (its patch goes to a temporary folder), whether the commit exists, each input's hash. */
export async function currentState(workspace: string, record: RunRecord, signal?: AbortSignal): Promise<CurrentState> {
  const scratch = await fs.mkdtemp(join(tmpdir(), 'mlops-repro-check-'));
  try {
    const [gitNow, data] = await Promise.all([
      record.git?.isRepo ? captureGit(workspace, { runDir: scratch, signal }).catch(() => null) : Promise.resolve(null),
      Promise.all(
        inputsOf(record).map(async (ref) => {
          try {
            const [hashed] = await hashInputs(workspace, [ref.path], { signal });
            return { path: ref.path, now: { sha256: hashed.sha256, bytes: hashed.bytes } };
          } catch (err) {
            return { path: ref.path, now: null, error: errorMessage(err) };
          }
        }),
      ),
    ]);
    const commit = record.git?.commit;
    const commitExists = Boolean(
      commit &&
      gitNow?.isRepo &&
      (await git(['cat-file', '-e', `${commit}^{commit}`], { cwd: workspace, signal })).code === 0,
    );
    return { git: gitNow, commitExists, data };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

export async function checkReproduction(
  workspace: string,
  record: RunRecord,
  signal?: AbortSignal,
): Promise<ReproCheck> {
  return compareWithRecord(record, await currentState(workspace, record, signal));
}
