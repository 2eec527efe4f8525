import { isAbsolute, relative, resolve, sep } from 'node:path';
import { MlopsError } from '../errors';

export interface WorkspacePath {
  /** Absolute path on disk. */
  absolute: string;
  /** Relative to the workspace with '/' separators: the identity recorded in run.json. */
  relative: string;
}

/**
 * Resolves a user-given data path against the workspace and refuses one that leaves it (`../x`, or an
 * absolute path elsewhere). Symbolic links inside the workspace may point anywhere: that is how data on
 * another disk is usually brought in, and the content is what gets hashed.
 */
export function resolveInWorkspace(workspace: string, path: string): WorkspacePath {
  const root = resolve(workspace);
  const absolute = resolve(root, path);
  const rel = relative(root, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    const what = rel === '' ? 'is the workspace itself' : 'is outside the workspace';
    throw new MlopsError(
      `data path '${path}' ${what} (${root})`,
      'bad-input',
      'Declare files or folders inside the workspace, relative to it; link external data into the workspace if it lives elsewhere.',
    );
  }
  return { absolute, relative: rel.split(sep).join('/') };
}
