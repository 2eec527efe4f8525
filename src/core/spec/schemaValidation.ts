/** Validates a parsed mlops.yaml against schemas/mlops.schema.json and words ajv's errors for people. */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/mlops.schema.json';
import { closestName } from './closestName';
import type { SpecIssue } from './specIssue';
import { TFJS_LAYER_NAMES, TFJS_LAYER_OPTIONS, layerKind } from './tfjsLayers';
import { formatPath, pointerToPath, type PathSegment } from './yamlPositions';

type SchemaIssue = SpecIssue;

export { schema as MLOPS_SCHEMA };

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export function validateAgainstSchema(data: unknown): SchemaIssue[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const typeErrorPaths = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && typeErrorPaths.has(error.instancePath) && !error.propertyName) continue;
    const issue = describe(error, data);
    const id = `${issue.path.join('\u0000')}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return dropRepeatedTypeErrors(issues);
}

/** ajv reports a union-type mismatch once per branch (e.g. `data`); keep the first per path. */
function dropRepeatedTypeErrors(issues: SchemaIssue[]): SchemaIssue[] {
  const typed = new Set<string>();
  return issues.filter((issue) => {
    if (!issue.message.startsWith('wrong type')) return true;
    const key = issue.path.join('\u0000');
    if (typed.has(key)) return false;
    typed.add(key);
    return true;
  });
}

function describe(error: ErrorObject, root: unknown): SchemaIssue {
  const path = pointerToPath(error.instancePath, root);
  const where = formatPath(path);
  const value = error.data;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(path, String(params.additionalProperty), parent, value);
    case 'type':
      return {
        message: `wrong type for ${where}: found ${found(value)}; allowed: ${typeNames(params.type)}`,
        path,
        anchor: { kind: 'value' },
      };
    case 'required':
      return {
        message: `${where} is missing required key '${String(params.missingProperty)}'`,
        path,
        anchor: { kind: 'owner' },
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return {
        message: `invalid value for ${where}: found ${found(value)}; allowed: ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`,
        path,
        anchor: { kind: 'value' },
      };
    }
    case 'pattern':
      return patternIssue(error, path, parent);
    case 'minItems':
    case 'maxItems':
      return { message: itemCountMessage(where, parent), path, anchor: { kind: 'value' } };
    case 'minProperties':
    case 'maxProperties':
      return { message: keyCountMessage(where, parent, value), path, anchor: { kind: 'value' } };
    case 'minLength':
      return { message: `${where} must not be empty`, path, anchor: { kind: 'value' } };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        message: `${where} must be ${String(params.comparison)} ${String(params.limit)} (found ${found(value)})`,
        path,
        anchor: { kind: 'value' },
      };
    default:
      return { message: `${where} ${error.message ?? 'is invalid'}`, path, anchor: { kind: 'value' } };
  }
}

function unknownKey(path: PathSegment[], key: string, parent: Record<string, unknown>, value: unknown): SchemaIssue {
  const where = formatPath(path);
  const allowed = Object.keys((parent.properties as Record<string, unknown>) ?? {});
  const anchor = { kind: 'key' as const, key };
  if (isLayerPath(path)) {
    const kind = layerKind(value as Record<string, unknown>);
    if (kind) {
      const suggestion = didYouMean(key, TFJS_LAYER_OPTIONS);
      return {
        message: `unknown option '${key}' for layer '${kind}' in ${where}; allowed: ${TFJS_LAYER_OPTIONS.join(', ')}${suggestion}`,
        path,
        anchor,
      };
    }
    return {
      message: `unknown layer '${key}' in ${where}; allowed: ${TFJS_LAYER_NAMES.join(', ')}${didYouMean(key, TFJS_LAYER_NAMES)}`,
      path,
      anchor,
    };
  }
  const place = path.length === 0 ? 'at the top level' : `in ${where}`;
  return {
    message: `unknown key '${key}' ${place}; allowed: ${allowed.join(', ')}${didYouMean(key, allowed)}`,
    path,
    anchor,
  };
}

function isLayerPath(path: PathSegment[]): boolean {
  const n = path.length;
  return n >= 3 && typeof path[n - 1] === 'number' && path[n - 2] === 'layers' && path[n - 3] === 'model';
}

function didYouMean(key: string, candidates: readonly string[]): string {
  const best = closestName(key, candidates);
  return best ? ` (did you mean '${best}'?)` : '';
}

function patternIssue(error: ErrorObject, path: PathSegment[], parent: Record<string, unknown>): SchemaIssue {
  const hint =
    typeof parent.patternErrorMessage === 'string'
      ? parent.patternErrorMessage
      : `It must match ${String(parent.pattern)}.`;
  if (error.propertyName !== undefined) {
    return {
      message: `invalid name '${error.propertyName}' in ${formatPath(path)}. ${hint}`,
      path,
      anchor: { kind: 'key', key: error.propertyName },
    };
  }
  return {
    message: `invalid value for ${formatPath(path)}: found ${found(error.data)}. ${hint}`,
    path,
    anchor: { kind: 'value' },
  };
}

function itemCountMessage(where: string, parent: Record<string, unknown>): string {
  const min = parent.minItems as number | undefined;
  const max = parent.maxItems as number | undefined;
  if (min !== undefined && min === max)
    return `${where} needs exactly ${min} items${min === 2 ? ' ([low, high])' : ''}`;
  if (max !== undefined && min === undefined) return `${where} allows at most ${max} items`;
  return `${where} needs at least ${min ?? 1} item${min === 1 ? '' : 's'}`;
}

function keyCountMessage(where: string, parent: Record<string, unknown>, value: unknown): string {
  const names = Object.keys((parent.properties as Record<string, unknown>) ?? {});
  const present = value && typeof value === 'object' ? Object.keys(value) : [];
  if (parent.minProperties === 1 && parent.maxProperties === 1 && names.length > 0) {
    return `${where} needs exactly one of: ${names.join(', ')}${present.length ? ` (found: ${present.join(', ')})` : ''}`;
  }
  return `${where} needs at least one entry`;
}

const TYPE_WORDS: Record<string, string> = { object: 'a map', array: 'a list' };

function typeNames(types: unknown): string {
  const list = Array.isArray(types) ? types : String(types).split(',');
  return list.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

/** A short description of a value as found in the file. */
export function found(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
  return `${typeof value} ${String(value)}`;
}
