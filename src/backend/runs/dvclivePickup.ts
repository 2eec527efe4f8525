import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** dvclive's default output folder, relative to the script's working directory. */
export const DVCLIVE_DIR = 'dvclive';

/**
 * A script that uses dvclive writes `<cwd>/dvclive/`. If that folder changed since the run started, it belongs to
 * the run: while the run is live its metrics are read from there (RunRecord.dvcliveDir), and when it ends the folder
 * is copied into `<runDir>/dvclive/` (the next run would overwrite the original) and dvcliveDir points at the copy.
 */
export async function liveDvcliveDir(cwd: string, startedAtMs: number): Promise<string | null> {
  const dir = join(cwd, DVCLIVE_DIR);
  const paths = [dir, join(dir, 'metrics.json'), join(dir, 'plots', 'metrics')];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs >= startedAtMs - 1000) return dir;
  }
  return null;
}

export async function keepDvcliveCopy(source: string, runDir: string): Promise<string> {
  const target = join(runDir, DVCLIVE_DIR);
  await cp(source, target, { recursive: true, force: true });
  return target;
}
