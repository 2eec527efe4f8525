/** Tokens of the gate language: numbers, strings, booleans, dotted names, operators and parentheses. */
import { MlopsError } from '../../errors';
import { tokenize as tokenizeExpression, type Token } from '../../expr/tokenizer';

export type { Token };

const OPERATORS = ['!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '!'];

export class GateSyntaxError extends MlopsError {
  constructor(
    rule: string,
    message: string,
    readonly at: number,
  ) {
    super(
      `gate '${rule}': ${message} at column ${at + 1}`,
      'bad-input',
      'Gates compare metrics, e.g. "val_accuracy >= 0.9 and drift.share < 0.3"; quote names with odd characters in backticks.',
    );
    this.name = 'GateSyntaxError';
  }
}

/** `=` and `==` both read as `==`; `&&`, `||`, `!` as `and`, `or`, `not` (src/core/expr/tokenizer.ts). */
export function tokenize(rule: string): Token[] {
  return tokenizeExpression(rule, {
    operators: OPERATORS,
    words: 'identifiers',
    error: (message, at) => new GateSyntaxError(rule, message, at),
  });
}
