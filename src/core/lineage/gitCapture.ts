import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { GitInfo, SubmoduleInfo } from '../tracking/types';
import { MlopsError, throwIfAborted } from '../errors';
import { git, gitToFile, EMPTY_TREE } from './git';
import { parsePorcelainV2 } from './gitStatus';
import { PatchStatsCounter } from './patchStats';
import { stripCredentials } from './remoteUrl';
import { saveUntrackedFiles, UNTRACKED_LIST_LIMIT } from './untrackedFiles';

export const DIFF_FILE = 'diff.patch';

export interface CaptureGitOptions {
  /** Run folder: `diff.patch` and `untracked/` are written here when the tree is dirty. */
  runDir: string;
  signal?: AbortSignal;
  /** Per git call; a huge diff gets this much time to stream. Default 60 s. */
  timeoutMs?: number;
}

const NOT_A_REPO: GitInfo = { isRepo: false, commit: null, branch: null, dirty: false, diffSha: null, remote: null };

interface RepoLocation {
  top: string;
  prefix: string;
  shallow: boolean;
}

/** A git call that answers null when git itself is not installed (then there is no repo to record). */
async function gitOrNull(args: string[], call: { cwd: string; signal?: AbortSignal; timeoutMs?: number }) {
  try {
    return await git(args, call);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function locateRepo(cwd: string, signal?: AbortSignal): Promise<RepoLocation | null> {
  const result = await gitOrNull(['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository'], {
    cwd,
    signal,
  });
  if (!result || result.code !== 0) return null;
  const [top, prefix, shallow] = result.stdout.split('\n');
  return { top, prefix, shallow: shallow === 'true' };
}

/** origin's URL, else the first remote's, credentials stripped. */
async function remoteUrl(cwd: string, signal?: AbortSignal): Promise<string | null> {
  const result = await gitOrNull(['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd, signal });
  if (!result || result.code !== 0) return null;
  const remotes = result.stdout
    .split('\n')
    .map((line) => /^remote\.(.+)\.url (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], url: m[2] }));
  const chosen = remotes.find((r) => r.name === 'origin') ?? remotes[0];
  return chosen ? stripCredentials(chosen.url) : null;
}

const SUBMODULE_STATES: Record<string, SubmoduleInfo['state']> = {
  ' ': 'in-sync',
  '+': 'modified',
  '-': 'uninitialized',
  U: 'conflict',
};

async function submodules(top: string, signal?: AbortSignal): Promise<SubmoduleInfo[] | undefined> {
  const hasModules = await fs.stat(join(top, '.gitmodules')).then(
    () => true,
    () => false,
  );
  if (!hasModules) return undefined;
  const result = await git(['submodule', 'status', '--recursive'], { cwd: top, signal });
  if (result.code !== 0) return undefined;
  return result.stdout
    .split('\n')
    .map((line) => /^([ +\-U])([0-9a-f]{40,64}) (\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[3], commit: m[2], state: SUBMODULE_STATES[m[1]] }));
}

/** Streams the uncommitted diff to `<runDir>/diff.patch`, setting `diffSha` and `diffStats` on `info`. */
async function writePatch(
  info: GitInfo,
  commit: string | null,
  call: { cwd: string; signal?: AbortSignal; timeoutMs: number; runDir: string; pathspec: string[] },
): Promise<void> {
  throwIfAborted(call.signal, 'git capture');
  await fs.mkdir(call.runDir, { recursive: true });
  const patchPath = join(call.runDir, DIFF_FILE);
  const counter = new PatchStatsCounter();
  const written = await gitToFile(
    [
      'diff',
      '--binary',
      '--full-index',
      '--no-ext-diff',
      '--no-textconv',
      '--no-renames',
      '--no-color',
      commit ?? EMPTY_TREE,
      ...call.pathspec,
    ],
    patchPath,
    { ...call, onChunk: (chunk) => counter.push(chunk) },
  );
  counter.end();
  if (written.code !== 0) {
    await fs.rm(patchPath, { force: true });
    throw new MlopsError(
      `git diff failed in ${call.cwd}: ${written.stderr.trim()}`,
      'io',
      'Run `git diff HEAD` there to see what is wrong.',
    );
  }
  if (written.bytes === 0) {
    await fs.rm(patchPath, { force: true });
    return;
  }
  info.diffSha = written.sha256;
  info.diffStats = {
    files: counter.files,
    insertions: counter.insertions,
    deletions: counter.deletions,
    binaryFiles: counter.binaryFiles,
    bytes: written.bytes,
  };
}

/**
 * Records the code a run is launched from: commit, branch, remote, and when the tree is dirty the full
 * uncommitted diff (staged + unstaged vs HEAD, binary-safe, no rename detection so every file's hunk
 * stands alone) streamed to `<runDir>/diff.patch`. Untracked files are listed and, when small, copied to
 * `<runDir>/untracked/`. The `.mlops/` folder of `cwd` is never part of what is recorded.
 * Works from a subfolder of a repo; outside a repo (or without git) it returns `isRepo: false`.
 */
export async function captureGit(cwd: string, options: CaptureGitOptions): Promise<GitInfo> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Run in `cwd`, so pathspecs need no prefix: ':/' is the whole repo, '.mlops' the workspace's own store.
  const call = { cwd, signal, timeoutMs };
  const pathspec = ['--', ':/', ':(exclude).mlops'];
  const [repo, statusResult, remote] = await Promise.all([
    locateRepo(cwd, signal),
    gitOrNull(['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', ...pathspec], call),
    remoteUrl(cwd, signal),
  ]);
  if (!repo || !statusResult) return { ...NOT_A_REPO };
  if (statusResult.code !== 0) {
    throw new MlopsError(
      `git status failed in ${repo.top}: ${statusResult.stderr.trim()}`,
      'io',
      'Run `git status` there to see what is wrong with the repository.',
    );
  }
  const status = parsePorcelainV2(statusResult.stdout);
  const info: GitInfo = {
    isRepo: true,
    commit: status.commit,
    branch: status.branch,
    detached: status.detached,
    shallow: repo.shallow,
    prefix: repo.prefix,
    remote,
    dirty: status.changed.length > 0 || status.untracked.length > 0,
    diffSha: null,
    diffStats: null,
    untracked: status.untracked.slice(0, UNTRACKED_LIST_LIMIT),
  };
  if (status.untracked.length > UNTRACKED_LIST_LIMIT) info.untrackedTruncated = true;
  const [subs] = await Promise.all([
    submodules(repo.top, signal),
    status.changed.length > 0
      ? writePatch(info, status.commit, { ...call, runDir: options.runDir, pathspec })
      : undefined,
    status.untracked.length > 0
      ? saveUntrackedFiles(repo.top, info.untracked!, options.runDir, signal).then((saved) => {
          if (saved.length > 0) info.untrackedSaved = saved;
        })
      : undefined,
  ]);
  if (subs) info.submodules = subs;
  return info;
}
