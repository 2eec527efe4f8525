import { execProgram, execToFile, type ExecResult, type StreamToFileResult } from './exec';

export interface GitCallOptions {
  cwd: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Extra environment, e.g. GIT_INDEX_FILE for a temporary index. */
  env?: Record<string, string>;
}

/**
 * Environment for every git call: no prompts, no optional index lock (so capture never blocks or races
 * the user's own git), stable messages.
 */
function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANG: 'C', ...extra };
}

/** User config must not change what is recorded (diff calls also pass --no-ext-diff --no-textconv). */
const SAFE_CONFIG = ['-c', 'core.quotepath=false', '-c', 'color.ui=false'];

export function git(args: string[], options: GitCallOptions): Promise<ExecResult> {
  return execProgram('git', [...SAFE_CONFIG, ...args], {
    cwd: options.cwd,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    env: gitEnv(options.env),
  });
}

export function gitToFile(
  args: string[],
  outPath: string,
  options: GitCallOptions & { onChunk?: (chunk: Buffer) => void },
): Promise<StreamToFileResult> {
  return execToFile('git', [...SAFE_CONFIG, ...args], outPath, {
    cwd: options.cwd,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    env: gitEnv(options.env),
    onChunk: options.onChunk,
  });
}

/** sha1 of git's empty tree: the base to diff against on a branch with no commit yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
