import { MlopsError } from '../errors';

/** The longest CSV row read (in characters): far beyond real cells, below V8's string limit (about 512 Mi). */
export const MAX_CSV_ROW_CHARS = 128 * 1024 * 1024;

export interface RowChunkOptions {
  path: string;
  maxRowChars?: number;
}

/**
 * Regroups text chunks so that each one ends right after a row boundary: a `\n` outside quotes (an even number of
 * `"` since the last boundary). papaparse re-parses a row cut across chunks from its start for every chunk it spans,
 * so one long field took quadratic time; given whole rows, it parses each row once. Every character is examined
 * once here, and the pieces of an unfinished row are joined once.
 */
export async function* wholeRowChunks(chunks: AsyncIterable<string>, opts: RowChunkOptions): AsyncGenerator<string> {
  const maxRowChars = opts.maxRowChars ?? MAX_CSV_ROW_CHARS;
  let held: string[] = [];
  let heldChars = 0;
  let yielded = 0;
  let inQuotes = false;
  for await (const text of chunks) {
    const scan = lastRowEnd(text, inQuotes);
    inQuotes = scan.inQuotes;
    if (scan.cut < 0) {
      held.push(text);
      heldChars += text.length;
    } else {
      held.push(text.slice(0, scan.cut));
      const out = held.join('');
      yielded += out.length;
      const rest = text.slice(scan.cut);
      held = rest.length > 0 ? [rest] : [];
      heldChars = rest.length;
      yield out;
    }
    if (heldChars > maxRowChars) throw rowTooLong(opts.path, yielded, maxRowChars, inQuotes);
  }
  if (heldChars > 0) yield held.join('');
}

/** Where the last row boundary in `text` ends (-1: none), and whether `text` ends inside quotes. */
export function lastRowEnd(text: string, inQuotes: boolean): { cut: number; inQuotes: boolean } {
  let cut = -1;
  let quote = text.indexOf('"');
  let newline = text.indexOf('\n');
  for (;;) {
    if (inQuotes) {
      if (quote < 0) return { cut, inQuotes };
      const after = quote + 1;
      inQuotes = false;
      quote = text.indexOf('"', after);
      if (newline >= 0 && newline < after) newline = text.indexOf('\n', after);
    } else {
      const end = quote < 0 ? text.length : quote;
      while (newline >= 0 && newline < end) {
        cut = newline + 1;
        newline = text.indexOf('\n', cut);
      }
      if (quote < 0) return { cut, inQuotes };
      inQuotes = true;
      quote = text.indexOf('"', quote + 1);
    }
  }
}

function rowTooLong(path: string, at: number, max: number, inQuotes: boolean): MlopsError {
  const mib = Math.round(max / (1024 * 1024));
  return new MlopsError(
    `${path}: the row starting at character ${at.toLocaleString('en-US')} is longer than ${mib} Mi characters, the most a CSV row may hold.`,
    'bad-input',
    inQuotes
      ? 'A quote that opens a field is probably never closed: a quote inside a quoted field is written "".'
      : 'Split the value over several rows or columns, or store it in a separate file.',
  );
}
