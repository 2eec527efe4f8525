/** An HTTP error answer: status, a message for the caller, and the offending fields for 422s. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    readonly fields?: Array<{ row: number; field: string; problem: string }>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
