/** Tokens of the gate language: numbers, strings, booleans, dotted names, operators and parentheses. */
import { MlopsError } from '../../errors';

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

/** Two-character operators first so `>=` is not read as `>` then `=`. */
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '(', ')', '!'];
const WORD_OPERATORS = new Set(['and', 'or', 'not']);
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/;

export class GateSyntaxError extends MlopsError {
  constructor(rule: string, message: string, readonly at: number) {
    super(`gate '${rule}': ${message} at column ${at + 1}`, 'bad-input', 'Gates compare metrics, e.g. "val_accuracy >= 0.9 and drift.share < 0.3"; quote names with odd characters in backticks.');
    this.name = 'GateSyntaxError';
  }
}

export function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const rest = rule.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    if (rest[0] === '"' || rest[0] === "'") {
      const end = rest.indexOf(rest[0], 1);
      if (end < 0) throw new GateSyntaxError(rule, 'unterminated string', i);
      tokens.push({ kind: 'string', value: rest.slice(1, end), at: i });
      i += end + 1;
      continue;
    }
    if (rest[0] === '`') {
      const end = rest.indexOf('`', 1);
      if (end <= 1) throw new GateSyntaxError(rule, end < 0 ? 'unterminated `name`' : 'empty `name`', i);
      tokens.push({ kind: 'name', value: rest.slice(1, end), at: i });
      i += end + 1;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      const word = name[0];
      if (word === 'true' || word === 'false') tokens.push({ kind: 'boolean', value: word === 'true', at: i });
      else if (WORD_OPERATORS.has(word)) tokens.push({ kind: 'op', value: word, at: i });
      else tokens.push({ kind: 'name', value: word, at: i });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new GateSyntaxError(rule, `unexpected '${rest[0]}'`, i);
    tokens.push({ kind: 'op', value: op === '&&' ? 'and' : op === '||' ? 'or' : op === '!' ? 'not' : op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: rule.length });
  return tokens;
}
