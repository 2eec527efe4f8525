import lockfile from 'proper-lockfile';
import { MlopsError } from '../errors';
import { ensureStoreRoot } from './ensureStore';

const LOCK_OPTIONS = {
  stale: 10_000,
  update: 2_000,
  retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
  realpath: false,
};

/**
 * Serialises writers of `.mlops/` across processes and VS Code windows. Reads never take the lock:
 * every file they read is replaced atomically.
 */
export async function withStoreLock<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const root = await ensureStoreRoot(workspace);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(root, { ...LOCK_OPTIONS, lockfilePath: `${root}/store.lock` });
  } catch (err) {
    throw new MlopsError(
      `could not lock ${root}: ${(err as Error).message}`,
      'conflict',
      'Another mlops process holds the store lock; if none is running, delete .mlops/store.lock.',
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
