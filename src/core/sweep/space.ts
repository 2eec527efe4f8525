/** Turns a spec's `sweep.space` (and `conditions`) into a checked SearchSpace; every mistake is an MlopsError with a fix. */
import { MlopsError } from '../errors';
import type { SearchDimension, SweepSpec } from '../spec/types';
import type { Condition, Dimension, SearchSpace, SweepMethod } from './types';

/** A problem with one param of the space (`param` null: the space as a whole); `key` is the dimension kind or 'conditions'. */
export interface SpaceProblem {
  param: string | null;
  key: string | null;
  message: string;
  hint: string;
}

const RANGE_KINDS = ['uniform', 'log', 'loguniform', 'int', 'logint'] as const;

function dimensionOf(name: string, raw: SearchDimension): Dimension | SpaceProblem {
  const entries = Object.entries(raw ?? {});
  if (entries.length !== 1) {
    return {
      param: name,
      key: null,
      message: `sweep dimension '${name}' needs exactly one of: values, uniform, log, loguniform, int, logint`,
      hint: 'Write e.g. lr: {log: [0.0001, 0.1]}.',
    };
  }
  const [kind, spec] = entries[0] as [string, unknown];
  if (kind === 'values') {
    if (!Array.isArray(spec) || spec.length === 0)
      return {
        param: name,
        key: kind,
        message: `sweep dimension '${name}' has no values`,
        hint: 'List at least one value: values: [a, b].',
      };
    return { name, kind: 'categorical', choices: spec };
  }
  if (!(RANGE_KINDS as readonly string[]).includes(kind)) {
    return {
      param: name,
      key: kind,
      message: `sweep dimension '${name}' has unknown kind '${kind}'`,
      hint: 'Use values, uniform, log, loguniform, int or logint.',
    };
  }
  const range = spec as unknown[];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return {
      param: name,
      key: kind,
      message: `sweep range for '${name}' must be [low, high] with two finite numbers`,
      hint: `Write ${kind}: [low, high].`,
    };
  }
  const [low, high] = range as [number, number];
  const isInt = kind === 'int' || kind === 'logint';
  const log = kind === 'log' || kind === 'loguniform' || kind === 'logint';
  if (isInt && !(Number.isInteger(low) && Number.isInteger(high))) {
    return {
      param: name,
      key: kind,
      message: `${kind} range for '${name}' must hold integers (found [${low}, ${high}])`,
      hint: 'Use uniform: [low, high] for a float range.',
    };
  }
  if (low > high || (low === high && !isInt)) {
    return {
      param: name,
      key: kind,
      message: `sweep range for '${name}' must be [low, high] with low < high (found [${low}, ${high}])`,
      hint: 'Swap the bounds, or use values: [x] for a constant.',
    };
  }
  if (log && low <= 0) {
    return {
      param: name,
      key: kind,
      message: `${kind} range for '${name}' must be positive (found low ${low})`,
      hint: 'A log scale needs low > 0, e.g. [1e-5, 1e-1]; use uniform for ranges that include 0.',
    };
  }
  return isInt ? { name, kind: 'int', low, high, log } : { name, kind: 'float', low, high, log };
}

function conditionOf(
  param: string,
  raw: Record<string, unknown>,
  dimensions: Map<string, Dimension>,
): Condition | SpaceProblem {
  const entries = Object.entries(raw ?? {});
  const where = { param, key: 'conditions' };
  if (!dimensions.has(param))
    return {
      ...where,
      message: `condition on '${param}', which is not in the sweep space`,
      hint: `Add '${param}' to space, or remove its condition.`,
    };
  if (entries.length !== 1)
    return {
      ...where,
      message: `condition of '${param}' must name exactly one param`,
      hint: 'Write e.g. conditions: {momentum: {optimizer: [sgd]}}.',
    };
  const [on, wanted] = entries[0];
  const parent = dimensions.get(on);
  if (!parent || parent.kind !== 'categorical') {
    return {
      ...where,
      message: `condition of '${param}' depends on '${on}', which is not a values dimension of the space`,
      hint: `Conditions can depend on a param swept with values: [...].`,
    };
  }
  if (on === param) return { ...where, message: `'${param}' cannot depend on itself`, hint: 'Name another param.' };
  const values = Array.isArray(wanted) ? wanted : [wanted];
  const unknown = values.filter((v) => !parent.choices.some((c) => sameValue(c, v)));
  if (unknown.length)
    return {
      ...where,
      message: `condition of '${param}' names ${unknown.map((v) => JSON.stringify(v)).join(', ')}, not among the values of '${on}'`,
      hint: `'${on}' takes ${parent.choices.map((v) => JSON.stringify(v)).join(', ')}.`,
    };
  return { on, values };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Every problem of the space for `method` (none: the space is usable). */
export function spaceProblems(sweep: Pick<SweepSpec, 'space' | 'conditions'>, method: SweepMethod): SpaceProblem[] {
  return analyse(sweep, method).problems;
}

function analyse(
  sweep: Pick<SweepSpec, 'space' | 'conditions'>,
  method: SweepMethod,
): { space: SearchSpace; problems: SpaceProblem[] } {
  const problems: SpaceProblem[] = [];
  const dimensions = new Map<string, Dimension>();
  const rawSpace = sweep.space ?? {};
  if (Object.keys(rawSpace).length === 0) {
    problems.push({
      param: null,
      key: null,
      message: 'the sweep space is empty',
      hint: 'Add at least one dimension under sweep.space, e.g. lr: {log: [0.0001, 0.1]}.',
    });
  }
  for (const [name, raw] of Object.entries(rawSpace)) {
    const dimension = dimensionOf(name, raw);
    if ('message' in dimension) problems.push(dimension);
    else dimensions.set(name, dimension);
  }
  if (method === 'grid') {
    for (const d of dimensions.values()) {
      if (d.kind === 'float') {
        problems.push({
          param: d.name,
          key: d.log ? 'log' : 'uniform',
          message: `a grid cannot enumerate the float range of '${d.name}'`,
          hint: 'Use values: [...] or int: [low, high] for a grid, or method: random or tpe.',
        });
      }
    }
  }
  const conditions: Record<string, Condition> = {};
  for (const [param, raw] of Object.entries(sweep.conditions ?? {})) {
    const condition = conditionOf(param, raw, dimensions);
    if ('message' in condition) problems.push(condition);
    else conditions[param] = condition;
  }
  for (const [param, condition] of Object.entries(conditions)) {
    if (conditions[condition.on])
      problems.push({
        param,
        key: 'conditions',
        message: `'${param}' depends on '${condition.on}', which is itself conditional`,
        hint: 'Conditions are one level deep.',
      });
  }
  return { space: { dimensions: orderParentsFirst([...dimensions.values()], conditions), conditions }, problems };
}

function orderParentsFirst(dimensions: Dimension[], conditions: Record<string, Condition>): Dimension[] {
  return [...dimensions.filter((d) => !conditions[d.name]), ...dimensions.filter((d) => conditions[d.name])];
}

/** The space of a sweep block, or the first problem as an MlopsError (exit 2 in the CLI). */
export function parseSearchSpace(sweep: Pick<SweepSpec, 'space' | 'conditions'>, method: SweepMethod): SearchSpace {
  const { space, problems } = analyse(sweep, method);
  if (problems.length) throw new MlopsError(problems[0].message, 'bad-input', problems[0].hint);
  return space;
}

/** Whether a param takes part in a trial that has `params` (its condition, if any, holds). */
export function isActive(space: SearchSpace, name: string, params: Record<string, unknown>): boolean {
  const condition = space.conditions[name];
  return !condition || condition.values.some((v) => sameValue(v, params[condition.on]));
}
