import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MlopsError } from '../errors';

/**
 * True for inputs (stat, not open: opening a FIFO would take its writer's data) that can be read only once, front to back: a pipe (`<(cmd)`, `/dev/stdin` fed by `|`), a socket
 * or a character device. Their fd cannot seek, so readers that sniff the first bytes or read twice get ESPIPE.
 */
export async function isStreamInput(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  return st !== null && (st.isFIFO() || st.isCharacterDevice() || st.isSocket());
}

/**
 * Calls `read` with a path it may read as often as it needs: `path` itself for a regular file, or a private
 * temporary copy of a pipe's whole stream, removed when `read` settles.
 */
export async function withSeekablePath<T>(
  path: string,
  read: (seekable: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!(await isStreamInput(path))) return read(path);
  const dir = await mkdtemp(join(tmpdir(), 'mlops-stream-'));
  try {
    const copy = join(dir, basename(path) || 'stdin');
    try {
      await pipeline(createReadStream(path), createWriteStream(copy), { signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new MlopsError(
        `cannot read the stream ${path}: ${(err as Error).message}`,
        'bad-input',
        'Check the command that feeds it.',
      );
    }
    return await read(copy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
