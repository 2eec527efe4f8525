import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';

/**
 * How a run's exit status survives the backend. Every run is started through a tiny /bin/sh wrapper that stays the
 * process-group leader, waits for the real command and writes its status to `<runDir>/exit_status` before exiting
 * with the same code. A backend that re-adopts a run after a restart polls the recorded pid; once it is gone, this
 * file says how the run ended (no file: the wrapper itself was killed, and the run is `interrupted` or `killed`).
 * The status is shell-style: 128+N means the command was killed by signal N.
 */
export const EXIT_STATUS_FILE = 'exit_status';

export const exitStatusPath = (runDir: string) => join(runDir, EXIT_STATUS_FILE);

/** What the wrapper exits with, writing no exit file, when it is never told to start (its launcher died first). */
export const NOT_STARTED_STATUS = 125;

/**
 * The wrapper first waits for `go` on stdin, which the launcher sends once the wrapper's pid is in run.json: a command
 * never runs (or ends) unrecorded. Traps only delay TERM/INT/HUP in the wrapper until the command ends; exec resets
 * them for the command itself, whose stdin is /dev/null.
 */
export const WRAPPER_SCRIPT = `f=$1; shift; IFS= read -r go; [ "$go" = go ] || exit ${NOT_STARTED_STATUS}; exec 0</dev/null; trap ':' TERM INT HUP; "$@"; c=$?; printf '%s\\n' "$c" > "$f"; exit "$c"`;

/**
 * The part of the wrapper after the start handshake, for a run whose start is recorded otherwise (a Slurm job's id is
 * recorded before the job is released): `$f` names the exit file and `"$@"` is the command.
 */
export const WRAPPER_BODY = WRAPPER_SCRIPT.slice(WRAPPER_SCRIPT.indexOf('exec 0</dev/null;'));

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** A shell status (0–255) as exit code plus signal: 143 → {143, SIGTERM}. */
export function fromShellStatus(status: number): ExitInfo {
  const signal = status > 128 ? (SIGNAL_NAMES.get(status - 128) ?? null) : null;
  return { exitCode: status, signal };
}

/** Reads the wrapper's exit file; undefined when it was never (completely) written. */
export async function readExitStatus(runDir: string): Promise<ExitInfo | undefined> {
  let text: string;
  try {
    text = await readFile(exitStatusPath(runDir), 'utf8');
  } catch {
    return undefined;
  }
  const status = /^(\d+)\n/.exec(text);
  return status ? fromShellStatus(Number(status[1])) : undefined;
}
