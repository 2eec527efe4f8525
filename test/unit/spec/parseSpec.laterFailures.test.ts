import { strict as assert } from 'node:assert';
import { MlopsError } from '../../../src/core/errors';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { interpolate } from '../../../src/core/spec/placeholders';
import { problemItems } from '../../../src/extension/specProblemItems';
import { param, problemsOf, yaml } from './specText';

/** The Problems panel entries (0-based line, as VS Code shows them 1-based) of a spec: what specDiagnostics sets. */
function panel(text: string): Array<[number, number, string]> {
  return problemItems(parseSpec(text).problems).map((p) => [
    p.range.startLine + 1,
    p.range.startColumn + 1,
    p.severity,
  ]);
}

describe('parseSpec: what used to fail only later is an error at its line', () => {
  describe('gate rules, parsed by the registry parser', () => {
    const text = yaml`
      models:
        churn:
          gates:
            - val_accuracy >= 0.9
            - val_accuracy >>= 0.9
            - "drift.share < 0.3 and"
    `;

    it('puts the parser message on the token where the rule stops', () => {
      assert.deepEqual(problemsOf(text), [
        `5:23 gate 'val_accuracy >>= 0.9': expected a value, a name or '(' but found '>=' at column 15. Gates compare metrics, e.g. "val_accuracy >= 0.9 and drift.share < 0.3"; quote names with odd characters in backticks.`,
        `6:31 gate 'drift.share < 0.3 and': expected a value, a name or '(' but found end of rule at column 22. Gates compare metrics, e.g. "val_accuracy >= 0.9 and drift.share < 0.3"; quote names with odd characters in backticks.`,
      ]);
      const [first] = parseSpec(text).problems;
      assert.deepEqual([first.endLine, first.endColumn, first.path], [5, 25, 'models.churn.gates[1]']);
      assert.equal(parseSpec(text).spec, null);
    });

    it('shows in the Problems panel on the rule lines', () => {
      assert.deepEqual(panel(text), [
        [5, 23, 'error'],
        [6, 31, 'error'],
      ]);
    });
  });

  describe('placeholders', () => {
    it('an unclosed ${params.lr in a command, an argv item, env or cwd is an error on it', () => {
      const text = yaml`
        experiments:
          a:
            params: {lr: 0.1}
            command: python t.py --lr $\{params.lr
            env: {LR: "$\{params.lr"}
            cwd: "$\{params.lr}/$\{params.a$b}"
          b:
            params: {lr: 0.1}
            command: [python, t.py, --lr, "$\{params.lr --x", "${param('lr')}"]
      `;
      assert.deepEqual(problemsOf(text), [
        "4:31 unclosed placeholder '${params.lr': close it with '}', as in ${params.lr} (in experiments.a.command)",
        "5:16 unclosed placeholder '${params.lr': close it with '}', as in ${params.lr} (in experiments.a.env.LR)",
        "6:24 malformed placeholder '${params.a$b}': a param name uses letters, digits, '_', '-' and '.', as in ${params.optimizer.lr} (in experiments.a.cwd)",
        "9:36 unclosed placeholder '${params.lr': close it with '}', as in ${params.lr} (in experiments.b.command[3])",
      ]);
      assert.deepEqual(
        panel(text).map(([line]) => line),
        [4, 5, 6, 9],
      );
    });

    it('interpolation refuses a malformed placeholder instead of passing it to the shell', () => {
      assert.equal(interpolate(`--lr ${param('lr')}`, { lr: 0.1 }), '--lr 0.1');
      assert.throws(
        () => interpolate('--lr ${params.lr', { lr: 0.1 }),
        (e: unknown) => e instanceof MlopsError && /unclosed placeholder '\$\{params\.lr'/.test(e.message),
      );
    });
  });

  describe('data paths stay inside the workspace', () => {
    it('absolute and .. paths of experiments and monitors are errors saying so', () => {
      const text = yaml`
        experiments:
          a: {command: x, data: [data/ok.csv, /etc/passwd, ../outside.csv, data/../inside.csv, 'C:\\data\\x.csv']}
          t:
            trainer: tfjs
            data: {train: ../../train.csv, test: /tmp/test.csv, label: y}
            model: {layers: [{dense: 1}]}
        models:
          m: {}
        monitors:
          live: {model: m, reference: /srv/ref.csv, current: predictions}
          batch: {model: m, reference: data/ref.csv, current: data/../../cur.csv}
      `;
      const hint =
        'data paths are relative to the workspace and must stay inside it (link external data into the workspace)';
      assert.deepEqual(problemsOf(text), [
        `2:39 data path '/etc/passwd' in experiments.a.data[1] is absolute; ${hint}`,
        `2:52 data path '../outside.csv' in experiments.a.data[2] leaves the workspace through '..'; ${hint}`,
        `2:88 data path 'C:\\data\\x.csv' in experiments.a.data[4] is absolute; ${hint}`,
        `5:19 data path '../../train.csv' in experiments.t.data.train leaves the workspace through '..'; ${hint}`,
        `5:42 data path '/tmp/test.csv' in experiments.t.data.test is absolute; ${hint}`,
        `10:31 data path '/srv/ref.csv' in monitors.live.reference is absolute; ${hint}`,
        `11:55 data path 'data/../../cur.csv' in monitors.batch.current leaves the workspace through '..'; ${hint}`,
      ]);
      assert.deepEqual(
        panel(text).map(([line]) => line),
        [2, 2, 2, 5, 5, 10, 11],
      );
    });
  });

  describe('names JavaScript reserves', () => {
    for (const [section, body] of [
      ['experiments', '{command: x}'],
      ['models', '{}'],
      ['monitors', '{model: m, reference: r.csv, current: c.csv}'],
    ] as const) {
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        it(`${section}.${name} is an error on its name`, () => {
          const text = `${section}:\n  ok: ${body}\n  ${name}: ${body}\n`;
          const [problem, ...rest] = parseSpec(text).problems;
          assert.deepEqual(rest, []);
          assert.match(
            problem.message,
            new RegExp(
              `^'${name}' cannot be the name of an? (experiment|model|monitor): __proto__, constructor, prototype are reserved by JavaScript; rename it$`,
            ),
          );
          assert.deepEqual([problem.line, problem.column, problem.endColumn], [3, 3, 3 + name.length]);
          assert.equal(parseSpec(text).spec, null);
          assert.deepEqual(panel(text), [[3, 3, 'error']]);
        });
      }
    }

    it('__proto__ anywhere is refused, and nothing reaches a prototype', () => {
      const text = yaml`
        experiments:
          a:
            command: x
            params: {__proto__: {polluted: 1}}
            env: {__proto__: x}
      `;
      assert.deepEqual(problemsOf(text), [
        "4:14 '__proto__' cannot be a key in mlops.yaml: JavaScript reserves it; rename it",
        "5:11 '__proto__' cannot be a key in mlops.yaml: JavaScript reserves it; rename it",
      ]);
      const located = parseSpec('experiments:\n  __proto__: {command: x}\n  b: {command: y}\n').locations.experiments;
      assert.deepEqual(Object.keys(located), ['__proto__', 'b']);
      assert.equal(Object.getPrototypeOf(located), Object.prototype);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).command, undefined);
    });
  });

  describe('aliases', () => {
    it('a billion-laughs alias bomb is an error at the alias that crosses the cap, not a ReferenceError', () => {
      const lines = [
        'experiments:',
        '  a:',
        '    command: x',
        '    params:',
        '      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ];
      for (let i = 1; i <= 9; i++)
        lines.push(`      l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`);
      const problems = parseSpec(lines.join('\n') + '\n').problems;
      assert.equal(problems.length, 1);
      assert.match(
        problems[0].message,
        /^YAML alias \*l4 expands mlops\.yaml past 100,000 nodes; aliases of anchors that hold aliases grow exponentially \(a "billion laughs"\)/,
      );
      assert.deepEqual([problems[0].line, problems[0].column, problems[0].endColumn], [10, 16, 19]);
    });

    it('more aliases than the cap is an error at the first one past it', () => {
      const list = Array.from({ length: 1001 }, () => '*b').join(', ');
      assert.deepEqual(problemsOf(`experiments:\n  a:\n    command: x\n    params: {base: &b 1, list: [${list}]}\n`), [
        `4:${33 + 4 * 1000} mlops.yaml uses more than 1,000 YAML aliases; write the repeated parts out, or share fewer of them`,
      ]);
    });

    it('ordinary anchors, aliases and merge keys still work', () => {
      const text = yaml`
        experiments:
          a: &base {command: python t.py, params: {lr: 0.1}, tags: {team: ml}}
          b: *base
          c: {<<: *base, gpus: 1}
      `;
      const result = parseSpec(text);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.spec?.experiments.c.params, { lr: 0.1 });
      assert.equal(result.spec?.experiments.c.gpus, 1);
    });

    it('a cycle and a merge of a scalar are errors at the alias and the merged value', () => {
      assert.deepEqual(problemsOf('experiments:\n  a: &a {command: x, params: {self: *a}}\n'), [
        '2:37 YAML alias *a sits inside the node &a it refers to; mlops.yaml cannot hold a cycle',
      ]);
      assert.deepEqual(problemsOf('experiments:\n  a: {<<: 3, command: x}\n'), [
        "2:11 YAML merge key '<<' takes a map, an alias of a map (<<: *base) or a list of them",
      ]);
    });
  });
});
