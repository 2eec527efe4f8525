/** `--param k=v` overrides: parsing with type coercion, dotted keys for nested params, and merging. */
import { MlopsError } from '../errors';
import type { Params } from '../tracking/types';

export interface ParamOverride {
  /** The key as written, e.g. "optimizer.lr". */
  key: string;
  path: string[];
  value: unknown;
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const LEADING_ZERO_INTEGER = /^[-+]?0\d+$/;

/**
 * Parses "lr=0.01". Values become numbers, booleans, null, or JSON arrays/objects when they look like them,
 * otherwise strings ("adam", "007"). A JSON string ("\"0.01\"") forces text.
 */
export function parseParamOverride(text: string): ParamOverride {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new MlopsError(
      `malformed param override '${text}': expected NAME=VALUE`,
      'bad-input',
      'For example: --param lr=0.01 or --param optimizer.lr=0.01',
    );
  }
  const key = text.slice(0, eq).trim();
  const path = key.split('.');
  const bad = path.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined) {
    throw new MlopsError(
      `malformed param name '${key}' in '${text}'`,
      'bad-input',
      'Param names use letters, digits, _ and -, with dots for nested params (optimizer.lr).',
    );
  }
  return { key, path, value: coerceParamValue(text.slice(eq + 1), key) };
}

export function coerceParamValue(raw: string, key = 'param'): unknown {
  const text = raw.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (NUMBER.test(text) && !LEADING_ZERO_INTEGER.test(text)) return Number(text);
  if (/^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new MlopsError(
        `malformed JSON in param ${key}: ${(err as Error).message}`,
        'bad-input',
        `Values starting with [, { or " are read as JSON, e.g. ${key}=[64,32] or ${key}='{"a":1}'.`,
      );
    }
  }
  return raw;
}

/** Parses several overrides into one nested params object; later ones win. */
export function parseParamOverrides(texts: readonly string[]): Params {
  const params: Params = {};
  for (const text of texts) {
    const { path, value } = parseParamOverride(text);
    setParam(params, path, value);
  }
  return params;
}

/** Sets a nested param, replacing anything in the way that is not a map. */
export function setParam(target: Params, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (!isPlainObject(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Defaults overlaid with overrides: maps merge key by key, anything else (lists included) is replaced. */
export function mergeParams(defaults: Params, overrides: Params): Params {
  const merged: Params = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] =
      isPlainObject(value) && isPlainObject(merged[key]) ? mergeParams(merged[key] as Params, value as Params) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
