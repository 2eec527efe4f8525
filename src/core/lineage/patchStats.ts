/**
 * Counts files, added and deleted lines and binary files of a git patch as it streams by, so a 50 MB diff is
 * summarised without a second `git diff --numstat` pass and without holding it in memory.
 * Inside a hunk every line starts with ' ', '+', '-' or '\', so a line starting with "diff --git" always
 * opens the next file and "+++"/"---" are headers only before a file's first "@@".
 */
const LINE_HEAD = 32;

export class PatchStatsCounter {
  files = 0;
  insertions = 0;
  deletions = 0;
  binaryFiles = 0;
  private inHunk = false;
  /** The first bytes of a line not yet ended: only a line's start decides what it is. */
  private pending: Buffer | null = null;

  push(chunk: Buffer): void {
    let start = 0;
    if (this.pending) {
      const nl = chunk.indexOf(10);
      const upto = nl === -1 ? chunk.length : nl;
      if (this.pending.length < LINE_HEAD)
        this.pending = Buffer.concat([
          this.pending,
          chunk.subarray(0, Math.min(upto, LINE_HEAD - this.pending.length)),
        ]);
      if (nl === -1) return;
      this.line(this.pending, 0, this.pending.length);
      this.pending = null;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length)
      this.pending = Buffer.from(chunk.subarray(start, Math.min(chunk.length, start + LINE_HEAD)));
  }

  end(): void {
    if (this.pending) this.line(this.pending, 0, this.pending.length);
    this.pending = null;
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (end === start) return;
    const first = buf[start];
    if (first === 0x64 /* d */ && startsWith(buf, start, end, 'diff --git ')) {
      this.files++;
      this.inHunk = false;
    } else if (this.inHunk) {
      if (first === 0x2b /* + */) this.insertions++;
      else if (first === 0x2d /* - */) this.deletions++;
    } else if (first === 0x40 /* @ */ && startsWith(buf, start, end, '@@ ')) {
      this.inHunk = true;
    } else if (
      (first === 0x47 /* G */ && startsWith(buf, start, end, 'GIT binary patch')) ||
      (first === 0x42 /* B */ && startsWith(buf, start, end, 'Binary files '))
    ) {
      this.binaryFiles++;
    }
  }
}

function startsWith(buf: Buffer, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix.charCodeAt(i)) return false;
  return true;
}
