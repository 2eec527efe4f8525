import { join } from 'node:path';

/** Paths of the `.mlops/` store inside a workspace (see docs/DESIGN.md, "On-disk layout"). */
export const MLOPS_DIR = '.mlops';

export const storePaths = (workspace: string) => {
  const root = join(workspace, MLOPS_DIR);
  return {
    root,
    index: join(root, 'index.json'),
    registry: join(root, 'registry.json'),
    audit: join(root, 'audit.jsonl'),
    runs: join(root, 'runs'),
    cache: join(root, 'cache'),
    queue: join(root, 'queue.json'),
    deployments: join(root, 'deployments'),
    lockTarget: root,
  };
};

export type StorePaths = ReturnType<typeof storePaths>;

/** Files inside one run folder. */
export const runPaths = (runDir: string) => ({
  dir: runDir,
  record: join(runDir, 'run.json'),
  params: join(runDir, 'params.yaml'),
  metrics: join(runDir, 'metrics.json'),
  plots: join(runDir, 'plots', 'metrics'),
  system: join(runDir, 'system'),
  log: join(runDir, 'log.txt'),
  diff: join(runDir, 'diff.patch'),
  artifacts: join(runDir, 'artifacts'),
});

export type RunPaths = ReturnType<typeof runPaths>;

export function runDirOf(workspace: string, runId: string): string {
  return join(storePaths(workspace).runs, runId);
}
