import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunRecord } from '../tracking/types';
import { MlopsError } from '../errors';
import { runDirOf } from '../store/layout';
import { git, gitToFile } from './git';
import { DIFF_FILE } from './gitCapture';
import { parseNumstatZ } from './gitStatus';
import { UNTRACKED_DIR } from './untrackedFiles';

export interface FileAtRun {
  /** null when the file did not exist at the run. */
  content: Buffer | null;
  /** Where the content came from: the commit alone, the commit with the run's patch, or a saved untracked copy. */
  source: 'commit' | 'commit+patch' | 'untracked' | 'absent';
}

interface RunCode {
  repoTop: string;
  /** The workspace relative to repoTop, posix, ending in '/' ('' at the root). */
  prefix: string;
  commit: string | null;
  patch: string | null;
  runDir: string;
}

async function locate(workspace: string, signal?: AbortSignal): Promise<{ repoTop: string; prefix: string }> {
  const result = await git(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: workspace, signal }).catch(
    () => null,
  );
  if (!result || result.code !== 0)
    throw new MlopsError(
      `${workspace} is not inside a git repository now`,
      'not-found',
      'Open the workspace the run was launched from.',
    );
  const [repoTop, prefix] = result.stdout.split('\n');
  return { repoTop, prefix };
}

async function commitExists(repoTop: string, commit: string, signal?: AbortSignal): Promise<boolean> {
  return (await git(['cat-file', '-e', `${commit}^{commit}`], { cwd: repoTop, signal })).code === 0;
}

/** Resolves and checks what a run's code is made of. Throws when the recorded commit is gone. */
export async function runCode(workspace: string, run: RunRecord, signal?: AbortSignal): Promise<RunCode> {
  if (!run.git?.isRepo) {
    throw new MlopsError(
      `run ${run.id} was not launched in a git repository, so its code was not recorded`,
      'not-found',
      'Only data, params and environment can be compared for it.',
    );
  }
  const { repoTop, prefix } = await locate(workspace, signal);
  const commit = run.git.commit;
  if (commit && !(await commitExists(repoTop, commit, signal))) {
    throw new MlopsError(
      `commit ${commit.slice(0, 12)} of run ${run.id} no longer exists in this repository`,
      'not-found',
      `It was rebased away or garbage-collected; if a remote still has it, run 'git fetch origin ${commit}'.`,
    );
  }
  const runDir = runDirOf(workspace, run.id);
  const patchPath = join(runDir, DIFF_FILE);
  const patch =
    run.git.diffSha &&
    (await fs.stat(patchPath).then(
      () => true,
      () => false,
    ))
      ? patchPath
      : null;
  return { repoTop, prefix, commit, patch, runDir };
}

/** Repo-relative paths a patch touches, as git itself parses it (exact even for odd file names). */
export async function patchedFiles(patchPath: string, signal?: AbortSignal): Promise<string[]> {
  const result = await git(['apply', '--numstat', '-z', patchPath], {
    cwd: dirname(patchPath),
    signal,
    env: { GIT_CEILING_DIRECTORIES: dirname(dirname(patchPath)) },
  });
  if (result.code !== 0)
    throw new MlopsError(`cannot read ${patchPath}: ${result.stderr.trim()}`, 'io', 'The patch file may be damaged.');
  return parseNumstatZ(result.stdout).paths;
}

/** git's --include takes a wildmatch pattern: escape it to mean exactly this path. */
const literalPattern = (path: string) => path.replace(/[\\*?[\]]/g, (c) => `\\${c}`);

/**
 * A file as it was when a run launched: `commit:path`, with the run's uncommitted patch applied in a
 * temporary folder (the user's working tree and index are never touched), or the run's saved copy of an
 * untracked file. `relPath` is relative to the repository root, as in the patch.
 */
export async function fileAtRun(
  workspace: string,
  run: RunRecord,
  relPath: string,
  options: { signal?: AbortSignal } = {},
): Promise<FileAtRun> {
  const { signal } = options;
  const code = await runCode(workspace, run, signal);
  if (run.git?.untrackedSaved?.includes(relPath)) {
    return { content: await fs.readFile(join(code.runDir, UNTRACKED_DIR, relPath)), source: 'untracked' };
  }
  const scratch = await fs.mkdtemp(join(tmpdir(), 'mlops-file-at-run-'));
  try {
    const tree = join(scratch, 'tree');
    const target = join(tree, relPath);
    await fs.mkdir(dirname(target), { recursive: true });
    let inCommit = false;
    if (code.commit) {
      const spec = `${code.commit}:${relPath}`;
      inCommit = (await git(['cat-file', '-e', spec], { cwd: code.repoTop, signal })).code === 0;
      if (inCommit) {
        const written = await gitToFile(['cat-file', 'blob', spec], target, { cwd: code.repoTop, signal });
        if (written.code !== 0) throw new MlopsError(`cannot read ${spec}: ${written.stderr.trim()}`, 'io');
      }
    }
    let patched = false;
    if (code.patch && (await patchedFiles(code.patch, signal)).includes(relPath)) {
      const applied = await git(['apply', '--binary', `--include=${literalPattern(relPath)}`, code.patch], {
        cwd: tree,
        signal,
        env: { GIT_CEILING_DIRECTORIES: scratch },
      });
      if (applied.code !== 0) {
        throw new MlopsError(
          `the patch of run ${run.id} does not apply to ${relPath}: ${applied.stderr.trim()}`,
          'conflict',
          'The patch or the commit may have been altered since the run.',
        );
      }
      patched = true;
    }
    const content = await fs.readFile(target).catch(() => null);
    if (!content) return { content: null, source: 'absent' };
    return { content, source: patched ? 'commit+patch' : 'commit' };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Repo-relative paths whose content may differ between two runs: files changed between their commits,
 * files either run's patch touched, and either run's saved untracked files (never the `.mlops/` store). Sorted, each once.
 */
export async function changedFilesBetweenRuns(
  workspace: string,
  a: RunRecord,
  b: RunRecord,
  options: { signal?: AbortSignal } = {},
): Promise<string[]> {
  const { signal } = options;
  const [codeA, codeB] = [await runCode(workspace, a, signal), await runCode(workspace, b, signal)];
  const paths = new Set<string>();
  if (codeA.commit && codeB.commit && codeA.commit !== codeB.commit) {
    const pathspec = ['--', ':/', `:(top,exclude)${codeA.prefix}.mlops`];
    const result = await git(
      ['diff', '--no-renames', '--no-ext-diff', '--numstat', '-z', codeA.commit, codeB.commit, ...pathspec],
      { cwd: codeA.repoTop, signal, timeoutMs: 120_000 },
    );
    for (const p of parseNumstatZ(result.stdout).paths) paths.add(p);
  }
  for (const code of [codeA, codeB])
    if (code.patch) for (const p of await patchedFiles(code.patch, signal)) paths.add(p);
  for (const run of [a, b]) for (const p of run.git?.untrackedSaved ?? []) paths.add(p);
  return [...paths].sort();
}
