const CHUNK = 1 << 16;

/**
 * An append-only list of doubles kept in 64K-value chunks, so a growing column never holds a doubled buffer;
 * `toArray` copies it into one exact-size Float64Array and releases the chunks as it goes.
 */
export class ChunkedFloat64 {
  private full: Float64Array[] = [];
  private current = new Float64Array(256);
  private fill = 0;
  length = 0;

  push(v: number): void {
    if (this.fill === this.current.length) this.makeRoom();
    this.current[this.fill++] = v;
    this.length++;
  }

  get(i: number): number {
    const c = Math.floor(i / CHUNK);
    return c < this.full.length ? this.full[c][i % CHUNK] : this.current[i - this.full.length * CHUNK];
  }

  toArray(): Float64Array {
    if (this.full.length === 0 && this.fill === this.current.length) return this.current;
    const out = new Float64Array(this.length);
    let offset = 0;
    for (let k = 0; k < this.full.length; k++) {
      out.set(this.full[k], offset);
      offset += CHUNK;
      this.full[k] = new Float64Array(0);
    }
    out.set(this.current.subarray(0, this.fill), offset);
    this.full = [];
    this.current = new Float64Array(0);
    this.fill = 0;
    return out;
  }

  private makeRoom(): void {
    if (this.current.length < CHUNK) {
      const grown = new Float64Array(Math.min(CHUNK, this.current.length * 2));
      grown.set(this.current);
      this.current = grown;
      return;
    }
    this.full.push(this.current);
    this.current = new Float64Array(CHUNK);
    this.fill = 0;
  }
}
