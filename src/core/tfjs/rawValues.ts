/**
 * Reading one raw cell the same way whether it comes from a table read off disk (numbers already parsed, text
 * as strings) or from a JSON row sent to a served model (numbers, strings, booleans, arrays, null).
 */
import { isMissingToken, parseNumberCell } from '../data/cells';

/** NaN when missing or not a number. Booleans count as 1/0. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (isMissingToken(value)) return NaN;
    const v = value.trim().toLowerCase();
    if (v === 'true') return 1;
    if (v === 'false') return 0;
    return parseNumberCell(value.trim());
  }
  return NaN;
}

export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return isMissingToken(value);
  return false;
}

/**
 * The category key of a value. With `numeric` (every category seen in training was a number) numbers are
 * normalised, so 1, "1" and "1.0" are the same category.
 */
export function toCategory(value: unknown, numeric: boolean): string | null {
  if (isMissing(value)) return null;
  if (numeric) {
    const n = toNumber(value);
    if (!Number.isNaN(n)) return String(n);
  }
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Parses an array cell: a JSON array "[0.1, 0.2]", or numbers separated by spaces, commas, semicolons or pipes. */
export function toNumberArray(value: unknown): number[] | null {
  if (isMissing(value)) return null;
  if (Array.isArray(value)) return value.flat(Infinity).map(toNumber);
  if (typeof value === 'number') return [value];
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  if (text === '') return [];
  return text
    .split(/[\s,;|[\]]+/)
    .filter((t) => t !== '')
    .map((t) => parseNumberCell(t));
}
