/** Tokens read as a missing value (pandas' default set, which covers empty, NA, NaN and null). */
const MISSING_TOKENS = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const INFINITY_TOKENS = new Map<string, number>([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['Inf', Infinity],
  ['+Inf', Infinity],
  ['-Inf', -Infinity],
  ['INF', Infinity],
  ['-INF', -Infinity],
  ['infinity', Infinity],
  ['-infinity', -Infinity],
  ['Infinity', Infinity],
  ['+Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

export function isMissingToken(cell: string): boolean {
  return MISSING_TOKENS.has(cell) || (cell.length > 0 && cell.trim() === '');
}

/**
 * Parses a decimal number cell. Returns NaN when the cell is not a number (the caller has already ruled out
 * missing tokens). Hex/octal/binary literals, which `Number()` would accept, are text.
 */
export function parseNumberCell(cell: string): number {
  const n = Number(cell);
  if (n !== n) return INFINITY_TOKENS.get(cell.trim()) ?? NaN;
  if (cell.length > 1) {
    const c = cell.charCodeAt(1) | 0x20;
    if (c === 0x78 /* x */ || c === 0x6f /* o */ || c === 0x62 /* b */) return NaN;
  }
  return n;
}
