/** What the events of one run folder amount to: scalar series, hparams, and what was skipped, with counts. */
export interface Series {
  steps: number[];
  wallMs: number[];
  values: number[];
}

export class EventCollector {
  readonly series = new Map<string, Series>();
  readonly params: Record<string, unknown> = {};
  /** Plugin of each tag, from the first value that carried metadata (writers send it once per tag). */
  readonly pluginOfTag = new Map<string, string>();
  /** Skipped values by what they were ("plugin 'images'", "histogram", "graph"…), each with a count. */
  readonly skipped = new Map<string, number>();
  /** Records whose CRC checked but whose bytes are not an Event. */
  undecodable = 0;
  firstWallMs = Infinity;
  lastWallMs = -Infinity;

  add(tag: string, step: number, wallMs: number, value: number): void {
    let s = this.series.get(tag);
    if (!s) {
      s = { steps: [], wallMs: [], values: [] };
      this.series.set(tag, s);
    }
    s.steps.push(step);
    s.wallMs.push(wallMs);
    s.values.push(value);
  }

  seen(wallMs: number): void {
    if (wallMs < this.firstWallMs) this.firstWallMs = wallMs;
    if (wallMs > this.lastWallMs) this.lastWallMs = wallMs;
  }

  skip(what: string, count = 1): void {
    this.skipped.set(what, (this.skipped.get(what) ?? 0) + count);
  }

  get points(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.steps.length;
    return n;
  }
}
