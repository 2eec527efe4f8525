import { createReadStream, promises as fs } from 'node:fs';
import { MlopsError, throwIfAborted } from '../errors';

export interface TextChunkOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** What the file is expected to be, for messages ("CSV", "JSON Lines"). */
  what: string;
}

const CHUNK_BYTES = 1 << 16;

/**
 * Streams a file as UTF-8 text (a leading BOM is dropped). Invalid UTF-8 and NUL bytes raise a bad-input error
 * naming the byte offset, so a binary or Latin-1 file fails clearly instead of yielding garbage.
 */
export async function* readTextChunks(path: string, opts: TextChunkOptions): AsyncGenerator<string> {
  const total = await fileSize(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let offset = 0;
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      throwIfAborted(opts.signal, `reading ${path}`);
      if (buf.indexOf(0) !== -1) {
        throw new MlopsError(
          `${path} is not a ${opts.what} file: it contains binary data (a NUL byte near byte ${offset + buf.indexOf(0)}).`,
          'bad-input',
          'Pass a UTF-8 text file (CSV, JSON Lines) or a .parquet file.',
        );
      }
      let text: string;
      try {
        text = decoder.decode(buf, { stream: true });
      } catch {
        throw notUtf8(path, offset);
      }
      offset += buf.length;
      opts.onProgress?.(offset, total);
      if (text.length > 0) yield text;
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw notUtf8(path, offset);
    }
    if (tail.length > 0) yield tail;
  } finally {
    stream.destroy();
  }
}

export async function fileSize(path: string): Promise<number> {
  try {
    const st = await fs.stat(path);
    if (st.isDirectory())
      throw new MlopsError(
        `${path} is a folder, not a data file.`,
        'bad-input',
        'Pass a CSV, JSON Lines or Parquet file.',
      );
    return st.size;
  } catch (err) {
    if (err instanceof MlopsError) throw err;
    throw new MlopsError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'not-found',
      'Check the path.',
    );
  }
}

function notUtf8(path: string, offset: number): MlopsError {
  return new MlopsError(
    `${path} is not valid UTF-8 (invalid bytes in the block starting at byte ${offset}).`,
    'bad-input',
    'Re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`).',
  );
}
