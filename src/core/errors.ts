/**
 * Errors that reach a user. `hint` says what to do next; `kind` decides the CLI exit code
 * (bad-input → 2) and how the extension surfaces it.
 */
export type ErrorKind = 'bad-input' | 'not-found' | 'conflict' | 'io' | 'internal' | 'cancelled';

export class MlopsError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind = 'bad-input',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MlopsError';
  }

  /** Message and hint on one line, as shown in notifications and on stderr. */
  get fullMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export class CancelledError extends MlopsError {
  constructor(what = 'operation') {
    super(`${what} cancelled`, 'cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}

export function errorMessage(err: unknown): string {
  if (err instanceof MlopsError) return err.fullMessage;
  if (err instanceof Error) return err.message;
  return String(err);
}
