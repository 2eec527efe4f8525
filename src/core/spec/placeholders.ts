/** `${params.NAME}` placeholders in commands, cwd and env values. */
import { MlopsError } from '../errors';

const PLACEHOLDER = /\$\{params\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}/g;

const OPENER = '${params.';
const WHOLE = /^\$\{params\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\}/;

/** Each `${params.` that opens no well-formed placeholder: unclosed (`${params.lr`) or with a bad name. */
export function malformedPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(OPENER); at >= 0; at = text.indexOf(OPENER, at + OPENER.length)) {
    const rest = text.slice(at);
    if (WHOLE.test(rest)) continue;
    const close = rest.indexOf('}');
    out.push(close >= 0 && !/\s/.test(rest.slice(0, close)) ? rest.slice(0, close + 1) : /^\S*/.exec(rest)![0]);
  }
  return out;
}

/** What is wrong with one of malformedPlaceholders' findings, and how to write it. */
export function malformedPlaceholderMessage(found: string): string {
  return found.endsWith('}')
    ? `malformed placeholder '${found}': a param name uses letters, digits, '_', '-' and '.', as in \${params.optimizer.lr}`
    : `unclosed placeholder '${found}': close it with '}', as in ${found}}`;
}

/** The param paths (e.g. "lr", "optimizer.lr") that a text refers to, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]);
}

/** Finds a param by dotted path: a flat key "a.b" first, then nested objects. */
export function lookupParam(params: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(params, path)) return { found: true, value: params[path] };
  let value: unknown = params;
  for (const segment of path.split('.')) {
    if (
      !value ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      !Object.prototype.hasOwnProperty.call(value, segment)
    ) {
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
 * A placeholder without a param is an error naming the params that do exist; so is a malformed one.
 */
export function interpolate(
  text: string,
  params: Record<string, unknown>,
  quote: (s: string) => string = (s) => s,
): string {
  const [malformed] = malformedPlaceholders(text);
  if (malformed !== undefined)
    throw new MlopsError(
      malformedPlaceholderMessage(malformed),
      'bad-input',
      'Fix it in mlops.yaml; placeholders are written ${params.NAME}.',
    );
  return text.replace(PLACEHOLDER, (_match, path: string) => {
    const { found, value } = lookupParam(params, path);
    if (!found) {
      const known = Object.keys(params);
      throw new MlopsError(
        `\${params.${path}} refers to a param that is not set`,
        'bad-input',
        known.length
          ? `Known params: ${known.join(', ')}. Add it under params or pass --param ${path}=VALUE.`
          : `Add it under params or pass --param ${path}=VALUE.`,
      );
    }
    return quote(paramText(value));
  });
}
