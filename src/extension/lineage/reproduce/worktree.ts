/** A run's recorded code, restored into a git worktree outside the user's working tree. */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { MlopsError } from '../../../core/errors';
import { DIFF_FILE } from '../../../core/lineage/gitCapture';
import { git } from '../../../core/lineage/git';
import { UNTRACKED_DIR } from '../../../core/lineage/untrackedFiles';
import { runDirOf } from '../../../core/store/layout';
import type { RunRecord } from '../../../core/tracking/types';
import { inputsOf } from './reproCheck';

export interface RunWorktree {
  /** The worktree's root: the repository at the run's commit, with its patch and saved untracked files. */
  root: string;
  /** The workspace folder's counterpart inside the worktree: what the reproduction runs in. */
  workspace: string;
  /** Data inputs linked from the workspace because the worktree lacks them (data is usually not in git). */
  linkedData: string[];
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * `git worktree add --detach <parent>/<run id>-<time> <commit>`, then the run's `diff.patch` applied there with
 * `git apply`, its saved untracked files copied in, and each data input the worktree lacks linked to the
 * workspace's copy. The user's working tree, index and HEAD are never touched.
 */
export async function createRunWorktree(
  workspace: string,
  record: RunRecord,
  parent: string,
  signal?: AbortSignal,
): Promise<RunWorktree> {
  const recorded = record.git;
  if (!recorded?.isRepo || !recorded.commit)
    throw new MlopsError(
      `run ${record.id} recorded no git commit`,
      'bad-input',
      'Only runs launched inside a git repository can be reproduced in a worktree.',
    );
  const located = await git(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: workspace, signal });
  if (located.code !== 0)
    throw new MlopsError(
      `${workspace} is not inside a git repository`,
      'bad-input',
      'Open the repository the run was launched from.',
    );
  const [repoTop, prefix = ''] = located.stdout.split('\n');
  await fs.mkdir(parent, { recursive: true });
  const root = join(parent, `${record.id}-${Date.now().toString(36)}`);
  const added = await git(['worktree', 'add', '--detach', root, recorded.commit], {
    cwd: repoTop,
    signal,
    timeoutMs: 300_000,
  });
  if (added.code !== 0) {
    throw new MlopsError(
      `git worktree add failed for commit ${recorded.commit.slice(0, 12)}: ${added.stderr.trim()}`,
      'conflict',
      'Check that the commit still exists (git cat-file -t <commit>) and that the cache folder is writable.',
    );
  }
  try {
    const runDir = runDirOf(workspace, record.id);
    const patch = join(runDir, DIFF_FILE);
    if (recorded.diffSha && (await exists(patch))) {
      const applied = await git(['apply', '--binary', '--whitespace=nowarn', patch], {
        cwd: root,
        signal,
        timeoutMs: 300_000,
      });
      if (applied.code !== 0)
        throw new MlopsError(
          `the recorded patch of run ${record.id} does not apply to commit ${recorded.commit.slice(0, 12)}: ${applied.stderr.trim()}`,
          'conflict',
          'The patch file in the run folder may have been edited.',
        );
    }
    for (const path of recorded.untrackedSaved ?? []) {
      const target = join(root, path);
      await fs.mkdir(dirname(target), { recursive: true });
      await fs.copyFile(join(runDir, UNTRACKED_DIR, path), target);
    }
    const worktreeWorkspace = join(root, prefix);
    const linkedData: string[] = [];
    for (const ref of inputsOf(record)) {
      const inTree = join(worktreeWorkspace, ref.path);
      const inWorkspace = join(workspace, ref.path);
      if ((await exists(inTree)) || !(await exists(inWorkspace))) continue;
      await fs.mkdir(dirname(inTree), { recursive: true });
      await fs.symlink(inWorkspace, inTree);
      linkedData.push(ref.path);
    }
    return { root, workspace: worktreeWorkspace.replace(/\/$/, ''), linkedData };
  } catch (err) {
    await removeRunWorktree(repoTop, root).catch(() => undefined);
    throw err;
  }
}

/** `git worktree remove --force`: the folder and git's record of it. */
export async function removeRunWorktree(repoDir: string, root: string): Promise<void> {
  const removed = await git(['worktree', 'remove', '--force', root], { cwd: repoDir, timeoutMs: 120_000 });
  if (removed.code !== 0) {
    await fs.rm(root, { recursive: true, force: true });
    await git(['worktree', 'prune'], { cwd: repoDir });
  }
}
