/** {"a": {"b": 1}} → {"a.b": 1} (arrays stay values). Used for table columns and metric names. */
export function flatten(
  obj: Record<string, unknown>,
  sep = '.',
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}${sep}${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatten(v as Record<string, unknown>, sep, name, out);
    else out[name] = v;
  }
  return out;
}

/** Sets a nested value by path segments, creating objects on the way. */
export function setPath(obj: Record<string, unknown>, segments: string[], value: unknown): void {
  let node = obj;
  for (const seg of segments.slice(0, -1)) {
    const next = node[seg];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = value;
}
