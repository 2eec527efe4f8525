/**
 * The one tokenizer of the filter-like languages: the runs table's filter (src/core/tracking/runFilter.ts) and the
 * promotion gates (src/core/registry/gates). Both share quoting, positions, `and`/`or`/`not` with `&&`/`||`, and one
 * equality rule: `=` and `==` are the same operator, read as `==`.
 */

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

export interface TokenizerOptions {
  /** The symbols this language has besides `and`/`or`/`not`, `&&`/`||` and `=`/`==`; matched longest first. */
  operators: readonly string[];
  /**
   * `identifiers`: numbers, `true`/`false` and dotted names are separate tokens (`a.b - 1e-3` is a name, `-`, a number).
   * `bare`: anything up to a space, quote or operator character is one name (`1e-3`, `mlp-v2`, `2024-05-01`).
   */
  words: 'identifiers' | 'bare';
  /** The error to throw for a syntax error at a 0-based position. */
  error(message: string, at: number): Error;
}

const COMMON_OPERATORS = ['&&', '||', '==', '='];
const WORD_OPERATORS = new Set(['and', 'or', 'not']);
const SPELLINGS: Record<string, string> = { '&&': 'and', '||': 'or', '!': 'not', '=': '==' };
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/;
/** Characters that end a bare word. */
const BARE_STOP = /[\s()<>=!~,"'`&|]/;

function quoted(text: string, i: number, options: TokenizerOptions): { value: string; end: number } {
  const q = text[i];
  const end = text.indexOf(q, i + 1);
  if (end < 0) throw options.error(q === '`' ? 'unterminated `name`' : `unterminated string (no closing ${q})`, i);
  if (q === '`' && end === i + 1) throw options.error('empty `name`', i);
  return { value: text.slice(i + 1, end), end: end + 1 };
}

export function tokenize(text: string, options: TokenizerOptions): Token[] {
  const operators = [...new Set([...COMMON_OPERATORS, ...options.operators])].sort((a, b) => b.length - a.length);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const { value, end } = quoted(text, i, options);
      tokens.push(c === '`' ? { kind: 'name', value, at: i } : { kind: 'string', value, at: i });
      i = end;
      continue;
    }
    if (options.words === 'identifiers') {
      const number = NUMBER.exec(text.slice(i, i + 64));
      if (number) {
        tokens.push({ kind: 'number', value: Number(number[0]), at: i });
        i += number[0].length;
        continue;
      }
    }
    const op = operators.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: SPELLINGS[op] ?? op, at: i });
      i += op.length;
      continue;
    }
    const start = i;
    if (options.words === 'identifiers') {
      const name = NAME.exec(text.slice(i));
      if (name) i += name[0].length;
    } else {
      while (i < text.length && !BARE_STOP.test(text[i])) i++;
    }
    if (i === start) throw options.error(`unexpected '${c}'`, i);
    const word = text.slice(start, i);
    const lower = word.toLowerCase();
    if (WORD_OPERATORS.has(lower)) tokens.push({ kind: 'op', value: lower, at: start });
    else if (options.words === 'identifiers' && (lower === 'true' || lower === 'false'))
      tokens.push({ kind: 'boolean', value: lower === 'true', at: start });
    else tokens.push({ kind: 'name', value: word, at: start });
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}
