import { MlopsError, throwIfAborted } from '../errors';
import { MAX_CSV_ROW_CHARS } from './csvRowChunks';
import { readTextChunks } from './textChunks';

export interface JsonRecord {
  line: number;
  record: Record<string, unknown>;
}

export interface JsonlReadOptions {
  signal?: AbortSignal;
  maxRows?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** A longer line is a bad-input error (default: the CSV row limit). */
  maxLineChars?: number;
}

/**
 * Streams JSON Lines: one object per non-blank line. A `.json` file holding one array of objects is accepted too.
 * A line that is not a JSON object is a bad-input error naming the line. The pieces of a line that spans chunks are
 * joined once, when its end arrives, so a long line costs linear time.
 */
export async function* readJsonRecords(path: string, opts: JsonlReadOptions = {}): AsyncGenerator<JsonRecord[]> {
  const maxLineChars = opts.maxLineChars ?? MAX_CSV_ROW_CHARS;
  let carry: string[] = [];
  let carryChars = 0;
  let line = 0;
  let rows = 0;
  let first = true;
  let arrayText: string[] | null = null;
  for await (const text of readTextChunks(path, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    what: 'JSON Lines',
  })) {
    if (first) {
      first = false;
      if (text.trimStart().startsWith('[')) arrayText = [];
    }
    if (arrayText) {
      arrayText.push(text);
      continue;
    }
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      carry.push(text);
      carryChars += text.length;
      if (carryChars > maxLineChars) throw lineTooLong(path, line + 1, maxLineChars);
      continue;
    }
    const parts = (carry.length > 0 ? carry.join('') + text.slice(0, end) : text.slice(0, end)).split('\n');
    carry = end + 1 < text.length ? [text.slice(end + 1)] : [];
    carryChars = text.length - end - 1;
    const batch: JsonRecord[] = [];
    for (const part of parts) {
      line++;
      if (part.trim() === '') continue;
      batch.push({ line, record: parseObject(path, part, line) });
      if (opts.maxRows !== undefined && rows + batch.length >= opts.maxRows) break;
    }
    rows += batch.length;
    throwIfAborted(opts.signal, `reading ${path}`);
    if (batch.length > 0) yield batch;
    if (opts.maxRows !== undefined && rows >= opts.maxRows) return;
  }
  if (arrayText) {
    yield parseArray(path, arrayText.join(''), opts.maxRows);
    return;
  }
  const last = carry.join('');
  if (last.trim() !== '') yield [{ line: line + 1, record: parseObject(path, last, line + 1) }];
}

function lineTooLong(path: string, line: number, max: number): MlopsError {
  return new MlopsError(
    `${path}: line ${line} is longer than ${Math.round(max / (1024 * 1024))} Mi characters, the most a JSON Lines line may hold.`,
    'bad-input',
    'Put one record per line, and store very large values in separate files.',
  );
}

function parseObject(path: string, text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MlopsError(
      `${path}: line ${line} is not valid JSON (${(err as Error).message}).`,
      'bad-input',
      'JSON Lines files hold one JSON object per line.',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MlopsError(
      `${path}: line ${line} is not a JSON object.`,
      'bad-input',
      'JSON Lines files hold one JSON object per line, e.g. {"x": 1}.',
    );
  }
  return value as Record<string, unknown>;
}

function parseArray(path: string, text: string, maxRows?: number): JsonRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MlopsError(
      `${path} is not valid JSON (${(err as Error).message}).`,
      'bad-input',
      'Pass JSON Lines or a JSON array of objects.',
    );
  }
  const items = (value as unknown[]).slice(0, maxRows);
  return items.map((record, i) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new MlopsError(
        `${path}: item ${i + 1} of the array is not an object.`,
        'bad-input',
        'Each record must be a JSON object.',
      );
    }
    return { line: i + 1, record: record as Record<string, unknown> };
  });
}
