import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { throwIfAborted } from '../errors';
import { ColumnBuilder } from './columnBuilder';
import { normalizeHeader } from './csvReader';
import { detectDelimiter } from './delimiter';
import { selectColumnIndices } from './selectColumns';
import type { ReadTableOptions } from './table';

const CHUNK = 4 << 20;
/** A line longer than this is left to the general reader (which reports rows that are too long). */
const MAX_LINE = 64 << 20;
const NL = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO_53 = 2 ** 53;

/**
 * The CSV reader's fast path for plain files: no quote character anywhere, lines ending all in `\n` or all in
 * `\r\n`, valid UTF-8 without NUL bytes. It splits rows and cells on bytes and converts plain decimals to doubles
 * exactly (an integer mantissa of at most 2^53 scaled by one power of ten up to 10^22 is one correctly rounded
 * operation, as in Clinger's fast path); every other cell goes through `ColumnBuilder.pushText` as a string, so the
 * table is identical to what the papaparse route builds. Returns undefined as soon as the file is not plain (or a
 * row is malformed): the caller then reads it with the general parser, which also words the errors.
 */
export async function readPlainCsv(path: string, opts: ReadTableOptions): Promise<PlainCsvColumns | undefined> {
  const handle = await open(path, 'r');
  try {
    const total = (await handle.stat()).size;
    const reader = new PlainCsvParser(path, opts);
    let carry: Buffer = Buffer.alloc(0);
    let position = 0;
    for (;;) {
      throwIfAborted(opts.signal, `reading ${path}`);
      const buf = Buffer.allocUnsafe(carry.length + CHUNK);
      carry.copy(buf, 0);
      const { bytesRead } = await handle.read(buf, carry.length, CHUNK, position);
      position += bytesRead;
      const filled = buf.subarray(0, carry.length + bytesRead);
      const last = bytesRead === 0;
      const end = last ? filled.length : filled.lastIndexOf(NL) + 1;
      if (end > 0 || last) {
        if (!reader.block(filled.subarray(0, end), last)) return undefined;
        if (reader.full) break;
      }
      carry = Buffer.from(filled.subarray(end));
      if (carry.length > MAX_LINE) return undefined;
      opts.onProgress?.(position, total);
      if (last) break;
    }
    return reader.result();
  } finally {
    await handle.close();
  }
}

/** The columns read so far, still open (the caller may fix up early cells of columns that turned to text). */
export interface PlainCsvColumns {
  builders: ColumnBuilder[];
  /** The file column each builder reads. */
  indices: number[];
  rowCount: number;
}

class PlainCsvParser {
  private builders: ColumnBuilder[] = [];
  /** For each file column, the builder it feeds (undefined: not selected). */
  private byColumn: (ColumnBuilder | undefined)[] = [];
  private indices: number[] = [];
  private width = -1;
  private delimiter = 0;
  private crlf: boolean | undefined;
  private rows = 0;
  full = false;

  constructor(
    private readonly path: string,
    private readonly opts: ReadTableOptions,
  ) {}

  /** Parses whole lines (the last one may lack its newline when `last`); false when the file is not plain. */
  block(buf: Buffer, last: boolean): boolean {
    if (buf.indexOf(QUOTE) !== -1 || buf.indexOf(0) !== -1 || !isUtf8(buf)) return false;
    let start = 0;
    if (this.width < 0 && this.delimiter === 0) {
      const sample = buf.toString('utf8', 0, Math.min(buf.length, 65536));
      const delimiter =
        this.opts.delimiter ?? detectDelimiter(sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample);
      // A separator that can be part of a number (or of more than one character) is left to the general reader.
      if (delimiter.length !== 1 || /[-0-9.+]/.test(delimiter)) return false;
      this.delimiter = delimiter.charCodeAt(0);
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    const maxRows = this.opts.maxRows ?? Infinity;
    let nextCr = buf.indexOf(CR, start);
    if (nextCr < 0) nextCr = buf.length;
    while (start < buf.length) {
      let nl = buf.indexOf(NL, start);
      if (nl < 0) {
        if (!last) return false;
        nl = buf.length;
      }
      const hasCr = nl > start && buf[nl - 1] === CR;
      if (hasCr && nl === buf.length) return false;
      if (nl < buf.length) {
        if (this.crlf === undefined) this.crlf = hasCr;
        if (hasCr !== this.crlf) return false;
      }
      const end = hasCr ? nl - 1 : nl;
      if (nextCr < end) return false;
      if (nextCr < nl) {
        nextCr = buf.indexOf(CR, nl);
        if (nextCr < 0) nextCr = buf.length;
      }
      if (end > start) {
        if (this.width < 0) this.header(buf, start, end);
        else {
          if (!this.row(buf, start, end)) return false;
          if (++this.rows >= maxRows) {
            this.full = true;
            return true;
          }
        }
      }
      start = nl + 1;
    }
    return true;
  }

  result(): PlainCsvColumns | undefined {
    if (this.width < 0) return undefined;
    return { builders: this.builders, indices: this.indices, rowCount: this.rows };
  }

  private header(buf: Buffer, a: number, b: number): void {
    const names = normalizeHeader(buf.toString('utf8', a, b).split(String.fromCharCode(this.delimiter)));
    const indices = selectColumnIndices(this.path, names, this.opts.columns);
    this.indices = indices;
    this.width = names.length;
    this.byColumn = new Array(names.length).fill(undefined);
    this.builders = indices.map((i) => {
      const builder = new ColumnBuilder(names[i]);
      this.byColumn[i] = builder;
      return builder;
    });
  }

  /** One row: each cell is scanned once, converted on the way when it is a plain decimal of a numeric column. */
  private row(buf: Buffer, a: number, b: number): boolean {
    const d = this.delimiter;
    const byColumn = this.byColumn;
    let column = 0;
    let i = a;
    for (;;) {
      if (column >= this.width) return false;
      const builder = byColumn[column];
      const cellStart = i;
      let value = NaN;
      if (builder !== undefined && !builder.isText) {
        value = plainDecimalUntil(buf, i, b, d);
        i = scanEnd;
      }
      if (value === value) builder!.pushNumber(value);
      else {
        while (i < b && buf[i] !== d) i++;
        builder?.pushText(buf.toString('utf8', cellStart, i));
      }
      column++;
      if (i >= b) break;
      i++;
    }
    return column === this.width;
  }
}

/** Where the last `plainDecimalUntil` stopped: the cell's end when it returned a number. */
let scanEnd = 0;

/**
 * The plain decimal starting at `a` and ending at the delimiter `d` or at `b` (`scanEnd` is set to that end), or NaN
 * when the cell is anything else (`scanEnd` then lies somewhere inside the cell).
 */
function plainDecimalUntil(buf: Uint8Array, a: number, b: number, d: number): number {
  let i = a;
  const first = i < b ? buf[i] : d;
  const negative = first === MINUS;
  if (negative || first === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = 0;
  while (i < b && (c = buf[i] - 48) >= 0 && c <= 9) {
    mantissa = mantissa * 10 + c;
    digits++;
    i++;
  }
  if (i < b && buf[i] === DOT) {
    i++;
    while (i < b && (c = buf[i] - 48) >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      scale++;
      i++;
    }
  }
  scanEnd = i;
  if ((i < b && buf[i] !== d) || digits === 0 || mantissa >= TWO_53 || scale > 22) return NaN;
  const magnitude = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -magnitude : magnitude;
}
