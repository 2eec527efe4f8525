import { maskedCrc32c } from './crc32c';

/**
 * TFRecord framing, as TensorFlow's RecordWriter writes it:
 *   uint64 length (little-endian) · uint32 masked CRC-32C of those 8 bytes · data[length] · uint32 masked CRC-32C of data
 * A record whose data CRC does not match is skipped and counted, never parsed. A length whose own CRC does not match
 * cannot be trusted to find the next record, so reading stops there. An incomplete last record (a writer still
 * writing, or a cut file) ends the read; `consumed` then stays at its start, so a later read picks it up once whole.
 */
export interface RecordScan {
  /** Offset just past the last whole record read (where a later, incremental read starts). */
  consumed: number;
  records: number;
  /** Records skipped because their data CRC did not match. */
  badDataCrc: number[];
  /** Offset of a length header whose CRC did not match (reading stopped there), else null. */
  badLengthAt: number | null;
  /** Offset of an incomplete last record, else null. */
  truncatedAt: number | null;
}

const HEADER = 12;
const FOOTER = 4;

/** Calls `onRecord(bytes, start, end)` for each whole record of `buf` from `offset` whose CRCs check. */
export function scanRecords(
  buf: Uint8Array,
  offset: number,
  onRecord: (buf: Uint8Array, start: number, end: number) => void,
  verify = true,
): RecordScan {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const scan: RecordScan = { consumed: offset, records: 0, badDataCrc: [], badLengthAt: null, truncatedAt: null };
  let pos = offset;
  while (pos < buf.length) {
    if (pos + HEADER > buf.length) {
      scan.truncatedAt = pos;
      break;
    }
    const low = view.getUint32(pos, true);
    const high = view.getUint32(pos + 4, true);
    if (verify && view.getUint32(pos + 8, true) !== maskedCrc32c(buf, pos, pos + 8)) {
      scan.badLengthAt = pos;
      break;
    }
    const length = high * 0x1_0000_0000 + low;
    const start = pos + HEADER;
    const end = start + length;
    if (end + FOOTER > buf.length) {
      scan.truncatedAt = pos;
      break;
    }
    if (verify && view.getUint32(end, true) !== maskedCrc32c(buf, start, end)) {
      scan.badDataCrc.push(pos);
    } else {
      onRecord(buf, start, end);
      scan.records++;
    }
    pos = end + FOOTER;
    scan.consumed = pos;
  }
  return scan;
}
