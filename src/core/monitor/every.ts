import { MlopsError } from '../errors';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `15m`, `1h`, `2d` → milliseconds (the pattern mlops.yaml `monitors.<name>.every` allows). */
export function parseEvery(text: string): number {
  const m = /^([1-9][0-9]*)(s|m|h|d)$/.exec(text.trim());
  if (!m)
    throw new MlopsError(
      `'${text}' is not a schedule`,
      'bad-input',
      'Use a number and a unit: s, m, h or d, e.g. 30m or 1h.',
    );
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
