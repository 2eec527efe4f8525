/**
 * Fuzzes mlops.yaml: random structures, mutated text of a valid spec, and known-bad constructs planted in valid specs.
 * parseSpec must never throw; a rejected spec has an error with a position; an accepted one must not fail later
 * (its commands resolve, its gates parse, its monitors name real tests); a planted bad construct is an error at its line.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { MlopsError } from '../../../src/core/errors';
import { isStatTestId } from '../../../src/core/drift/registry';
import { parseEvery } from '../../../src/core/monitor/every';
import { parseGate } from '../../../src/core/registry/gates/parser';
import { parseModelRef } from '../../../src/core/spec/modelRef';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { resolveLaunch } from '../../../src/core/spec/resolveLaunch';
import { Tally } from '../lib/tally';

const BASE = `experiments:
  train:
    command: [python3, train.py, --lr, "\${params.lr}"]
    params: {lr: 0.001, epochs: 5}
    data: [data/train.csv]
    metric: {name: val_accuracy, goal: maximize}
  churn-tfjs:
    trainer: tfjs
    data: {train: data/train.csv, test: data/test.csv, label: churned}
    model: {layers: [{dense: 8, activation: relu}, {dense: 1, activation: sigmoid}]}
    train: {epochs: 2, batchSize: 16}
models:
  churn: {experiment: churn-tfjs, gates: ["val_accuracy >= 0.8", "drift.share < 0.5"]}
monitors:
  churn-live: {model: churn@production, reference: data/train.csv, current: predictions, every: 1h}
`;

/** Constructs the spec must reject, each marked so its line can be found: [what, yaml fragment builder]. */
const PLANTED: Array<[string, (name: string) => string]> = [
  [
    'a gate with a syntax error (>>=)',
    (n) => `models:\n  ${n}: {experiment: train, gates: ["val_accuracy >>= 0.9"]}   # PLANTED\n`,
  ],
  [
    'an unclosed ${params.lr',
    (n) => `experiments:\n  ${n}:\n    command: [python3, train.py, --lr, "\${params.lr"]   # PLANTED\n`,
  ],
  [
    'an absolute data path',
    (n) => `experiments:\n  ${n}:\n    command: [python3, train.py]\n    data: [/etc/passwd]   # PLANTED\n`,
  ],
  [
    'a data path with ..',
    (n) => `experiments:\n  ${n}:\n    command: [python3, train.py]\n    data: [../outside/train.csv]   # PLANTED\n`,
  ],
  ['an experiment named __proto__', () => `experiments:\n  __proto__:   # PLANTED\n    command: [python3, train.py]\n`],
  [
    'a typo in a monitor drift test name',
    (n) =>
      `experiments:\n  train:\n    command: [python3, train.py]\nmodels:\n  m: {experiment: train}\nmonitors:\n  ${n}:\n    model: m@production\n    reference: data/train.csv\n    current: predictions\n    tests: {age: kss}   # PLANTED\n`,
  ],
  [
    'a YAML alias bomb',
    () =>
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nexperiments:\n  x:\n    command: [python3, train.py]\n    params: {bomb: *f}   # PLANTED\n`,
  ],
];

const KEYS = [
  'command',
  'params',
  'data',
  'metric',
  'gpus',
  'sweep',
  'trainer',
  'model',
  'train',
  'preprocess',
  'cwd',
  'env',
  'gates',
  'experiment',
  'reference',
  'current',
  'tests',
  'every',
  'retrain',
  'layers',
  'name',
  'goal',
  'method',
  'space',
  '__proto__',
  'constructor',
];
const ODD = [
  '${params.lr}',
  '${params.lr',
  '${params.nosuch}',
  '../x.csv',
  '/etc/passwd',
  'val_accuracy >= 0.9',
  'val >>= 1',
  'ks',
  'kss',
  'tfjs',
  'python3',
  'churn@production',
  'churn:1',
  '1h',
  'every 5',
  '',
  ' ',
  '-1',
  '1e309',
  'NaN',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...ODD),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }));
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
const section = fc.dictionary(
  fc.oneof(
    fc.constantFrom('train', 'churn', 'm', 'x-1', '__proto__', 'constructor', 'hasOwnProperty'),
    fc.string({ maxLength: 6 }),
  ),
  fc.dictionary(key, value, { maxKeys: 6 }),
  { maxKeys: 3 },
);
const structured = fc
  .record({ experiments: section, models: section, monitors: section }, { requiredKeys: [] })
  .map((spec) => stringify(spec));

const TOKENS = [
  ':',
  '-',
  ' ',
  '\n',
  '\t',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '!!binary ',
  '${',
  '#',
  '? ',
  '|',
  '>',
  '---\n',
  '\ufeff',
  '\0',
  '%YAML 1.1\n',
];
const mutated = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 }), fc.constantFrom(...TOKENS), fc.nat({ max: 3 })), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([ops]) => {
    let text = BASE;
    for (const [at, len, token, kind] of ops) {
      const i = at % (text.length + 1);
      if (kind === 0) text = text.slice(0, i) + text.slice(i + len);
      else if (kind === 1) text = text.slice(0, i) + token + text.slice(i);
      else if (kind === 2) text = text.slice(0, i) + token + text.slice(i + len);
      else {
        const lines = text.split('\n');
        const l = at % lines.length;
        lines.splice(l, 0, lines[(at + len) % lines.length]);
        text = lines.join('\n');
      }
    }
    return text;
  });

const planted = fc
  .tuple(fc.nat({ max: PLANTED.length - 1 }), fc.constantFrom('train', 'mon', 'exp_2', 'churn-live'))
  .map(([i, name]) => ({ what: PLANTED[i][0], text: PLANTED[i][1](name) }));

const errorsOf = (r: ReturnType<typeof parseSpec>) => r.problems.filter((p) => p.severity === 'error');

function laterStages(result: ReturnType<typeof parseSpec>): string | undefined {
  const spec = result.spec!;
  for (const [name, exp] of Object.entries(spec.experiments)) {
    try {
      resolveLaunch(exp, {}, '/tmp/mlops-reliability-ws');
    } catch (err) {
      if (!(err instanceof MlopsError))
        return `experiment ${name}: resolveLaunch threw ${(err as Error).name}: ${(err as Error).message}`;
    }
  }
  for (const [name, model] of Object.entries(spec.models)) {
    for (const gate of model.gates ?? []) {
      try {
        parseGate(gate);
      } catch (err) {
        return `model ${name}: gate ${JSON.stringify(gate)} was accepted by the spec but fails later: ${(err as Error).message}`;
      }
    }
  }
  for (const [name, monitor] of Object.entries(spec.monitors)) {
    try {
      parseModelRef(monitor.model);
      if (monitor.every !== undefined) parseEvery(monitor.every);
    } catch (err) {
      return `monitor ${name}: accepted by the spec but fails later: ${(err as Error).message}`;
    }
    for (const [column, test] of Object.entries(monitor.tests ?? {})) {
      if (!isStatTestId(test))
        return `monitor ${name}: test '${test}' for column ${column} is not a drift test, yet the spec was accepted`;
    }
  }
  return undefined;
}

export async function specFuzzSection(count: number, seed: number): Promise<Tally> {
  const t = new Tally(`mlops.yaml fuzz, ${count} cases (seed ${seed})`);
  const cases = fc.sample(
    fc.oneof(
      structured.map((text) => ({ kind: 'structured', text, planted: undefined as string | undefined })),
      mutated.map((text) => ({ kind: 'mutated', text, planted: undefined as string | undefined })),
      planted.map((p) => ({ kind: 'planted', text: p.text, planted: p.what })),
    ),
    { numRuns: count, seed },
  );
  const kinds = new Map<string, { n: number; rejected: number }>();
  let slowest = 0;
  for (const c of cases) {
    const repro = () =>
      `${c.kind} case (seed ${seed}): ${JSON.stringify(c.text.length > 400 ? c.text.slice(0, 400) + '…' : c.text)}`;
    const started = performance.now();
    let result: ReturnType<typeof parseSpec> | undefined;
    let thrown: unknown;
    try {
      result = parseSpec(c.text);
    } catch (err) {
      thrown = err;
    }
    const ms = performance.now() - started;
    slowest = Math.max(slowest, ms);
    t.check(
      'parseSpec never throws',
      thrown === undefined,
      () => `${(thrown as Error)?.name}: ${(thrown as Error)?.message} — ${repro()}`,
    );
    t.check('parseSpec answers within 5 s', ms < 5000, () => `${ms.toFixed(0)} ms — ${repro()}`);
    if (!result) continue;
    const k = kinds.get(c.kind) ?? { n: 0, rejected: 0 };
    kinds.set(c.kind, k);
    k.n++;
    const lineCount = c.text.split('\n').length;
    const badPosition = result.problems.find(
      (p) => !(p.line >= 1 && p.line <= lineCount + 1 && p.column >= 1 && p.message.trim().length > 0),
    );
    t.check(
      'every problem has a message and a line in the file',
      badPosition === undefined,
      () => `${JSON.stringify(badPosition)} — ${repro()}`,
    );
    if (result.spec === null) {
      k.rejected++;
      t.check('a rejected spec says why (at least one error)', errorsOf(result).length > 0, repro);
    } else {
      const later = laterStages(result);
      t.check('an accepted spec does not fail later', later === undefined, () => `${later} — ${repro()}`);
    }
    if (c.planted) {
      const line = c.text.split('\n').findIndex((l) => l.includes('# PLANTED')) + 1;
      const errors = errorsOf(result);
      t.check(`a planted bad construct is an error (${c.planted})`, errors.length > 0, repro);
      if (errors.length > 0 && c.planted !== 'a YAML alias bomb') {
        t.check(
          `a planted bad construct is an error at its line (${c.planted})`,
          errors.some((p) => p.line === line),
          () =>
            `errors at lines ${errors.map((p) => `${p.line}: ${p.message}`).join('; ')}, construct at line ${line} — ${repro()}`,
        );
      }
    }
  }
  t.figure(
    `${cases.length} cases: ${[...kinds].map(([kind, k]) => `${kind} ${k.n} (${k.rejected} rejected)`).join(', ')}; slowest parse ${slowest.toFixed(0)} ms`,
  );
  return t;
}
