/** Data paths in mlops.yaml are relative to the workspace and stay inside it, so a spec means the same on every clone. */
import { posix, win32 } from 'node:path';

/** Why a data path cannot be used ("is absolute", "leaves the workspace" …), or null when it is fine. */
export function dataPathProblem(path: string): string | null {
  if (posix.isAbsolute(path) || win32.isAbsolute(path)) return 'is absolute';
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) return "leaves the workspace through '..'";
  if (normal === '.' || normal === './') return 'is the workspace itself';
  return null;
}

export const DATA_PATH_HINT =
  'data paths are relative to the workspace and must stay inside it (link external data into the workspace)';
