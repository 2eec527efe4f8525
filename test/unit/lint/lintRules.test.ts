import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The repository's own lint rules, proven on snippets: the layer table of CONTRIBUTING.md (eslint.config.mjs,
 * scripts/eslint/layers.mjs) and the ban on spreading data-sized arrays into calls (scripts/eslint/noDataSpread.mjs).
 * `npm run lint` applies them to the whole tree; these tests show each rule fires where it must and stays quiet
 * where it must not. A snippet is linted as if it lived at the given path, so imports resolve against real files.
 */
const ROOT = join(__dirname, '..', '..', '..');
const LAYER_RULES = new Set([
  'import-x/no-restricted-paths',
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
]);

let eslint: ESLint;

async function ruleHits(
  path: string,
  code: string,
  rules: ReadonlySet<string> = LAYER_RULES,
): Promise<Array<{ rule: string; line: number }>> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `the snippet for ${path} did not parse`);
  return result.messages
    .filter((m) => m.ruleId !== null && rules.has(m.ruleId))
    .map((m) => ({ rule: m.ruleId!, line: m.line }));
}

describe('lint: the layer table is a rule', function () {
  this.timeout(120_000);
  before(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  const forbidden: Array<[string, string, string, string]> = [
    [
      'src/core imports the extension',
      'src/core/tracking/bad.ts',
      "import { activate } from '../../extension/extension';",
      'import-x/no-restricted-paths',
    ],
    [
      'src/core imports the backend',
      'src/core/store/bad.ts',
      "import { BackendService } from '../../backend/service/backendService';",
      'import-x/no-restricted-paths',
    ],
    ['src/core imports vscode', 'src/core/bad.ts', "import * as vscode from 'vscode';", 'no-restricted-imports'],
    [
      'src/core imports the CLI',
      'src/core/spec/bad.ts',
      "import { main } from '../../cli/main';",
      'import-x/no-restricted-paths',
    ],
    [
      'a webview imports src/extension',
      'webview/runs/bad.ts',
      "import { Commands } from '../../src/extension/commands/commandIds';",
      'import-x/no-restricted-paths',
    ],
    [
      'a webview imports src/core',
      'webview/compare/bad.ts',
      "import { MlopsError } from '../../src/core/errors';",
      'import-x/no-restricted-paths',
    ],
    [
      'the backend imports the extension',
      'src/backend/bad.ts',
      "import { Commands } from '../extension/commands/commandIds';",
      'import-x/no-restricted-paths',
    ],
    [
      'the CLI imports the extension',
      'src/cli/commands/bad.ts',
      "import { Commands } from '../../extension/commands/commandIds';",
      'import-x/no-restricted-paths',
    ],
    [
      'a unit test imports vscode',
      'test/unit/store/bad.test.ts',
      "import * as vscode from 'vscode';",
      'no-restricted-imports',
    ],
    [
      'the protocol imports a value',
      'src/protocol/bad.ts',
      "import { MlopsError } from '../core/errors';",
      '@typescript-eslint/no-restricted-imports',
    ],
    [
      'the Node client imports an npm package',
      'src/client/node/bad.ts',
      "import { parse } from 'yaml';",
      'no-restricted-imports',
    ],
  ];
  for (const [what, path, code, rule] of forbidden) {
    it(`fails when ${what}`, async () => {
      const hits = await ruleHits(
        path,
        `${code}\nexport const used = [${code.match(/import (?:\* as )?\{?\s*(\w+)/)![1]}];\n`,
      );
      assert.deepEqual(hits, [{ rule, line: 1 }]);
    });
  }

  it('passes the imports the table allows', async () => {
    const allowed: Array<[string, string]> = [
      [
        'src/extension/bad.ts',
        "import * as vscode from 'vscode';\nimport { MlopsError } from '../core/errors';\nimport type { BackendEvent } from '../protocol/backend';\nexport const used = [vscode, MlopsError] as unknown as BackendEvent;",
      ],
      [
        'src/backend/bad.ts',
        "import { MlopsError } from '../core/errors';\nimport type { BackendEvent } from '../protocol/backend';\nexport const used = MlopsError as unknown as BackendEvent;",
      ],
      [
        'webview/runs/bad.ts',
        "import type { RunsToHost } from '../../src/protocol/webview/runs';\nexport type Used = RunsToHost;",
      ],
      [
        'webview/runs/bad.ts',
        "import { formatBytes } from '../../src/core/format/bytes';\nexport const used = formatBytes;",
      ],
      ['src/protocol/bad.ts', "import type { RunId } from '../core/tracking/types';\nexport type Used = RunId;"],
      ['src/client/node/bad.ts', "import { join } from 'node:path';\nexport const used = join;"],
      ['test/integration/suite/bad.test.ts', "import * as vscode from 'vscode';\nexport const used = vscode;"],
    ];
    for (const [path, code] of allowed) assert.deepEqual(await ruleHits(path, code), [], path);
  });
});

describe('lint: no spread or apply over data-sized arrays', function () {
  this.timeout(120_000);
  before(() => {
    eslint ??= new ESLint({ cwd: ROOT });
  });

  it('finds the patterns it is meant to find, and leaves literals and plain calls alone', async () => {
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
    const code = `declare const rows: number[], values: Array<{ x: number }>, items: number[], args: number[], bytes: number[];\ndeclare const out: number[], fn: (...a: number[]) => void, a: number, b: number, xs: number[], ys: number[], loaded: number;\ndeclare function call(...a: number[]): void;\nexport function f(this: { apply(n: number): void }) {\n${sample}\nreturn all;\n}\n`;
    const hits = await ruleHits('src/core/data/sample.ts', code, new Set(['local/no-data-spread']));
    assert.deepEqual(
      hits.map((h) => h.line - 4),
      [1, 2, 3, 4, 5, 6, 7],
    );
  });

  it('applies to product code only (src/, webview/), not to tests building their own small arrays', async () => {
    const code = 'export const m = (xs: number[]) => Math.max(...xs);\n';
    assert.equal((await ruleHits('webview/shared/sample.ts', code, new Set(['local/no-data-spread']))).length, 1);
    assert.equal((await ruleHits('test/unit/sample.test.ts', code, new Set(['local/no-data-spread']))).length, 0);
  });
});
