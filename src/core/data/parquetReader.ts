import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { MlopsError, throwIfAborted } from '../errors';
import type { DeclaredType } from './table';

export interface ParquetColumnInfo {
  name: string;
  declared: DeclaredType;
}

export interface ParquetBatch {
  /** 0-based index of the first row of the batch. */
  rowStart: number;
  rows: unknown[][];
}

export interface ParquetReadOptions {
  signal?: AbortSignal;
  columns?: string[];
  maxRows?: number;
  onProgress?: (rowsRead: number, totalRows: number) => void;
}

/** Opens a Parquet file with hyparquet and yields its rows one row group at a time (bounded memory). */
export async function openParquet(path: string): Promise<{
  columns: ParquetColumnInfo[];
  rowCount: number;
  batches(opts: ParquetReadOptions): AsyncGenerator<ParquetBatch>;
  close(): Promise<void>;
}> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  const file: AsyncBuffer = {
    byteLength: size,
    slice(start: number, end?: number) {
      // hyparquet starts prefetch reads without awaiting them: a rejection must not go unhandled
      const read = readRange(path, handle, size, start, end ?? size);
      read.catch(() => undefined);
      return read;
    },
  };
  let metadata: FileMetaData;
  let columns: ParquetColumnInfo[];
  try {
    metadata = await parquetMetadataAsync(file);
    columns = parquetSchema(metadata).children.map(describeColumn);
  } catch (err) {
    await handle.close();
    throw corrupt(path, err);
  }
  const rowCount = Number(metadata.num_rows);
  async function* batches(opts: ParquetReadOptions): AsyncGenerator<ParquetBatch> {
    const limit = Math.min(rowCount, opts.maxRows ?? Infinity);
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      if (groupStart >= limit) break;
      throwIfAborted(opts.signal, `reading ${path}`);
      const groupEnd = Math.min(groupStart + Number(group.num_rows), limit);
      let rows: unknown[][] = [];
      try {
        await parquetRead({
          file,
          metadata,
          columns: opts.columns,
          rowStart: groupStart,
          rowEnd: groupEnd,
          onComplete: (r: unknown[][]) => {
            rows = r;
          },
        });
      } catch (err) {
        throw corrupt(path, err);
      }
      opts.onProgress?.(groupEnd, rowCount);
      yield { rowStart: groupStart, rows };
      groupStart = groupEnd;
    }
  }
  return { columns, rowCount, batches, close: () => handle.close() };
}

async function readRange(
  path: string,
  handle: FileHandle,
  size: number,
  start: number,
  end: number,
): Promise<ArrayBuffer> {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > size) {
    throw new MlopsError(
      `${path} is corrupt or truncated: it points at bytes ${start}..${end} of a ${size}-byte file.`,
      'bad-input',
      'Check that the file was copied completely, or write it again.',
    );
  }
  const buf = Buffer.alloc(end - start);
  await handle.read(buf, 0, buf.length, start);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

function corrupt(path: string, err: unknown): MlopsError {
  if (err instanceof MlopsError) return err;
  return new MlopsError(
    `${path} is not a readable Parquet file: it is corrupt or truncated (${(err as Error)?.message ?? String(err)}).`,
    'bad-input',
    'Check that the file is complete and really Parquet, or write it again.',
  );
}

function describeColumn(node: SchemaTree): ParquetColumnInfo {
  const el = node.element;
  const logical = el.logical_type?.type;
  const converted = el.converted_type;
  let declared: DeclaredType;
  if (node.children.length > 0) declared = logical === 'LIST' || converted === 'LIST' ? 'list' : 'object';
  else if (
    logical === 'DATE' ||
    logical === 'TIMESTAMP' ||
    logical === 'TIME' ||
    el.type === 'INT96' ||
    /^(DATE|TIME)/.test(converted ?? '')
  )
    declared = 'datetime';
  else if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') declared = 'float';
  else if (el.type === 'BOOLEAN') declared = 'boolean';
  else if (el.type === 'INT32' || el.type === 'INT64') declared = 'integer';
  else if (el.type === 'FLOAT' || el.type === 'DOUBLE') declared = 'float';
  else declared = 'string';
  return { name: el.name, declared };
}
