import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { CancelledError, MlopsError } from '../errors';
import { wholeRowChunks } from './csvRowChunks';
import { detectDelimiter } from './delimiter';
import { readTextChunks } from './textChunks';

export interface CsvRowsHandler {
  header(names: string[]): void;
  /** A batch of data rows, each as wide as the header, with the 1-based line where each row starts. */
  rows(rows: string[][], lines: number[]): void;
}

export interface CsvReadOptions {
  signal?: AbortSignal;
  delimiter?: string;
  /** A longer row is a bad-input error (default MAX_CSV_ROW_CHARS). */
  maxRowChars?: number;
  /** Stop after this many data rows. */
  maxRows?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Flow control handed to handlers that consume rows asynchronously (the row iterator). */
export interface CsvFlow {
  pause(): void;
  resume(): void;
}

/**
 * Parses a CSV file with papaparse, streaming: a header row, quoted fields (with embedded separators and newlines),
 * `,` `;` tab or `|` detected from the first lines. Blank lines are skipped; a row whose width differs from the
 * header's is a bad-input error naming its line. papaparse is handed whole rows (see wholeRowChunks), so a long field
 * is parsed in linear time; a row over `maxRowChars` is a bad-input error.
 */
export function readCsvRows(
  path: string,
  handler: CsvRowsHandler,
  opts: CsvReadOptions = {},
): Promise<void> & { flow: CsvFlow } {
  let input: Readable | undefined;
  let pendingPause = false;
  const flow: CsvFlow = {
    pause: () => {
      pendingPause = true;
      input?.pause();
    },
    resume: () => {
      pendingPause = false;
      input?.resume();
    },
  };
  const done = new Promise<void>((resolve, reject) => {
    const chunks = wholeRowChunks(
      readTextChunks(path, { signal: opts.signal, onProgress: opts.onProgress, what: 'CSV' }),
      { path, maxRowChars: opts.maxRowChars },
    );
    let finished = false;
    let headerNames: string[] | null = null;
    let line = 1;
    let sawQuote = false;
    let delivered = 0;
    const fail = (err: unknown) => {
      if (finished) return;
      finished = true;
      input?.destroy();
      reject(err);
    };
    const finish = () => {
      if (finished) return;
      finished = true;
      input?.destroy();
      resolve();
    };

    async function* withQuoteCheck(first: string): AsyncGenerator<string> {
      try {
        for (let text: string | undefined = first; text !== undefined;) {
          if (!sawQuote && text.indexOf('"') !== -1) sawQuote = true;
          yield text;
          const next = await chunks.next();
          text = next.done ? undefined : next.value;
        }
      } finally {
        // Stopping early (maxRows, an error) must close the file: `chunks` is driven by hand, not by for-await.
        await chunks.return(undefined);
      }
    }

    const config: Papa.ParseLocalConfig<string[], Papa.LocalFile> = {
      header: false,
      skipEmptyLines: false,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        if (finished) return;
        try {
          if (opts.signal?.aborted) throw new CancelledError(`reading ${path}`);
          const quoteError = results.errors.find((e) => e.type === 'Quotes');
          if (quoteError) {
            throw new MlopsError(
              `${path}: a quoted field is not closed (${quoteError.message}) after line ${line}.`,
              'bad-input',
              'Check the quotes in the file: a quote inside a quoted field is written "".',
            );
          }
          const batch: string[][] = [];
          const lines: number[] = [];
          for (const row of results.data) {
            const rowLine = line;
            line += 1 + (sawQuote ? embeddedNewlines(row) : 0);
            if (row.length === 1 && row[0] === '') continue;
            if (headerNames === null) {
              headerNames = normalizeHeader(row);
              handler.header(headerNames);
              continue;
            }
            if (row.length !== headerNames.length) {
              throw new MlopsError(
                `${path}: line ${rowLine} has ${row.length} field${row.length === 1 ? '' : 's'} but the header has ${headerNames.length}.`,
                'bad-input',
                `Fix that row (a separator inside a value must be quoted); the separator used is ${describe(config.delimiter as string)}.`,
              );
            }
            batch.push(row);
            lines.push(rowLine);
            if (opts.maxRows !== undefined && delivered + batch.length >= opts.maxRows) break;
          }
          delivered += batch.length;
          if (batch.length > 0) handler.rows(batch, lines);
          if (opts.maxRows !== undefined && delivered >= opts.maxRows) {
            finish();
            parser.abort();
          } else if (pendingPause) input?.pause();
        } catch (err) {
          fail(err);
          parser.abort();
        }
      },
      complete: () => {
        if (headerNames === null && !finished) {
          fail(
            new MlopsError(
              `${path} is empty: it has no header row.`,
              'bad-input',
              'A CSV file starts with a header line naming the columns.',
            ),
          );
          return;
        }
        finish();
      },
      error: (err: Error) => fail(err),
    };
    chunks.next().then((first) => {
      if (first.done) {
        config.complete?.(undefined as never, undefined as never);
        return;
      }
      config.delimiter = opts.delimiter ?? detectDelimiter(first.value.slice(0, 65536));
      input = Readable.from(withQuoteCheck(first.value), { objectMode: true });
      if (pendingPause) input.pause();
      input.on('error', fail);
      Papa.parse(input as unknown as Papa.LocalFile, config);
    }, fail);
  });
  return Object.assign(done, { flow });
}

function embeddedNewlines(row: string[]): number {
  let n = 0;
  for (const cell of row) {
    let i = cell.indexOf('\n');
    while (i !== -1) {
      n++;
      i = cell.indexOf('\n', i + 1);
    }
  }
  return n;
}

/** pandas-style header clean-up: blank names become `Unnamed: i`, repeated names get `.1`, `.2` … */
export function normalizeHeader(row: string[]): string[] {
  const seen = new Map<string, number>();
  return row.map((raw, i) => {
    const base = raw.trim() === '' ? `Unnamed: ${i}` : raw;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}.${count}`;
  });
}

function describe(d: string | undefined): string {
  return d === '\t' ? 'tab' : `'${d ?? ','}'`;
}
