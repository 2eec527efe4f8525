/**
 * Counts the characters that `split`, `indexOf` and `substring` look at in long strings (≥ 1 Mi) while `run` goes:
 * a parser that re-scans a growing buffer for each chunk examines far more characters than the file holds.
 */
export async function charsExamined(run: () => Promise<unknown>): Promise<number> {
  const proto = String.prototype;
  const { split, indexOf, substring } = proto;
  let examined = 0;
  proto.split = function (this: string, ...args: Parameters<typeof split>) {
    if (this.length >= 1 << 20) examined += this.length;
    return split.apply(this, args);
  } as typeof split;
  proto.indexOf = function (this: string, search: string, from = 0) {
    const found = indexOf.call(this, search, from);
    if (this.length >= 1 << 20) examined += (found < 0 ? this.length : found + search.length) - Math.max(0, from);
    return found;
  };
  proto.substring = function (this: string, start: number, end?: number) {
    const out = substring.call(this, start, end);
    if (this.length >= 1 << 20) examined += out.length;
    return out;
  };
  try {
    await run();
  } finally {
    Object.assign(proto, { split, indexOf, substring });
  }
  return examined;
}
