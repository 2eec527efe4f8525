import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const MAX_CHUNK = 256 * 1024;

/** Follows an append-only log file and returns the text added since the last read. */
export class LogFollower {
  private offset: number;
  private decoder = new StringDecoder('utf8');

  /** `start.offset`: the byte to start from (a re-adopted run skips most of what was logged before). */
  constructor(
    readonly path: string,
    start: { offset?: number } = {},
  ) {
    this.offset = start.offset ?? 0;
  }

  async read(): Promise<string> {
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch {
      return '';
    }
    if (size < this.offset) {
      this.offset = 0;
      this.decoder = new StringDecoder('utf8');
    }
    if (size === this.offset) return '';
    const handle = await open(this.path, 'r');
    try {
      let text = '';
      while (this.offset < size) {
        const buffer = Buffer.allocUnsafe(Math.min(MAX_CHUNK, size - this.offset));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        text += this.decoder.write(buffer.subarray(0, bytesRead));
      }
      return text;
    } finally {
      await handle.close();
    }
  }
}
