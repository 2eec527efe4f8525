import type { RunSummary } from './types';
import { columnValue, sameValue } from './runColumns';

/**
 * The runs table's filter language: free text plus comparisons, e.g.
 *   `val_accuracy > 0.9 lr < 0.01 status = completed`, `experiment ~ mlp or tags.team = vision`, `not (loss = nan)`.
 * Juxtaposed terms, `,`, `and` and `&&` mean AND; `or`/`||` mean OR; `not` negates. Operators: = == != > >= < <=,
 * `~` (contains) and `!~`. A bare word or quoted string matches id, experiment, status, command, commit and tags.
 */
export type RunPredicate = (run: RunSummary) => boolean;

export type FilterResult = { ok: true; predicate: RunPredicate; empty: boolean } | { ok: false; message: string; position: number };

export interface FieldCatalogue {
  params: ReadonlySet<string>;
  metrics: ReadonlySet<string>;
}

const RUN_FIELDS = new Set(['status', 'experiment', 'id', 'started', 'duration', 'commit', 'tags', 'step']);
const OPERATORS = ['>=', '<=', '!=', '==', '!~', '=', '>', '<', '~'] as const;
type Operator = (typeof OPERATORS)[number];

type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: 'op'; op: Operator; pos: number }
  | { type: 'punct'; text: '(' | ')' | ','; pos: number }
  | { type: 'end'; pos: number };

class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c, pos: i++ });
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new FilterSyntaxError(`unclosed ${c}`, i);
      tokens.push({ type: 'string', text: text.slice(i + 1, end), pos: i });
      i = end + 1;
    } else if (c === '&' && text[i + 1] === '&') {
      tokens.push({ type: 'word', text: 'and', pos: i });
      i += 2;
    } else if (c === '|' && text[i + 1] === '|') {
      tokens.push({ type: 'word', text: 'or', pos: i });
      i += 2;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        tokens.push({ type: 'op', op, pos: i });
        i += op.length;
        continue;
      }
      const start = i;
      while (i < text.length && !/[\s()<>=!~,"']/.test(text[i]) && !text.startsWith('&&', i) && !text.startsWith('||', i)) i++;
      if (i === start) throw new FilterSyntaxError(`unexpected '${c}'`, i);
      tokens.push({ type: 'word', text: text.slice(start, i), pos: start });
    }
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

const keyword = (t: Token, word: string) => t.type === 'word' && t.text.toLowerCase() === word;

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: FieldCatalogue,
  ) {}

  parse(): RunPredicate {
    const predicate = this.or();
    const t = this.peek();
    if (t.type !== 'end') throw new FilterSyntaxError(t.type === 'punct' && t.text === ')' ? "unmatched ')'" : 'unexpected text', t.pos);
    return predicate;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private or(): RunPredicate {
    const parts = [this.and()];
    while (keyword(this.peek(), 'or')) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (run) => parts.some((p) => p(run));
  }

  private and(): RunPredicate {
    const parts = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (keyword(t, 'and') || (t.type === 'punct' && t.text === ',')) {
        this.i++;
        parts.push(this.unary());
      } else if (t.type === 'end' || keyword(t, 'or') || (t.type === 'punct' && t.text === ')')) {
        break;
      } else {
        parts.push(this.unary());
      }
    }
    return parts.length === 1 ? parts[0] : (run) => parts.every((p) => p(run));
  }

  private unary(): RunPredicate {
    const t = this.peek();
    if (keyword(t, 'not')) {
      this.i++;
      const inner = this.unary();
      return (run) => !inner(run);
    }
    if (t.type === 'punct' && t.text === '(') {
      this.i++;
      const inner = this.or();
      const close = this.peek();
      if (!(close.type === 'punct' && close.text === ')')) throw new FilterSyntaxError("missing ')'", close.pos);
      this.i++;
      return inner;
    }
    if (t.type === 'word' || t.type === 'string') {
      const next = this.peek(1);
      if (next.type === 'op') return this.comparison(t, next.op);
      this.i++;
      return textPredicate(t.text);
    }
    if (t.type === 'op') throw new FilterSyntaxError(`'${t.op}' needs a column name before it`, t.pos);
    throw new FilterSyntaxError(t.type === 'end' ? 'expected a term' : `unexpected '${t.text}'`, t.pos);
  }

  private comparison(field: Token & { text: string }, op: Operator): RunPredicate {
    this.i += 2;
    const value = this.peek();
    if (value.type !== 'word' && value.type !== 'string') throw new FilterSyntaxError(`expected a value after '${op}'`, value.pos);
    this.i++;
    const key = resolveField(field.text, this.fields);
    if (!key) throw new FilterSyntaxError(`no param or metric named '${field.text}'`, field.pos);
    return comparePredicate(key, op, value.text);
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
        case '=':
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
      case '=':
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
