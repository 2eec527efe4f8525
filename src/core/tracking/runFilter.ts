import type { RunSummary } from './types';
import { columnValue, sameValue } from './runColumns';
import { tokenize as tokenizeExpression, type Token } from '../expr/tokenizer';

/**
 * The runs table's filter language: free text plus comparisons, e.g.
 *   `val_accuracy > 0.9 lr < 0.01 status = completed`, `experiment ~ mlp or tags.team = vision`, `not (loss = nan)`.
 * Juxtaposed terms, `,`, `and` and `&&` mean AND; `or`/`||` mean OR; `not` negates. Operators: = (or ==) != > >= < <=,
 * `~` (contains) and `!~`. Tokens come from the tokenizer the gates share (src/core/expr/tokenizer.ts). A bare word or quoted string matches id, experiment, status, command, commit and tags.
 */
export type RunPredicate = (run: RunSummary) => boolean;

export type FilterResult =
  { ok: true; predicate: RunPredicate; empty: boolean } | { ok: false; message: string; position: number };

export interface FieldCatalogue {
  params: ReadonlySet<string>;
  metrics: ReadonlySet<string>;
}

const RUN_FIELDS = new Set(['status', 'experiment', 'id', 'started', 'duration', 'commit', 'tags', 'step']);
/** Besides `=`/`==` (one operator, read as `==`), `and`/`or`/`not` and `&&`/`||`, which the tokenizer knows. */
const OPERATORS = ['>=', '<=', '!=', '!~', '>', '<', '~', '(', ')', ','];
const COMPARISONS = new Set(['==', '!=', '>', '>=', '<', '<=', '~', '!~']);
type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~';

class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  return tokenizeExpression(text, {
    operators: OPERATORS,
    words: 'bare',
    error: (message, at) => new FilterSyntaxError(message, at),
  });
}

const isOp = (t: Token, ...values: string[]) => t.kind === 'op' && values.includes(t.value);

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: FieldCatalogue,
  ) {}

  parse(): RunPredicate {
    const predicate = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new FilterSyntaxError(isOp(t, ')') ? "unmatched ')'" : 'unexpected text', t.at);
    return predicate;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private or(): RunPredicate {
    const parts = [this.and()];
    while (isOp(this.peek(), 'or')) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (run) => parts.some((p) => p(run));
  }

  private and(): RunPredicate {
    const parts = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (isOp(t, 'and', ',')) {
        this.i++;
        parts.push(this.unary());
      } else if (t.kind === 'end' || isOp(t, 'or', ')')) {
        break;
      } else {
        parts.push(this.unary());
      }
    }
    return parts.length === 1 ? parts[0] : (run) => parts.every((p) => p(run));
  }

  private unary(): RunPredicate {
    const t = this.peek();
    if (isOp(t, 'not')) {
      this.i++;
      const inner = this.unary();
      return (run) => !inner(run);
    }
    if (isOp(t, '(')) {
      this.i++;
      const inner = this.or();
      const close = this.peek();
      if (!isOp(close, ')')) throw new FilterSyntaxError("missing ')'", close.at);
      this.i++;
      return inner;
    }
    if (t.kind === 'name' || t.kind === 'string') {
      const next = this.peek(1);
      if (next.kind === 'op' && COMPARISONS.has(next.value)) return this.comparison(t, next.value as Operator);
      this.i++;
      return textPredicate(t.value);
    }
    if (t.kind === 'op' && COMPARISONS.has(t.value))
      throw new FilterSyntaxError(`'${t.value}' needs a column name before it`, t.at);
    throw new FilterSyntaxError(t.kind === 'end' ? 'expected a term' : `unexpected '${String(t.value)}'`, t.at);
  }

  private comparison(field: Token & { value: string }, op: Operator): RunPredicate {
    this.i += 2;
    const value = this.peek();
    if (value.kind !== 'name' && value.kind !== 'string')
      throw new FilterSyntaxError(`expected a value after '${op}'`, value.at);
    this.i++;
    const key = resolveField(field.value, this.fields);
    if (!key) throw new FilterSyntaxError(`no param or metric named '${field.value}'`, field.at);
    return comparePredicate(key, op, value.value);
  }
}

/** Maps a name used in a filter to a column key: run fields, `params.x`/`metrics.x`, else a metric, else a param. */
export function resolveField(name: string, fields: FieldCatalogue): string | undefined {
  const lower = name.toLowerCase();
  if (RUN_FIELDS.has(lower)) return lower;
  if (/^tags?\./i.test(name)) return `tags.${name.slice(name.indexOf('.') + 1)}`;
  const prefixed = /^(params?|metrics?)\.(.+)$/i.exec(name);
  if (prefixed) return `${prefixed[1].toLowerCase().startsWith('param') ? 'param' : 'metric'}:${prefixed[2]}`;
  if (fields.metrics.has(name)) return `metric:${name}`;
  if (fields.params.has(name)) return `param:${name}`;
  return undefined;
}

function literal(text: string): number | string {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function comparePredicate(key: string, op: Operator, text: string): RunPredicate {
  const wanted = literal(text);
  const wantedText = text.toLowerCase();
  return (run) => {
    const v = columnValue(run, key);
    if (v === undefined || v === null) return op === '!=' || op === '!~';
    if (op === '~' || op === '!~') return String(v).toLowerCase().includes(wantedText) === (op === '~');
    const n = asNumber(v);
    if (typeof wanted === 'number' && n !== undefined) {
      switch (op) {
        case '==':
          return sameValue(n, wanted);
        case '!=':
          return !sameValue(n, wanted);
        case '>':
          return n > wanted;
        case '>=':
          return n >= wanted;
        case '<':
          return n < wanted;
        case '<=':
          return n <= wanted;
      }
    }
    const s = (typeof v === 'object' ? JSON.stringify(v) : String(v)).toLowerCase();
    switch (op) {
      case '==':
        return s === wantedText;
      case '!=':
        return s !== wantedText;
      case '>':
        return s > wantedText;
      case '>=':
        return s >= wantedText;
      case '<':
        return s < wantedText;
      default:
        return s <= wantedText;
    }
  };
}

function textPredicate(text: string): RunPredicate {
  const needle = text.toLowerCase();
  return (run) =>
    run.id.includes(needle) ||
    run.experiment.toLowerCase().includes(needle) ||
    run.status.includes(needle) ||
    run.command.toLowerCase().includes(needle) ||
    (run.gitCommit ?? '').startsWith(needle) ||
    Object.entries(run.tags).some(([k, v]) => k.toLowerCase().includes(needle) || v.toLowerCase().includes(needle));
}

export function parseRunFilter(text: string, fields: FieldCatalogue): FilterResult {
  if (text.trim() === '') return { ok: true, predicate: () => true, empty: true };
  try {
    return { ok: true, predicate: new Parser(tokenize(text), fields).parse(), empty: false };
  } catch (err) {
    if (err instanceof FilterSyntaxError) return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}
