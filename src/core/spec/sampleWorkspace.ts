/** Writes the quickstart sample (examples/quickstart) into a workspace without overwriting anything there. */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MlopsError, throwIfAborted } from '../errors';

export interface SampleWriteResult {
  /** Workspace-relative paths (forward slashes) that were written. */
  written: string[];
  /** Paths that already existed and were left as they were. */
  skipped: string[];
}

const NOT_COPIED = new Set(['.mlops', '__pycache__', 'node_modules', '.DS_Store', '.venv', 'venv']);

export async function writeSampleWorkspace(
  sourceDir: string,
  targetDir: string,
  options: { signal?: AbortSignal } = {},
): Promise<SampleWriteResult> {
  const files = await listSampleFiles(sourceDir);
  const result: SampleWriteResult = { written: [], skipped: [] };
  for (const file of files) {
    throwIfAborted(options.signal, 'writing the sample workspace');
    const target = join(targetDir, ...file.split('/'));
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await copyFile(join(sourceDir, ...file.split('/')), target, constants.COPYFILE_EXCL);
      result.written.push(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      result.skipped.push(file);
    }
  }
  return result;
}

/** The sample's files, relative with forward slashes, sorted. */
export async function listSampleFiles(sourceDir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (prefix === '') {
        throw new MlopsError(
          `the sample workspace is missing at ${sourceDir}`,
          'not-found',
          'Reinstall the extension, or build it with `npm run build`.',
        );
      }
      throw err;
    }
    for (const entry of entries) {
      if (NOT_COPIED.has(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), rel);
      else if (entry.isFile()) files.push(rel);
    }
  };
  await walk(sourceDir, '');
  return files.sort();
}
