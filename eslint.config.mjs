// Lint: correctness rules only; layout is prettier's job (eslint-config-prettier turns off what it owns).
// Rules that need type information are left out so that `npm run lint` stays fast enough for every `npm test`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { layerZones, vscodeAllowed } from './scripts/eslint/layers.mjs';
import local from './scripts/eslint/noDataSpread.mjs';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'fetch',
    '__dirname',
    'structuredClone',
  ].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test/e2e/screenshots/**',
      'test/bench/results/**',
      'examples/**',
      'clients/**',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { 'import-x': importX, local },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.json'] })] },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Architecture: the layer table of CONTRIBUTING.md.
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      // Correctness beyond the recommended sets.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-constant-binary-expression': 'error',
      'no-unreachable-loop': 'error',
      'no-return-assign': ['error', 'except-parens'],
      'no-throw-literal': 'error',
      'prefer-promise-reject-errors': 'error',
      'no-var': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // The codebase decides these case by case; tsc's strict mode already covers what matters. no-useless-assignment
      // misreads `let x = fallback; try { x = read() } catch {}`.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Product code handles data-sized arrays; tests and benchmarks build their own small ones.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: { 'local/no-data-spread': 'error' },
  },
  {
    // `vscode` only where VS Code runs the code.
    files: ['**/*.ts'],
    ignores: vscodeAllowed,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'Only src/extension and test/integration run inside VS Code (src/core never imports vscode).',
            },
          ],
        },
      ],
    },
  },
  {
    // The message contracts are types only.
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['*'], allowTypeImports: true, message: 'src/protocol holds types only: use `import type`.' },
          ],
        },
      ],
    },
  },
  {
    // The Node client ships alone: node built-ins only.
    files: ['src/client/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!node:|\\.{1,2}/)', message: 'The Node client has no dependencies: node: built-ins only.' },
          ],
        },
      ],
    },
  },
  prettier,
);
