import { MlopsError } from '../errors';
import { isMissingToken } from './cells';
import { ColumnBuilder } from './columnBuilder';
import { readCsvRows } from './csvReader';
import { detectFormat } from './format';
import { readJsonRecords } from './jsonlReader';
import { openParquet } from './parquetReader';
import { readPlainCsv } from './plainCsv';
import { selectColumnIndices } from './selectColumns';
import { withSeekablePath } from './streamInput';
import type { ReadTableOptions, Table } from './table';

export type {
  Column,
  NumericColumn,
  TextColumn,
  Table,
  ReadTableOptions,
  RawRow,
  DeclaredType,
  TableFormat,
} from './table';
export { iterateRows } from './rowIterator';

/**
 * Reads a whole CSV, JSON Lines or Parquet file into typed columns. A column is numeric when every non-missing
 * cell is a number (empty, NA, NaN, null … are missing); otherwise it is text. Memory is bounded by the columns.
 */
export async function readTable(path: string, opts: ReadTableOptions = {}): Promise<Table> {
  return withSeekablePath(
    path,
    async (seekable) => ({ ...(await readTableFile(seekable, opts)), source: path }),
    opts.signal,
  );
}

async function readTableFile(path: string, opts: ReadTableOptions): Promise<Table> {
  const format = opts.format ?? (await detectFormat(path));
  if (format === 'parquet') return readParquetTable(path, opts);
  if (format === 'jsonl') return readJsonlTable(path, opts);
  return readCsvTable(path, opts);
}

async function readCsvTable(path: string, opts: ReadTableOptions): Promise<Table> {
  const plain = await readPlainCsv(path, opts);
  if (plain) {
    await restoreEarlyTextCells(path, plain.builders, plain.indices, opts);
    return { source: path, format: 'csv', rowCount: plain.rowCount, columns: plain.builders.map((b) => b.build()) };
  }
  let builders: ColumnBuilder[] = [];
  let indices: number[] = [];
  let rowCount = 0;
  await readCsvRows(
    path,
    {
      header(names) {
        indices = selectColumnIndices(path, names, opts.columns);
        builders = indices.map((i) => new ColumnBuilder(names[i]));
      },
      rows(rows) {
        const n = builders.length;
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r];
          for (let j = 0; j < n; j++) builders[j].pushText(row[indices[j]]);
        }
        rowCount += rows.length;
      },
    },
    opts,
  );
  await restoreEarlyTextCells(path, builders, indices, opts);
  return { source: path, format: 'csv', rowCount, columns: builders.map((b) => b.build()) };
}

/**
 * A column that turned out to be text after some numeric-looking rows kept those rows as numbers; read them
 * again so text columns hold the cells exactly as written ("007" stays "007").
 */
async function restoreEarlyTextCells(
  path: string,
  builders: ColumnBuilder[],
  indices: number[],
  opts: ReadTableOptions,
): Promise<void> {
  const late = builders.map((b, j) => ({ b, j })).filter(({ b }) => b.textSince > 0);
  if (late.length === 0) return;
  const upTo = late.reduce((m, { b }) => Math.max(m, b.textSince), -Infinity);
  let row = 0;
  await readCsvRows(
    path,
    {
      header() {},
      rows(rows) {
        for (const cells of rows) {
          for (const { b, j } of late) {
            if (row < b.textSince) {
              const raw = cells[indices[j]];
              b.setText(row, isMissingToken(raw) ? null : raw);
            }
          }
          row++;
        }
      },
    },
    { signal: opts.signal, delimiter: opts.delimiter, maxRows: upTo },
  );
}

async function readJsonlTable(path: string, opts: ReadTableOptions): Promise<Table> {
  const builders = new Map<string, ColumnBuilder>();
  let rowCount = 0;
  for await (const batch of readJsonRecords(path, opts)) {
    for (const { record } of batch) {
      for (const key in record) {
        let b = builders.get(key);
        if (!b) {
          b = new ColumnBuilder(key);
          for (let i = 0; i < rowCount; i++) b.pushMissing();
          builders.set(key, b);
        }
        b.pushValue(record[key]);
      }
      rowCount++;
      for (const b of builders.values()) if (b.size < rowCount) b.pushMissing();
    }
  }
  const names = [...builders.keys()];
  const picked = selectColumnIndices(path, names, opts.columns).map((i) => builders.get(names[i])!);
  return { source: path, format: 'jsonl', rowCount, columns: picked.map((b) => b.build()) };
}

async function readParquetTable(path: string, opts: ReadTableOptions): Promise<Table> {
  const pq = await openParquet(path);
  try {
    const names = pq.columns.map((c) => c.name);
    const indices = selectColumnIndices(path, names, opts.columns);
    const builders = indices.map((i) => new ColumnBuilder(pq.columns[i].name, pq.columns[i].declared));
    const selected = indices.map((i) => names[i]);
    let rowCount = 0;
    for await (const { rows } of pq.batches({ signal: opts.signal, columns: selected, maxRows: opts.maxRows })) {
      for (const row of rows) for (let j = 0; j < builders.length; j++) builders[j].pushValue(row[j]);
      rowCount += rows.length;
    }
    return { source: path, format: 'parquet', rowCount, columns: builders.map((b) => b.build()) };
  } catch (err) {
    if (err instanceof MlopsError) throw err;
    throw new MlopsError(
      `cannot read ${path} as Parquet: ${(err as Error).message}`,
      'bad-input',
      'Check that the file is complete and really Parquet.',
    );
  } finally {
    await pq.close();
  }
}
