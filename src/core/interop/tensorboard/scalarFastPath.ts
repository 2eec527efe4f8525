import type { EventCollector } from './collector';

/*
 * A hand-rolled decoder for the one Event shape that makes up nearly all of a scalar log: wall_time, step and a
 * summary whose values carry only a tag and a simple_value (no metadata). Anything else — another field, a metadata
 * block, a varint longer than 7 bytes — returns false before anything is recorded, and the caller decodes the record
 * with protobufjs (eventDecoder.ts), which stays the reference; a unit test checks that both agree record by record.
 */

const MAX_VALUES = 64;
const scratchTags: string[] = new Array(MAX_VALUES);
const scratchValues = new Float64Array(MAX_VALUES);
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Tag strings by their bytes, so that a tag written a million times is decoded once. */
class TagCache {
  private readonly byHash = new Map<number, { bytes: Uint8Array; text: string }[]>();

  get(buf: Uint8Array, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (const entry of bucket) if (sameBytes(entry.bytes, buf, start, end)) return entry.text;
    }
    const bytes = buf.slice(start, end);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (bucket) bucket.push({ bytes, text });
    else this.byHash.set(h, [{ bytes, text }]);
    return text;
  }
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}

export class ScalarFastPath {
  private readonly tags = new TagCache();

  /** Records the event in buf[start, end) into `out` and returns true, or returns false having recorded nothing. */
  decode(buf: Uint8Array, start: number, end: number, out: EventCollector): boolean {
    let pos = start;
    let wallTime = 0;
    let step = 0;
    let count = 0;
    while (pos < end) {
      const key = buf[pos++];
      if (key === 0x09) {
        // wall_time: double
        if (pos + 8 > end) return false;
        for (let i = 0; i < 8; i++) f64Bytes[i] = buf[pos + i];
        wallTime = f64[0];
        pos += 8;
      } else if (key === 0x10) {
        // step: int64 varint (up to 7 bytes keeps it within 2^49, exact as a double)
        let shift = 1;
        let value = 0;
        let b: number;
        let n = 0;
        do {
          if (pos >= end || ++n > 7) return false;
          b = buf[pos++];
          value += (b & 0x7f) * shift;
          shift *= 128;
        } while (b & 0x80);
        step = value;
      } else if (key === 0x2a) {
        // summary: length-delimited
        const len = readLength(buf, pos, end);
        if (len < 0) return false;
        pos = lengthEnd;
        const summaryEnd = pos + len;
        if (summaryEnd > end) return false;
        while (pos < summaryEnd) {
          if (buf[pos++] !== 0x0a || count >= MAX_VALUES) return false;
          const vlen = readLength(buf, pos, summaryEnd);
          if (vlen < 0) return false;
          pos = lengthEnd;
          const valueEnd = pos + vlen;
          if (valueEnd > summaryEnd) return false;
          let tag: string | undefined;
          let hasValue = false;
          while (pos < valueEnd) {
            const vkey = buf[pos++];
            if (vkey === 0x0a) {
              const tlen = readLength(buf, pos, valueEnd);
              if (tlen < 0 || lengthEnd + tlen > valueEnd) return false;
              tag = this.tags.get(buf, lengthEnd, lengthEnd + tlen);
              pos = lengthEnd + tlen;
            } else if (vkey === 0x15) {
              if (pos + 4 > valueEnd) return false;
              f32Bytes[0] = buf[pos];
              f32Bytes[1] = buf[pos + 1];
              f32Bytes[2] = buf[pos + 2];
              f32Bytes[3] = buf[pos + 3];
              scratchValues[count] = f32[0];
              hasValue = true;
              pos += 4;
            } else {
              return false;
            }
          }
          if (tag === undefined || !hasValue) return false;
          scratchTags[count++] = tag;
        }
      } else {
        return false;
      }
    }
    const wallMs = Math.round(wallTime * 1000);
    out.seen(wallMs);
    for (let i = 0; i < count; i++) out.add(scratchTags[i], step, wallMs, scratchValues[i]);
    return true;
  }
}

let lengthEnd = 0;

/** A length varint of at most 4 bytes at `pos`; sets `lengthEnd` past it. -1 when malformed or too long. */
function readLength(buf: Uint8Array, pos: number, end: number): number {
  let value = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) return -1;
    const b = buf[pos++];
    value |= (b & 0x7f) << shift;
    if (!(b & 0x80)) {
      lengthEnd = pos;
      return value;
    }
  }
  return -1;
}
