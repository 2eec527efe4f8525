import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * Spreading an array into a call's arguments (`Math.max(...xs)`, `out.push(...xs)`, `f.apply(null, xs)`) puts every
 * element on the stack: at about 120k elements V8 throws "Maximum call stack size exceeded". Data-sized arrays must
 * be folded with a loop or `reduce` instead. Array literals (`push(...[a, b])`, `[...xs]`) are fine.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['src', 'webview'];

/**
 * Places that may keep a spread, with the reason. Each entry is `path: the call's text as written`.
 * Keep it empty when you can: rewriting the call is cheaper than proving the array stays small.
 */
const ALLOWED: Record<string, string> = {};

const SPREAD_CALLEES = new Set(['Math.max', 'Math.min', 'Math.hypot', 'String.fromCharCode', 'String.fromCodePoint']);
const APPENDERS = new Set(['push', 'unshift', 'splice']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...sourceFiles(path));
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Calls that pass a non-literal array as separate arguments, as `file:line: text`. */
export function findDataSpreads(fileName: string, text: string): Array<{ line: number; call: string }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ line: number; call: string }> = [];
  const report = (node: ts.Node) => found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, call: node.getText().replace(/\s+/g, ' ') });
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      const spreads = node.arguments.filter(ts.isSpreadElement);
      const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : '';
      if (spreads.length > 0 && SPREAD_CALLEES.has(callee)) report(node);
      else if (APPENDERS.has(name) && spreads.some((s) => !ts.isArrayLiteralExpression(s.expression))) report(node);
      else if ((name === 'apply' && node.arguments.length === 2) || callee === 'Reflect.apply') report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('lint: no spread or apply over data-sized arrays', () => {
  it('finds the patterns it is meant to find, and leaves literals and plain calls alone', () => {
    const sample = [
      'Math.max(...rows);',
      'Math.min(a, ...values.map((v) => v.x));',
      'out.push(...items);',
      'out.splice(0, 0, ...items);',
      'fn.apply(null, args);',
      'Reflect.apply(fn, null, args);',
      'String.fromCharCode(...bytes);',
      'out.push(...[a, b]);',
      'const all = [...xs, ...ys];',
      'Math.max(a, b);',
      'this.apply(loaded);',
      'call(...args);',
    ].join('\n');
    assert.deepEqual(findDataSpreads('sample.ts', sample).map((f) => f.line), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('src/ and webview/ spread no array into Math.max/min, push or apply', () => {
    const offences: string[] = [];
    const allowedSeen = new Set<string>();
    for (const dir of SCANNED) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const rel = relative(ROOT, file).split('\\').join('/');
        for (const { line, call } of findDataSpreads(file, readFileSync(file, 'utf8'))) {
          const key = `${rel}: ${call}`;
          if (key in ALLOWED) allowedSeen.add(key);
          else offences.push(`${rel}:${line}: ${call}`);
        }
      }
    }
    assert.deepEqual(offences, [], 'fold with a loop or reduce instead (see the comment at the top of this test)');
    assert.deepEqual(Object.keys(ALLOWED).filter((k) => !allowedSeen.has(k)), [], 'stale ALLOWED entries: remove them');
  });
});
