import { readCsvRows } from './csvReader';
import { detectFormat } from './format';
import { readJsonRecords } from './jsonlReader';
import { openParquet } from './parquetReader';
import type { RawRow, ReadTableOptions } from './table';

const HIGH_WATER = 4096;

/**
 * Streams raw rows (cells as written, 1-based line numbers) for callers that validate or transform row by row.
 * CSV cells are always strings; JSON/Parquet values are turned into text (null stays null).
 */
export async function* iterateRows(path: string, opts: ReadTableOptions = {}): AsyncGenerator<RawRow> {
  const format = opts.format ?? (await detectFormat(path));
  if (format === 'csv') yield* csvRows(path, opts);
  else if (format === 'jsonl') yield* jsonlRows(path, opts);
  else yield* parquetRows(path, opts);
}

async function* csvRows(path: string, opts: ReadTableOptions): AsyncGenerator<RawRow> {
  let header: string[] = [];
  const queue: RawRow[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const reading = readCsvRows(
    path,
    {
      header(names) {
        header = names;
      },
      rows(rows, lines) {
        for (let r = 0; r < rows.length; r++) {
          const cells: Record<string, string | null> = {};
          for (let c = 0; c < header.length; c++)
            if (!opts.columns || opts.columns.includes(header[c])) cells[header[c]] = rows[r][c];
          queue.push({ line: lines[r], cells });
        }
        if (queue.length >= HIGH_WATER) reading.flow.pause();
        wake?.();
      },
    },
    { ...opts, signal },
  );
  reading.then(
    () => {
      done = true;
      wake?.();
    },
    (err) => {
      failure = err;
      done = true;
      wake?.();
    },
  );
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        reading.flow.resume();
        yield* batch;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    if (!done) {
      stop.abort();
      reading.flow.resume();
      reading.catch(() => undefined);
    }
  }
}

async function* jsonlRows(path: string, opts: ReadTableOptions): AsyncGenerator<RawRow> {
  for await (const batch of readJsonRecords(path, opts)) {
    for (const { line, record } of batch) {
      const cells: Record<string, string | null> = {};
      for (const key in record) if (!opts.columns || opts.columns.includes(key)) cells[key] = cellText(record[key]);
      yield { line, cells };
    }
  }
}

async function* parquetRows(path: string, opts: ReadTableOptions): AsyncGenerator<RawRow> {
  const pq = await openParquet(path);
  try {
    const names = opts.columns ?? pq.columns.map((c) => c.name);
    for await (const { rowStart, rows } of pq.batches({ signal: opts.signal, columns: names, maxRows: opts.maxRows })) {
      for (let r = 0; r < rows.length; r++) {
        const cells: Record<string, string | null> = {};
        names.forEach((name, c) => (cells[name] = cellText(rows[r][c])));
        yield { line: rowStart + r + 1, cells };
      }
    }
  } finally {
    await pq.close();
  }
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  return String(value);
}
