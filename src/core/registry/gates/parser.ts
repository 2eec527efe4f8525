/**
 * A recursive-descent parser for gate rules. Precedence, loosest first: or, and, not, comparison (one per
 * operand pair, no chaining), + -, * /, unary minus. Rules are parsed into a tree and interpreted; never eval'd.
 */
import { GateSyntaxError, tokenize, type Token } from './lexer';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';

export type GateExpr =
  | { kind: 'literal'; value: number | string | boolean }
  | { kind: 'name'; path: string }
  | { kind: 'neg'; operand: GateExpr }
  | { kind: 'not'; operand: GateExpr }
  | { kind: 'arith'; op: ArithOp; left: GateExpr; right: GateExpr }
  | { kind: 'compare'; op: CompareOp; left: GateExpr; right: GateExpr }
  | { kind: 'logic'; op: 'and' | 'or'; left: GateExpr; right: GateExpr };

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function parseGate(rule: string): GateExpr {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const isOp = (...values: string[]) => peek().kind === 'op' && values.includes((peek() as { value: string }).value);
  const fail = (message: string, token = peek()): never => {
    throw new GateSyntaxError(rule, message, token.at);
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'end of rule' : `'${String(t.value)}'`);

  const binary =
    <Op extends string>(
      next: () => GateExpr,
      ops: Op[],
      build: (op: Op, left: GateExpr, right: GateExpr) => GateExpr,
    ) =>
    (): GateExpr => {
      let left = next();
      while (isOp(...ops)) {
        const op = (tokens[pos++] as { value: string }).value as Op;
        left = build(op, left, next());
      }
      return left;
    };

  const primary = (): GateExpr => {
    const t = tokens[pos];
    if (t.kind === 'number' || t.kind === 'string' || t.kind === 'boolean') {
      pos += 1;
      return { kind: 'literal', value: t.value };
    }
    if (t.kind === 'name') {
      pos += 1;
      return { kind: 'name', path: t.value };
    }
    if (isOp('(')) {
      pos += 1;
      const inner = orExpr();
      if (!isOp(')')) fail(`expected ')' but found ${describe(peek())}`);
      pos += 1;
      return inner;
    }
    return fail(`expected a value, a name or '(' but found ${describe(t)}`);
  };
  const unary = (): GateExpr => {
    if (isOp('-')) {
      pos += 1;
      return { kind: 'neg', operand: unary() };
    }
    return primary();
  };
  const product = binary(unary, ['*', '/'] as ArithOp[], (op, left, right) => ({ kind: 'arith', op, left, right }));
  const sum = binary(product, ['+', '-'] as ArithOp[], (op, left, right) => ({ kind: 'arith', op, left, right }));
  const comparison = (): GateExpr => {
    const left = sum();
    if (peek().kind === 'op' && COMPARE.has((peek() as { value: string }).value)) {
      const op = (tokens[pos++] as { value: CompareOp }).value;
      const right = sum();
      if (peek().kind === 'op' && COMPARE.has((peek() as { value: string }).value))
        fail("comparisons do not chain; join them with 'and'");
      return { kind: 'compare', op, left, right };
    }
    return left;
  };
  const negation = (): GateExpr => {
    if (isOp('not')) {
      pos += 1;
      return { kind: 'not', operand: negation() };
    }
    return comparison();
  };
  const andExpr = binary(negation, ['and'], (op, left, right) => ({ kind: 'logic', op, left, right }));
  const orExpr = binary(andExpr, ['or'], (op, left, right) => ({ kind: 'logic', op, left, right }));

  if (tokens.length === 1) fail('empty rule');
  const tree = orExpr();
  if (peek().kind !== 'end') fail(`unexpected ${describe(peek())}`);
  return tree;
}

/** Every name a rule reads, in order of appearance. */
export function namesIn(expr: GateExpr, out: string[] = []): string[] {
  switch (expr.kind) {
    case 'name':
      if (!out.includes(expr.path)) out.push(expr.path);
      break;
    case 'neg':
    case 'not':
      namesIn(expr.operand, out);
      break;
    case 'arith':
    case 'compare':
    case 'logic':
      namesIn(expr.left, out);
      namesIn(expr.right, out);
      break;
    case 'literal':
      break;
  }
  return out;
}
