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

async function locateRepo(cwd: string, signal?: AbortSignal): Promise<RepoLocation | null> {
  let result;
  try {
    result = await git(['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository'], { cwd, signal });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null; // no git installed: same as no repo
    throw err;
  }
  if (result.code !== 0) return null;
  const [top, prefix, shallow] = result.stdout.split('\n');
  return { top, prefix, shallow: shallow === 'true' };
}

/** origin's URL, else the first remote's, credentials stripped. */
async function remoteUrl(cwd: string, signal?: AbortSignal): Promise<string | null> {
  const result = await git(['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd, signal });
  if (result.code !== 0) return null;
  const remotes = result.stdout
    .split('\n')
    .map((line) => /^remote\.(.+)\.url (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], url: m[2] }));
  const chosen = remotes.find((r) => r.name === 'origin') ?? remotes[0];
  return chosen ? stripCredentials(chosen.url) : null;
}

const SUBMODULE_STATES: Record<string, SubmoduleInfo['state']> = { ' ': 'in-sync', '+': 'modified', '-': 'uninitialized', U: 'conflict' };

async function submodules(top: string, signal?: AbortSignal): Promise<SubmoduleInfo[] | undefined> {
  const hasModules = await fs.stat(join(top, '.gitmodules')).then(() => true, () => false);
  if (!hasModules) return undefined;
  const result = await git(['submodule', 'status', '--recursive'], { cwd: top, signal });
  if (result.code !== 0) return undefined;
  return result.stdout
    .split('\n')
    .map((line) => /^([ +\-U])([0-9a-f]{40,64}) (\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[3], commit: m[2], state: SUBMODULE_STATES[m[1]] }));
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
  const repo = await locateRepo(cwd, signal);
  if (!repo) return { ...NOT_A_REPO };
  const call = { cwd: repo.top, signal, timeoutMs };
  const pathspec = ['--', ':/', `:(top,exclude)${repo.prefix}.mlops`];

  const [statusResult, remote, subs] = await Promise.all([
    git(['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', ...pathspec], call),
    remoteUrl(repo.top, signal),
    submodules(repo.top, signal),
  ]);
  if (statusResult.code !== 0) {
    throw new MlopsError(`git status failed in ${repo.top}: ${statusResult.stderr.trim()}`, 'io', 'Run `git status` there to see what is wrong with the repository.');
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
  if (subs) info.submodules = subs;

  if (status.changed.length > 0) {
    throwIfAborted(signal, 'git capture');
    await fs.mkdir(options.runDir, { recursive: true });
    const base = status.commit ?? EMPTY_TREE;
    const patchPath = join(options.runDir, DIFF_FILE);
    const counter = new PatchStatsCounter();
    const written = await gitToFile(
      ['diff', '--binary', '--full-index', '--no-ext-diff', '--no-textconv', '--no-renames', '--no-color', base, ...pathspec],
      patchPath,
      { ...call, onChunk: (chunk) => counter.push(chunk) },
    );
    counter.end();
    if (written.code !== 0) {
      await fs.rm(patchPath, { force: true });
      throw new MlopsError(`git diff failed in ${repo.top}: ${written.stderr.trim()}`, 'io', 'Run `git diff HEAD` there to see what is wrong.');
    }
    if (written.bytes === 0) await fs.rm(patchPath, { force: true });
    else {
      info.diffSha = written.sha256;
      info.diffStats = { files: counter.files, insertions: counter.insertions, deletions: counter.deletions, binaryFiles: counter.binaryFiles, bytes: written.bytes };
    }
  }
  if (status.untracked.length > 0) {
    const saved = await saveUntrackedFiles(repo.top, status.untracked, options.runDir, signal);
    if (saved.length > 0) info.untrackedSaved = saved;
  }
  return info;
}
