/** Counts each named invariant's checks and keeps a few failing examples (with what reproduces them). */
export interface InvariantCount {
  name: string;
  checked: number;
  failed: number;
  examples: string[];
}

const MAX_EXAMPLES = 4;

export class Tally {
  private readonly invariants = new Map<string, InvariantCount>();
  private readonly figures: string[] = [];

  constructor(readonly section: string) {}

  /** Records one check of `invariant`; `detail` (built only on failure) says what broke and how to reproduce it. */
  check(invariant: string, ok: boolean, detail?: () => string): boolean {
    const entry = this.invariants.get(invariant) ?? { name: invariant, checked: 0, failed: 0, examples: [] };
    this.invariants.set(invariant, entry);
    entry.checked++;
    if (!ok) {
      entry.failed++;
      const example = detail ? detail() : '(no detail)';
      if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example)) entry.examples.push(example);
    }
    return ok;
  }

  figure(line: string): void {
    this.figures.push(line);
  }

  get counts(): InvariantCount[] {
    return [...this.invariants.values()];
  }

  print(out: NodeJS.WritableStream = process.stdout): void {
    out.write(`\n== ${this.section} ==\n`);
    for (const f of this.figures) out.write(`  ${f}\n`);
    for (const inv of this.invariants.values()) {
      const mark = inv.failed === 0 ? 'ok  ' : 'FAIL';
      out.write(
        `  [${mark}] ${inv.name}: ${inv.failed === 0 ? `${inv.checked} checked` : `${inv.failed} of ${inv.checked} violated`}\n`,
      );
      for (const e of inv.examples) out.write(`         e.g. ${e.replace(/\n/g, '\n              ')}\n`);
    }
  }
}

/** A small seeded PRNG, so every choice of a run of the harness is reproducible from its seed. */
export { mulberry32 as rng } from '../../../src/core/random/seededRandom';

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns a value other than undefined, or `timeoutMs` passes (then undefined). */
export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  pollMs = 50,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(pollMs);
  }
}
