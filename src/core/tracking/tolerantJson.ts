/**
 * Python's json module (and so dvclive) writes NaN, Infinity and -Infinity as bare tokens, which JSON.parse
 * rejects. This parser accepts them outside strings.
 */
const BARE = /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g;
const SENTINEL = '__mlops_nonfinite__:';

export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const replaced = text.replace(BARE, (m, str: string | undefined, bare: string | undefined) =>
      str !== undefined ? m : `"${SENTINEL}${bare}"`,
    );
    return JSON.parse(replaced, (_k, v) =>
      typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v,
    );
  }
}

/** The inverse: NaN/±Infinity as bare tokens, like Python's json.dumps. */
export function stringifyTolerantJson(value: unknown, space = 2): string {
  const text = JSON.stringify(
    value,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `${SENTINEL}${v}` : v),
    space,
  );
  return text.replace(new RegExp(`"${SENTINEL}(-?Infinity|NaN)"`, 'g'), '$1');
}
