/** Finished runs with recorded lineage, written straight into a workspace's store (integration and e2e fixtures). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashInputs } from '../../src/core/lineage/dataHashing';
import { captureGit } from '../../src/core/lineage/gitCapture';
import type { FileRunStore } from '../../src/core/store/fileRunStore';
import type { RunRecord } from '../../src/core/tracking/types';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

/** Makes the workspace a git repository with everything but `.mlops/` committed. */
export function commitWorkspace(workspace: string, ignore: string[] = []): void {
  writeFileSync(join(workspace, '.gitignore'), ['.mlops/', ...ignore].join('\n') + '\n');
  gitIn(workspace, 'init', '-q', '-b', 'main');
  gitIn(workspace, 'add', '-A');
  gitIn(workspace, 'commit', '-q', '-m', 'sample');
}

/**
 * A completed run of `experiment` that read `inputs` (hashed now) and saved `artifacts/model.json`; with
 * `git: true` its code is captured from the workspace as a launch would.
 */
export async function finishedRun(
  store: FileRunStore,
  experiment: string,
  options: { inputs: string[]; params?: Record<string, unknown>; extra?: Partial<RunRecord>; git?: boolean },
): Promise<RunRecord> {
  const created = await store.createRun({
    experiment,
    command: 'node train.js',
    argv: ['node', 'train.js'],
    shell: false,
    cwd: store.workspace,
    params: options.params ?? { lr: 0.1 },
  });
  const dir = store.runDir(created.id);
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  writeFileSync(join(dir, 'artifacts', 'model.json'), JSON.stringify({ weights: [created.id] }));
  const data = await hashInputs(store.workspace, options.inputs, { cache: false });
  const git = options.git ? await captureGit(store.workspace, { runDir: dir }) : null;
  const now = new Date().toISOString();
  return store.updateRun(created.id, {
    status: 'completed',
    startedAt: now,
    endedAt: now,
    exitCode: 0,
    data,
    git,
    ...options.extra,
  });
}
