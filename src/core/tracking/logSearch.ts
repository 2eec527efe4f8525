import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { throwIfAborted } from '../errors';

export interface LogMatch {
  /** 1-based line number. */
  line: number;
  text: string;
}

export interface LogSearchResult {
  matches: LogMatch[];
  /** All matching lines, including those past `limit`. */
  total: number;
  /** Bytes scanned (the whole file). */
  bytes: number;
}

const CHUNK = 1 << 20;
const MAX_LINE = 400;

/** Case-insensitive search through a log of any size, a chunk at a time; only matching lines are kept. */
export async function searchLog(
  path: string,
  query: string,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<LogSearchResult> {
  const limit = options.limit ?? 500;
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  let total = 0;
  let line = 0;
  let bytes = 0;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { matches, total, bytes };
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let pending = '';
    const scan = (text: string) => {
      line++;
      if (needle === '' || !text.toLowerCase().includes(needle)) return;
      total++;
      if (matches.length < limit)
        matches.push({ line, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text });
    };
    for (;;) {
      throwIfAborted(options.signal, 'log search');
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      const lines = (pending + decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      pending = lines.pop() ?? '';
      // A line longer than a few chunks is cut rather than held whole in memory.
      if (pending.length > 4 * CHUNK) pending = pending.slice(0, MAX_LINE);
      for (const l of lines) scan(l.endsWith('\r') ? l.slice(0, -1) : l);
    }
    const rest = pending + decoder.end();
    if (rest !== '') scan(rest);
  } finally {
    await handle.close();
  }
  return { matches, total, bytes };
}
