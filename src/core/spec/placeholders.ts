/** `${params.NAME}` placeholders in commands, cwd and env values. */
import { MlopsError } from '../errors';

const PLACEHOLDER = /\$\{params\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}/g;

/** The param paths (e.g. "lr", "optimizer.lr") that a text refers to, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]);
}

/** Finds a param by dotted path: a flat key "a.b" first, then nested objects. */
export function lookupParam(params: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(params, path)) return { found: true, value: params[path] };
  let value: unknown = params;
  for (const segment of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, segment)) {
      return { found: false, value: undefined };
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return { found: true, value };
}

/** A param value as command-line text: strings as they are, everything else as JSON (0.001, true, [1,2]). */
export function paramText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replaces every placeholder in `text`. `quote` wraps each substituted value (shell commands quote them).
 * A placeholder without a param is an error naming the params that do exist.
 */
export function interpolate(text: string, params: Record<string, unknown>, quote: (s: string) => string = (s) => s): string {
  return text.replace(PLACEHOLDER, (_match, path: string) => {
    const { found, value } = lookupParam(params, path);
    if (!found) {
      const known = Object.keys(params);
      throw new MlopsError(
        `\${params.${path}} refers to a param that is not set`,
        'bad-input',
        known.length ? `Known params: ${known.join(', ')}. Add it under params or pass --param ${path}=VALUE.` : `Add it under params or pass --param ${path}=VALUE.`,
      );
    }
    return quote(paramText(value));
  });
}
