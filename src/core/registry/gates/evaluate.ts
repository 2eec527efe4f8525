/** Interprets parsed gate rules against a scope of named values; a rule whose inputs are missing fails, with why. */
import { throwIfAborted } from '../../errors';
import { namesIn, parseGate, type GateExpr } from './parser';

export type GateValue = number | string | boolean;
export type Lookup = { ok: true; value: GateValue } | { ok: false; reason: string };

/** Resolves the names a rule uses (`val_accuracy`, `drift.share`, `production.val_accuracy`…). */
export interface GateScope {
  lookup(path: string): Promise<Lookup>;
}

export interface GateResult {
  rule: string;
  passed: boolean;
  /** The value of every name the rule read (null where it had none). */
  values: Record<string, GateValue | null>;
  /** Why a rule failed when it could not be decided: a missing value, a type mismatch, division by zero. */
  reason?: string;
}

export interface GateReport {
  passed: boolean;
  results: GateResult[];
}

class Undecidable extends Error {}

function typeName(v: GateValue): string {
  return typeof v === 'number' ? 'a number' : typeof v === 'string' ? 'a string' : 'a boolean';
}

function number(v: GateValue, what: string): number {
  if (typeof v !== 'number')
    throw new Undecidable(`${what} needs numbers but got ${typeName(v)} (${JSON.stringify(v)})`);
  return v;
}

function boolean(v: GateValue, what: string): boolean {
  if (typeof v !== 'boolean')
    throw new Undecidable(`'${what}' needs true/false but got ${typeName(v)} (${JSON.stringify(v)})`);
  return v;
}

async function evaluate(expr: GateExpr, read: (path: string) => Promise<GateValue>): Promise<GateValue> {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name':
      return read(expr.path);
    case 'neg':
      return -number(await evaluate(expr.operand, read), "'-'");
    case 'not':
      return !boolean(await evaluate(expr.operand, read), 'not');
    case 'logic': {
      const left = boolean(await evaluate(expr.left, read), expr.op);
      if (expr.op === 'and' && !left) return false;
      if (expr.op === 'or' && left) return true;
      return boolean(await evaluate(expr.right, read), expr.op);
    }
    case 'arith': {
      const a = number(await evaluate(expr.left, read), `'${expr.op}'`);
      const b = number(await evaluate(expr.right, read), `'${expr.op}'`);
      if (expr.op === '/' && b === 0) throw new Undecidable('division by zero');
      return expr.op === '+' ? a + b : expr.op === '-' ? a - b : expr.op === '*' ? a * b : a / b;
    }
    case 'compare': {
      const a = await evaluate(expr.left, read);
      const b = await evaluate(expr.right, read);
      if (expr.op === '==' || expr.op === '!=') {
        if (typeof a !== typeof b) throw new Undecidable(`'${expr.op}' compares ${typeName(a)} with ${typeName(b)}`);
        return expr.op === '==' ? a === b : a !== b;
      }
      if (typeof a === 'string' && typeof b === 'string') return compare(expr.op, a, b);
      return compare(expr.op, number(a, `'${expr.op}'`), number(b, `'${expr.op}'`));
    }
  }
}

function compare<T extends number | string>(op: '<' | '<=' | '>' | '>=', a: T, b: T): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** Evaluates one parsed rule. Never throws for missing data: the rule fails with the reason instead. */
export async function evaluateRule(rule: string, expr: GateExpr, scope: GateScope): Promise<GateResult> {
  const values: Record<string, GateValue | null> = {};
  const read = async (path: string): Promise<GateValue> => {
    const found = await scope.lookup(path);
    values[path] = found.ok ? found.value : null;
    if (!found.ok) throw new Undecidable(found.reason);
    return found.value;
  };
  try {
    const result = await evaluate(expr, read);
    if (typeof result !== 'boolean')
      return {
        rule,
        passed: false,
        values,
        reason: `the rule gives ${typeName(result)} (${JSON.stringify(result)}), not true/false`,
      };
    return { rule, passed: result, values };
  } catch (err) {
    if (err instanceof Undecidable) return { rule, passed: false, values, reason: err.message };
    throw err;
  }
}

/**
 * Parses every rule first (a malformed one throws GateSyntaxError: bad input, nothing is evaluated), then
 * evaluates each. An empty list passes.
 */
export async function evaluateGates(
  rules: readonly string[],
  scope: GateScope,
  signal?: AbortSignal,
): Promise<GateReport> {
  const parsed = rules.map((rule) => ({ rule, expr: parseGate(rule) }));
  const results: GateResult[] = [];
  for (const { rule, expr } of parsed) {
    throwIfAborted(signal, 'gate evaluation');
    results.push(await evaluateRule(rule, expr, scope));
  }
  return { passed: results.every((r) => r.passed), results };
}

/** Names the rules read, for deciding what a scope must compute (e.g. whether drift is needed). */
export function namesInRules(rules: readonly string[]): string[] {
  const out: string[] = [];
  for (const rule of rules) namesIn(parseGate(rule), out);
  return out;
}
