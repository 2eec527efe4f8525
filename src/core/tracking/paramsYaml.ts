/**
 * Writes params as YAML without a YAML library, so the zero-dependency Node client can share this code.
 * Mappings are written in block style; every other value in JSON flow style, which YAML 1.2 reads as is.
 */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;

function scalar(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (value === Infinity) return '.inf';
    if (value === -Infinity) return '-.inf';
    return String(value);
  }
  if (value === undefined) return 'null';
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function key(k: string): string {
  return PLAIN_KEY.test(k) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off'].includes(k.toLowerCase()) ? k : JSON.stringify(k);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
}

export function toParamsYaml(params: Record<string, unknown>, indent = ''): string {
  let out = '';
  for (const [k, v] of Object.entries(params)) {
    if (isMapping(v)) out += `${indent}${key(k)}:\n${toParamsYaml(v, indent + '  ')}`;
    else out += `${indent}${key(k)}: ${scalar(v)}\n`;
  }
  return indent === '' && out === '' ? '{}\n' : out;
}
