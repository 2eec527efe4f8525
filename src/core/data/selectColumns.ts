import { MlopsError } from '../errors';

/** Indices of the requested columns within `available` (all of them when none are requested). */
export function selectColumnIndices(path: string, available: string[], requested?: string[]): number[] {
  if (!requested) return available.map((_, i) => i);
  const missing = requested.filter((name) => !available.includes(name));
  if (missing.length > 0) {
    throw new MlopsError(
      `${path} has no column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}.`,
      'bad-input',
      `Its columns are: ${available.join(', ')}.`,
    );
  }
  return requested.map((name) => available.indexOf(name));
}
