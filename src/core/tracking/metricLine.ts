import type { MetricPoint } from './types';

/*
 * The grammar of a metric TSV (dvclive's plots/metrics/<name>.tsv and our system/<name>.tsv). Every reader goes
 * through this module: the string functions for line-at-a-time readers, the byte functions for the columnar ones.
 *
 *   header     the first non-blank line: tab-separated column names in any order; `step` is required, `timestamp`
 *              is optional, the value column is the metric's last name segment (else the first other column)
 *   row        exactly as many tab-separated fields as the header; one trailing `\r` is dropped; an empty line is
 *              no row
 *   step       an integer: an optional `-` and 1 to 16 decimal digits, at most MAX_SAFE_INTEGER in size
 *   timestamp  a decimal number (sign, digits, fraction, exponent; no nan or inf) from 0 to MAX_TIMESTAMP
 *   value      a decimal number, or nan, inf or infinity with an optional sign, in any case
 *   Any field may be padded with spaces (0x20). A row that breaks a rule is skipped and counted, never guessed.
 */

/** The largest time a JavaScript Date can hold (ms since the epoch); dvclive writes ms, some tools seconds. */
export const MAX_TIMESTAMP = 8.64e15;

const DECIMAL = /^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/;
const NAN_OR_INF = /^ *([+-]?)(nan|inf|infinity) *$/i;
const STEP = /^ *-?\d{1,16} *$/;

/** Parses one logged value: a decimal number, or `nan`, `inf`, `infinity` with an optional sign (any case). */
export function parseMetricValue(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  const word = NAN_OR_INF.exec(text);
  if (!word) return undefined;
  if (word[2].toLowerCase() === 'nan') return NaN;
  return word[1] === '-' ? -Infinity : Infinity;
}

/** Parses a step: an integer written in decimal digits, no fraction or exponent, within the safe integers. */
export function parseStep(text: string): number | undefined {
  if (!STEP.test(text)) return undefined;
  const step = Number(text);
  return Math.abs(step) <= Number.MAX_SAFE_INTEGER ? step + 0 : undefined;
}

/** Parses a timestamp: a decimal number from 0 to MAX_TIMESTAMP. */
export function parseTimestamp(text: string): number | undefined {
  return DECIMAL.test(text) ? timestampInRange(Number(text)) : undefined;
}

function timestampInRange(t: number): number | undefined {
  return t >= 0 && t <= MAX_TIMESTAMP ? t + 0 : undefined;
}

/** Formats a value the way dvclive and Python write them, so both clients produce identical files. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

export interface TsvHeader {
  valueColumn: number;
  stepColumn: number;
  /** -1 when the file has no timestamp column: its points get timestamp 0. */
  timestampColumn: number;
  /** How many fields every row has. */
  columns: number;
}

/** Reads a dvclive header ("timestamp\tstep\t<name>"); columns may come in any order. */
export function parseTsvHeader(line: string, metricName: string): TsvHeader | undefined {
  const cols = stripCr(line)
    .split('\t')
    .map((c) => c.trim());
  const stepColumn = cols.indexOf('step');
  const timestampColumn = cols.indexOf('timestamp');
  const name = metricName.split('/').pop() ?? metricName;
  const other = (i: number) => i !== stepColumn && i !== timestampColumn;
  let valueColumn = cols.findIndex((c, i) => c === name && other(i));
  if (valueColumn < 0) valueColumn = cols.findIndex((_, i) => other(i));
  if (stepColumn < 0 || valueColumn < 0) return undefined;
  return { valueColumn, stepColumn, timestampColumn, columns: cols.length };
}

/** One row as a point, or undefined when it breaks the grammar (the caller skips and counts it). */
export function parseTsvRow(line: string, header: TsvHeader): MetricPoint | undefined {
  const cols = stripCr(line).split('\t');
  if (cols.length !== header.columns) return undefined;
  const step = parseStep(cols[header.stepColumn]);
  const value = parseMetricValue(cols[header.valueColumn]);
  const timestamp = header.timestampColumn >= 0 ? parseTimestamp(cols[header.timestampColumn]) : 0;
  if (step === undefined || value === undefined || timestamp === undefined) return undefined;
  return { step, timestamp, value };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

// ---- The same grammar over bytes, for the columnar reader (no per-line strings). ----

const TAB = 9;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO_53 = 2 ** 53;

/** The fields of one row read by `parseRowBytes`. */
export interface RowFields {
  step: number;
  time: number;
  value: number;
}

/**
 * Parses the row in `buf[a, b)` (no newline, no trailing `\r`) into `out`; false when it breaks the grammar.
 * `text` is `buf` decoded as latin1, when the caller has it, for the few numbers that need the string parser.
 */
export function parseRowBytes(
  buf: Uint8Array,
  a: number,
  b: number,
  header: TsvHeader,
  out: RowFields,
  text?: string,
): boolean {
  const { stepColumn, timestampColumn, valueColumn } = header;
  let step: number | undefined;
  let time: number | undefined = timestampColumn < 0 ? 0 : undefined;
  let value: number | undefined;
  let col = 0;
  let fieldStart = a;
  for (let i = a; i <= b; i++) {
    if (i < b && buf[i] !== TAB) continue;
    if (col === stepColumn) step = parseStepBytes(buf, fieldStart, i);
    else if (col === timestampColumn) time = parseTimestampBytes(buf, fieldStart, i, text);
    else if (col === valueColumn) value = parseNumberBytes(buf, fieldStart, i, text);
    col++;
    fieldStart = i + 1;
  }
  if (col !== header.columns || step === undefined || time === undefined || value === undefined) return false;
  out.step = step;
  out.time = time;
  out.value = value;
  return true;
}

/** `parseStep` over bytes. */
export function parseStepBytes(buf: Uint8Array, a: number, b: number): number | undefined {
  while (a < b && buf[a] === SPACE) a++;
  while (b > a && buf[b - 1] === SPACE) b--;
  let i = a;
  const negative = i < b && buf[i] === MINUS;
  if (negative) i++;
  if (i === b || b - i > 16) return undefined;
  let n = 0;
  for (; i < b; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  if (n > Number.MAX_SAFE_INTEGER) return undefined;
  return negative ? 0 - n : n;
}

/** `parseTimestamp` over bytes. */
export function parseTimestampBytes(buf: Uint8Array, a: number, b: number, text?: string): number | undefined {
  const fast = decimalBytes(buf, a, b);
  if (decimalKind === EXACT) return timestampInRange(fast);
  if (decimalKind === INEXACT) return timestampInRange(Number(slice(buf, a, b, text)));
  return decimalKind === BLANK ? undefined : parseTimestamp(slice(buf, a, b, text));
}

/**
 * `parseMetricValue` over bytes. An integer mantissa below 2^53 (every 15-digit one, most 16-digit ones) and a decimal
 * exponent within ±22 take the exact fast path (one correctly rounded multiply or divide, as in Clinger's algorithm); anything else, including nan/inf
 * spellings, goes through the string parser so the result always equals `parseMetricValue`.
 */
export function parseNumberBytes(buf: Uint8Array, a: number, b: number, text?: string): number | undefined {
  const fast = decimalBytes(buf, a, b);
  if (decimalKind === EXACT) return fast;
  if (decimalKind === INEXACT) return Number(slice(buf, a, b, text));
  return decimalKind === BLANK ? undefined : parseMetricValue(slice(buf, a, b, text));
}

/** What the last `decimalBytes` call found (kept out of its return value, which stays a plain number). */
let decimalKind = 0;
/** A decimal number, converted exactly. */
const EXACT = 0;
/** Only spaces, or nothing. */
const BLANK = 1;
/** Not decimal syntax (nan, inf, or not a number at all): the string parser decides. */
const UNKNOWN = 2;
/** Decimal syntax beyond the exact fast path: V8's own correctly rounded conversion. */
const INEXACT = 3;

/** The number in `buf[a, b)` when `decimalKind` is EXACT after the call; NaN otherwise. */
function decimalBytes(buf: Uint8Array, a: number, b: number): number {
  decimalKind = UNKNOWN;
  let s = a;
  let e = b;
  while (s < e && buf[s] === SPACE) s++;
  while (e > s && buf[e - 1] === SPACE) e--;
  if (s >= e) {
    decimalKind = BLANK;
    return NaN;
  }
  let i = s;
  let negative = false;
  if (buf[i] === MINUS || buf[i] === PLUS) {
    negative = buf[i] === MINUS;
    i++;
  }
  let mantissa = 0;
  let scale = 0;
  let sawDigit = false;
  while (i < e && buf[i] >= 48 && buf[i] <= 57) {
    mantissa = mantissa * 10 + (buf[i] - 48);
    sawDigit = true;
    i++;
  }
  if (i < e && buf[i] === DOT) {
    i++;
    while (i < e && buf[i] >= 48 && buf[i] <= 57) {
      mantissa = mantissa * 10 + (buf[i] - 48);
      scale--;
      sawDigit = true;
      i++;
    }
  }
  let exponent = 0;
  if (sawDigit && i < e && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let expNegative = false;
    if (buf[i] === MINUS || buf[i] === PLUS) {
      expNegative = buf[i] === MINUS;
      i++;
    }
    const expStart = i;
    while (i < e && buf[i] >= 48 && buf[i] <= 57 && i - expStart < 6) exponent = exponent * 10 + (buf[i++] - 48);
    if (i === expStart) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (!sawDigit || i !== e) return NaN;
  const p = scale + exponent;
  if (mantissa >= TWO_53 || p < -22 || p > 22) {
    decimalKind = INEXACT;
    return NaN;
  }
  decimalKind = EXACT;
  const magnitude = p >= 0 ? mantissa * POW10[p] : mantissa / POW10[-p];
  return negative ? -magnitude : magnitude;
}

function slice(buf: Uint8Array, a: number, b: number, text: string | undefined): string {
  return text !== undefined ? text.slice(a, b) : Buffer.from(buf.buffer, buf.byteOffset + a, b - a).toString('latin1');
}
