import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { EventCollector } from './collector';
import { decodeEventRecord } from './eventDecoder';
import type { RunFolder } from './eventFiles';
import { ScalarFastPath } from './scalarFastPath';
import { scanRecords } from './tfrecord';

/** How far each event file of a run folder has been read: the offset just past its last whole record. */
export type FileOffsets = Record<string, number>;

export interface FileProblem {
  file: string;
  /** What is wrong, in words, and what happened to the data. */
  message: string;
}

export interface FolderRead {
  collected: EventCollector;
  offsets: FileOffsets;
  problems: FileProblem[];
  /** Event files with at least one record that could not be read (bad CRC, cut, not an Event). */
  unreadableFiles: number;
  records: number;
  /** Records the scalar fast path decoded (the others went through protobufjs). */
  fastRecords: number;
}

/**
 * Reads the event files of one run folder from where the last import stopped. Each record goes through the scalar
 * fast path, else through protobufjs (`reference: true` sends every record through protobufjs).
 */
export async function readRunFolder(
  folder: RunFolder,
  previous: FileOffsets = {},
  options: {
    reference?: boolean;
    /** A writer may still be appending: a cut last record is not a problem. */ live?: boolean;
  } = {},
): Promise<FolderRead> {
  const collected = new EventCollector();
  const fast = new ScalarFastPath();
  const offsets: FileOffsets = {};
  const problems: FileProblem[] = [];
  let unreadableFiles = 0;
  let records = 0;
  let fastRecords = 0;
  for (const file of folder.files) {
    const start = previous[file] ?? 0;
    const bytes = readFrom(join(folder.dir, file), start);
    const undecodableBefore = collected.undecodable;
    const scan = scanRecords(bytes, 0, (buf, s, e) => {
      if (!options.reference && fast.decode(buf, s, e, collected)) fastRecords++;
      else if (!decodeEventRecord(buf.subarray(s, e), collected)) collected.undecodable++;
    });
    records += scan.records;
    offsets[file] = start + scan.consumed;
    const messages: string[] = [];
    if (scan.badDataCrc.length > 0) {
      messages.push(
        `${scan.badDataCrc.length} record(s) failed their CRC check (first at byte ${start + scan.badDataCrc[0]}) and were skipped`,
      );
    }
    if (scan.badLengthAt !== null) {
      messages.push(
        `the length header at byte ${start + scan.badLengthAt} failed its CRC check, so the ${bytes.length - scan.badLengthAt} bytes from there on were not read`,
      );
    }
    if (scan.truncatedAt !== null && !options.live) {
      messages.push(
        `the last record (from byte ${start + scan.truncatedAt}) is cut short — a writer still running, or a truncated copy; it will be read by a later import once it is whole`,
      );
    }
    const undecodable = collected.undecodable - undecodableBefore;
    if (undecodable > 0)
      messages.push(`${undecodable} record(s) passed their CRC check but are not TensorBoard Events and were skipped`);
    if (messages.length > 0) {
      unreadableFiles++;
      problems.push({ file: folder.relative ? `${folder.relative}/${file}` : file, message: messages.join('; ') });
    }
  }
  return { collected, offsets, problems, unreadableFiles, records, fastRecords };
}

function readFrom(path: string, start: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= start) return new Uint8Array(0);
    const buf = Buffer.allocUnsafe(size - start);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
