/** Reads a JSON request body with a size limit and a content-type check. */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Resolves with the parsed body; rejects with 415 (not JSON), 413 (too large) or 400 (invalid JSON). */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume();
    return Promise.reject(
      new HttpError(
        415,
        `expected Content-Type: application/json, got ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'none'}`,
        'Send the rows as JSON with Content-Type: application/json.',
      ),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: HttpError) => {
      if (done) return;
      done = true;
      chunks.length = 0;
      req.resume();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge(maxBytes));
      else chunks.push(chunk);
    });
    req.on('error', () => fail(new HttpError(400, 'the request body could not be read')));
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '')
        return reject(
          new HttpError(
            400,
            'the request body is empty',
            'Send a JSON object, an array of objects or {"rows": [...]}.',
          ),
        );
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new HttpError(400, `invalid JSON: ${(err as Error).message}`));
      }
    });
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `the request body is larger than ${maxBytes} bytes`, 'Send fewer rows per request.');
}
