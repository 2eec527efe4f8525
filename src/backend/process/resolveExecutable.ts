import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { MlopsError } from '../../core/errors';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (process.platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function commandNotFound(name: string): MlopsError {
  return new MlopsError(
    `command \`${name}\` not found; is it on PATH?`,
    'not-found',
    'Fix the command in mlops.yaml, install the program, or give its full path (for Python, set the mlops.pythonPath setting).',
  );
}

/**
 * Finds what `spawn` would run for `command`, so a typo fails with a clear message before anything starts
 * (and before the wrapper shell would turn it into exit code 127).
 */
export async function resolveExecutable(
  command: string,
  options: { cwd: string; path: string | undefined },
): Promise<string> {
  if (command.includes('/') || (process.platform === 'win32' && command.includes('\\'))) {
    const full = isAbsolute(command) ? command : resolve(options.cwd, command);
    if (await isExecutableFile(full)) return full;
    throw commandNotFound(command);
  }
  const extensions =
    process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (options.path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(isAbsolute(dir) ? dir : resolve(options.cwd, dir), command + ext);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  throw commandNotFound(command);
}
