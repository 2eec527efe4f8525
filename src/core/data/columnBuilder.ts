import { isMissingToken, parseNumberCell } from './cells';
import { ChunkedFloat64 } from './chunkedFloat64';
import type { Column, DeclaredType } from './table';

const MAX_INTERNED = 1 << 16;

/**
 * Accumulates one column cell by cell. It stays numeric (a growing Float64Array) until the first cell that is
 * neither missing nor a number; from then on it keeps strings (repeated values share one string). `textSince` records the row where that happened so
 * the reader can fetch the raw text of the earlier, numeric-looking cells in a second pass.
 */
export class ColumnBuilder {
  private numbers = new ChunkedFloat64();
  private interned = new Map<string, string>();
  private texts: (string | null)[] | null = null;
  private length = 0;
  private missing = 0;
  private integer = true;
  private sawNumber = false;
  private sawBoolean = false;
  private sawOther = false;
  /** Row index from which the column holds text; -1 while numeric. */
  textSince = -1;

  constructor(
    readonly name: string,
    private readonly declared?: DeclaredType,
  ) {}

  get size(): number {
    return this.length;
  }

  /** True once the column holds text (every later cell is kept as written). */
  get isText(): boolean {
    return this.texts !== null;
  }

  /** A cell already converted exactly from plain decimal syntax, while the column is numeric. */
  pushNumber(n: number): void {
    this.pushNumberUnchecked(n);
  }

  /** A raw text cell (CSV). */
  pushText(cell: string): void {
    if (this.texts === null) {
      const n = fastNumber(cell);
      if (n === n) return this.pushNumberUnchecked(n);
    }
    if (isMissingToken(cell)) return this.pushMissing();
    if (this.texts) {
      this.texts.push(this.intern(cell));
      this.length++;
      return;
    }
    const n = parseNumberCell(cell);
    if (n !== n) {
      this.switchToText();
      this.texts!.push(this.intern(cell));
      this.length++;
      return;
    }
    this.pushNumberUnchecked(n);
  }

  /** A typed value (JSON, Parquet). Objects and arrays are kept as their JSON text. */
  pushValue(value: unknown): void {
    if (value === null || value === undefined) return this.pushMissing();
    if (typeof value === 'number') {
      if (value !== value) return this.pushMissing();
      if (this.texts) return this.pushTextValue(String(value));
      return this.pushNumberUnchecked(value);
    }
    if (typeof value === 'bigint') return this.pushValue(Number(value));
    if (typeof value === 'string') {
      this.sawOther = true;
      return this.pushTextValue(value);
    }
    if (typeof value === 'boolean') {
      this.sawBoolean = true;
      return this.pushTextValue(value ? 'true' : 'false');
    }
    this.sawOther = true;
    this.pushTextValue(value instanceof Date ? value.toISOString() : JSON.stringify(value));
  }

  pushMissing(): void {
    this.missing++;
    if (this.texts) this.texts.push(null);
    else this.numbers.push(NaN);
    this.length++;
  }

  /** Replaces the text of row `index` (used by the second pass for rows read before the column turned to text). */
  setText(index: number, cell: string | null): void {
    if (this.texts) this.texts[index] = cell;
  }

  build(): Column {
    if (this.texts) {
      const declared = this.declared ?? (this.sawBoolean && !this.sawOther && !this.sawNumber ? 'boolean' : undefined);
      return {
        name: this.name,
        kind: 'text',
        values: this.texts,
        missing: this.missing,
        ...(declared ? { declared } : {}),
      };
    }
    const values = this.numbers.toArray();
    const integer = this.declared ? this.declared === 'integer' : this.integer;
    return {
      name: this.name,
      kind: 'numeric',
      values,
      missing: this.missing,
      integer,
      ...(this.declared ? { declared: this.declared } : {}),
    };
  }

  private pushTextValue(text: string): void {
    if (!this.texts) this.switchToText();
    this.texts!.push(this.intern(text));
    this.length++;
  }

  private pushNumberUnchecked(n: number): void {
    this.sawNumber = true;
    if (this.integer && !Number.isInteger(n)) this.integer = false;
    this.numbers.push(n);
    this.length++;
  }

  private switchToText(): void {
    const texts: (string | null)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = this.numbers.get(i);
      texts[i] = v !== v ? null : String(v);
    }
    this.texts = texts;
    this.textSince = this.sawNumber ? this.length : -1;
    this.numbers = new ChunkedFloat64();
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= MAX_INTERNED) return text;
    // A fresh copy, so the kept value does not pin the parser's whole input chunk (V8 sliced strings).
    const copy = Buffer.from(text, 'utf8').toString('utf8');
    this.interned.set(copy, copy);
    return copy;
  }
}

/** Plain decimal numbers (the common case) without the token look-ups; NaN means "take the slow path". */
function fastNumber(cell: string): number {
  const c = cell.charCodeAt(0);
  const startsLikeNumber = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b;
  if (!startsLikeNumber) return NaN;
  if (c === 0x30 && cell.length > 1) {
    const x = cell.charCodeAt(1) | 0x20;
    if (x === 0x78 || x === 0x6f || x === 0x62) return NaN;
  }
  const last = cell.charCodeAt(cell.length - 1);
  if (last === 0x20 || last === 0x09) return NaN;
  return Number(cell);
}
