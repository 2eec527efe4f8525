import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storePaths } from './layout';

/**
 * What `git status` should not show: run folders, caches, the rebuildable index, locks and logs. registry.json and
 * audit.jsonl stay visible so a team can commit its registry decisions and their audit trail if it wants to.
 */
const STORE_GITIGNORE = [
  '# written by MLOps Workbench',
  'runs/',
  'cache/',
  'deployments/',
  'monitors/',
  'index.json',
  'index.json.corrupt-*',
  'queue.json',
  '*.lock',
  '*.lock.*',
  '',
].join('\n');

export async function ensureStoreRoot(workspace: string): Promise<string> {
  const { root } = storePaths(workspace);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, '.gitignore'), STORE_GITIGNORE, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return root;
}
