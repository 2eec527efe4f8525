import { strict as assert } from 'node:assert';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import { param, problemsOf, yaml } from './specText';

describe('parseSpec: problems carry a 1-based line and column and say what is allowed', () => {
  describe('YAML syntax', () => {
    it('reports an unclosed flow sequence where the parser gave up', () => {
      const result = parseSpec('experiments:\n  a:\n    command: [python, t.py\n');
      assert.equal(result.spec, null);
      assert.equal(result.problems[0].line, 4);
      assert.match(result.problems[0].message, /^YAML syntax error: .*\]/);
    });

    it('reports a duplicate key at the second occurrence, naming it', () => {
      assert.deepEqual(problemsOf('experiments:\n  a: {command: x}\n  a: {command: y}\n'), [
        "3:3 duplicate key 'a': each key may appear only once in a map",
      ]);
    });

    it('reports bad indentation', () => {
      const [problem] = parseSpec('experiments:\n  a:\n    command: x\n   gpus: 1\n').problems;
      assert.equal(problem.line, 4);
      assert.match(problem.message, /^YAML syntax error/);
    });

    it('refuses several documents in one file', () => {
      assert.deepEqual(problemsOf('experiments: {}\n---\nmodels: {}\n'), [
        "2:1 mlops.yaml must hold a single YAML document; remove the extra '---' section",
      ]);
    });

    it('reports an alias without its anchor', () => {
      assert.deepEqual(problemsOf('experiments:\n  a: *base\n'), [
        '2:6 YAML alias *base has no anchor &base before it',
      ]);
    });
  });

  describe('schema', () => {
    it('names an unknown key, lists the allowed ones and suggests the closest', () => {
      assert.deepEqual(problemsOf('experiments:\n  a:\n    comand: [python, t.py]\n'), [
        "3:5 unknown key 'comand' in experiments.a; allowed: description, command, trainer, cwd, env, params, data, metric, gpus, sweep, executor, preprocess, model, train, tags (did you mean 'command'?)",
      ]);
      assert.deepEqual(problemsOf('experiment: {}\n'), [
        "1:1 unknown key 'experiment' at the top level; allowed: experiments, models, monitors (did you mean 'experiments'?)",
      ]);
    });

    it('says which type was found and which are allowed, underlining the value', () => {
      const [problem] = parseSpec('experiments:\n  a:\n    command: x\n    gpus: two\n').problems;
      assert.equal(problem.message, 'wrong type for experiments.a.gpus: found string "two"; allowed: integer or a map');
      assert.deepEqual([problem.line, problem.column, problem.endLine, problem.endColumn], [4, 11, 4, 14]);
      assert.equal(problem.path, 'experiments.a.gpus');
      assert.deepEqual(problemsOf('experiments:\n  a:\n    command: x\n    data: d.csv\n'), [
        '4:11 wrong type for experiments.a.data: found string "d.csv"; allowed: a list or a map',
      ]);
      assert.deepEqual(problemsOf('experiments: [a, b]\n'), [
        '1:14 wrong type for experiments: found a list; allowed: a map or null',
      ]);
    });

    it('lists the allowed values of an enumeration', () => {
      assert.deepEqual(problemsOf('experiments:\n  a:\n    command: x\n    metric: {name: acc, goal: up}\n'), [
        '4:31 invalid value for experiments.a.metric.goal: found string "up"; allowed: maximize, minimize',
      ]);
    });

    it('puts a missing required key on the key that owns the map', () => {
      assert.deepEqual(problemsOf('monitors:\n  live: {model: m, current: predictions}\n'), [
        "2:3 monitors.live is missing required key 'reference'",
      ]);
    });

    it('checks names, durations and counts with a hint', () => {
      assert.deepEqual(problemsOf('experiments:\n  "my exp": {command: x}\n'), [
        "2:3 invalid name 'my exp' in experiments. Names use letters, digits, '_', '-' and '.', and start with a letter, digit or '_'.",
      ]);
      assert.deepEqual(problemsOf('monitors:\n  m: {model: a, reference: r.csv, current: c.csv, every: 1 hour}\n'), [
        '2:58 invalid value for monitors.m.every: found string "1 hour". Use a number and a unit: s, m, h or d, e.g. 30m or 1h.',
      ]);
      assert.deepEqual(problemsOf('experiments:\n  a: {command: [], gpus: -1}\n'), [
        '2:16 experiments.a.command needs at least 1 item',
        '2:26 experiments.a.gpus must be >= 0 (found number -1)',
      ]);
    });

    it('wants exactly one kind per sweep dimension', () => {
      assert.deepEqual(
        problemsOf(
          'experiments:\n  a:\n    command: x\n    sweep: {method: random, trials: 3, space: {lr: {uniform: [0, 1], log: [1, 2]}}}\n',
        ),
        [
          '4:52 experiments.a.sweep.space.lr needs exactly one of: values, uniform, log, loguniform, int, logint (found: uniform, log)',
        ],
      );
    });
  });

  describe('tfjs layers', () => {
    const tfjs = (layers: string) =>
      yaml`
        experiments:
          churn:
            trainer: tfjs
            data: {train: d.csv, label: y}
            model:
              layers:
      ` +
      layers
        .split('\n')
        .map((line) => `      ${line}\n`)
        .join('');

    it('names an unknown layer, its place and every allowed layer', () => {
      assert.deepEqual(problemsOf(tfjs('- {densee: 32, activation: relu}')), [
        "7:10 unknown layer 'densee' in experiments.churn.model.layers[0]; allowed: dense, dropout, batchNorm, layerNorm, conv1d, conv2d, flatten, maxPool1d, maxPool2d, avgPool1d, avgPool2d, globalMaxPool1d, globalMaxPool2d, globalAvgPool1d, globalAvgPool2d, lstm, gru, embedding, reshape (did you mean 'dense'?)",
      ]);
    });

    it('names an unknown option of a known layer', () => {
      assert.deepEqual(problemsOf(tfjs('- {dense: 1, activaton: sigmoid}')), [
        "7:20 unknown option 'activaton' for layer 'dense' in experiments.churn.model.layers[0]; allowed: activation, kernelSize, strides, padding, poolSize, useBias, kernelInitializer, l2, inputDim, returnSequences, name (did you mean 'activation'?)",
      ]);
    });

    it('checks each layer value and its required options', () => {
      assert.deepEqual(
        problemsOf(
          tfjs('- {dense: 0}\n- {dropout: 1.5}\n- {conv1d: 8}\n- {dense: 4, dropout: 0.1}\n- {activation: relu}'),
        ),
        [
          '7:10 experiments.churn.model.layers[0].dense must be number of units (integer > 0) (found 0)',
          '8:10 experiments.churn.model.layers[1].dropout must be drop rate in [0, 1) (found 1.5)',
          '9:10 experiments.churn.model.layers[2] (conv1d) needs kernelSize',
          '10:20 experiments.churn.model.layers[3] has 2 layer keys (dense, dropout); put each layer in its own list item',
          '11:9 experiments.churn.model.layers[4] has no layer key; use one of: dense, dropout, batchNorm, layerNorm, conv1d, conv2d, flatten, maxPool1d, maxPool2d, avgPool1d, avgPool2d, globalMaxPool1d, globalMaxPool2d, globalAvgPool1d, globalAvgPool2d, lstm, gru, embedding, reshape',
        ],
      );
    });
  });

  describe('meaning', () => {
    it('wants exactly one of command and trainer', () => {
      assert.deepEqual(problemsOf('experiments:\n  a:\n    params: {lr: 1}\n'), [
        "2:3 experiment 'a' needs either command (an argv list or a string) or trainer: tfjs",
      ]);
      assert.deepEqual(
        problemsOf(
          'experiments:\n  a:\n    command: x\n    trainer: tfjs\n    data: {train: d.csv, label: y}\n    model: {layers: [{dense: 1}]}\n',
        ),
        [
          "4:5 experiment 'a' has both command and trainer; keep command to run your own script, or trainer: tfjs for the built-in trainer",
        ],
      );
    });

    it('wants data {train, label} and model.layers for the tfjs trainer', () => {
      assert.deepEqual(problemsOf('experiments:\n  t:\n    trainer: tfjs\n'), [
        "2:3 tfjs experiment 't' needs data: {train: PATH, label: COLUMN}",
        "2:3 tfjs experiment 't' needs model.layers, e.g. [{dense: 32, activation: relu}, {dense: 1, activation: sigmoid}]",
      ]);
      assert.deepEqual(
        problemsOf(
          'experiments:\n  t:\n    trainer: tfjs\n    data: {train: d.csv}\n    model: {layers: [{dense: 1}]}\n',
        ),
        ["4:5 tfjs experiment 't' needs data.label, the column to predict"],
      );
      assert.deepEqual(
        problemsOf('experiments:\n  t:\n    trainer: tfjs\n    data: [d.csv]\n    model: {layers: [{dense: 1}]}\n'),
        ["4:11 tfjs experiment 't' needs data as a map {train: PATH, label: COLUMN}, not a list"],
      );
    });

    it('underlines a placeholder that names no param, listing the params there are', () => {
      const text = `experiments:\n  a:\n    command: [python, t.py, --lr, "${param('lrr')}"]\n    params: {lr: 0.1}\n`;
      assert.deepEqual(problemsOf(text), [
        "3:36 ${params.lrr} in experiments.a.command[3] refers to an undefined param; defined: lr (did you mean 'lr'?)",
      ]);
      const [problem] = parseSpec(text).problems;
      assert.equal(problem.endColumn - problem.column, '${params.lrr}'.length);
      assert.deepEqual(problemsOf(`experiments:\n  a:\n    command: x\n    env: {SEED: "${param('seed')}"}\n`), [
        '4:18 ${params.seed} in experiments.a.env.SEED refers to an undefined param; this experiment defines no params',
      ]);
    });

    it('checks sweep spaces against the method', () => {
      assert.deepEqual(
        problemsOf('experiments:\n  a:\n    command: x\n    sweep: {method: grid, space: {lr: {log: [0.001, 0.1]}}}\n'),
        [
          "4:40 a grid cannot enumerate the float range of 'lr'. Use values: [...] or int: [low, high] for a grid, or method: random or tpe.",
        ],
      );
      assert.deepEqual(
        problemsOf(
          'experiments:\n  a:\n    command: x\n    sweep: {method: random, space: {lr: {log: [0, 1]}, b: {int: [8, 4]}}, earlyStop: median}\n',
        ),
        [
          "4:5 random sweep of 'a' needs trials, the number of runs to sample",
          "4:42 log range for 'lr' must be positive (found low 0). A log scale needs low > 0, e.g. [1e-5, 1e-1]; use uniform for ranges that include 0.",
          "4:60 sweep range for 'b' must be [low, high] with low < high (found [8, 4]). Swap the bounds, or use values: [x] for a constant.",
          "4:75 earlyStop: median in 'a' needs metric: {name, goal} to compare runs",
        ],
      );
    });

    it('checks tpe sweeps, early-stop objects and conditions', () => {
      assert.deepEqual(
        problemsOf(
          'experiments:\n  a:\n    command: x\n    sweep:\n      method: tpe\n      trials: 4\n      earlyStop: {rule: asha, minSteps: 2}\n' +
            '      space: {opt: {values: [sgd, adam]}, momentum: {uniform: [0, 1]}, wd: {loguniform: [-1, 1]}}\n      conditions: {momentum: {opt: [rmsprop]}}\n',
        ),
        [
          "5:7 tpe sweep of 'a' needs metric: {name, goal}, the value it optimises",
          "7:7 earlyStop: asha in 'a' needs metric: {name, goal} to compare runs",
          "8:77 loguniform range for 'wd' must be positive (found low -1). A log scale needs low > 0, e.g. [1e-5, 1e-1]; use uniform for ranges that include 0.",
          `9:30 condition of 'momentum' names "rmsprop", not among the values of 'opt'. 'opt' takes "sgd", "adam".`,
        ],
      );
    });

    it('checks that models and monitors refer to things that exist', () => {
      const text = yaml`
        experiments:
          train: {command: x}
        models:
          churn: {experiment: trian}
        monitors:
          a: {model: churn@production, reference: r.csv, current: predictions, retrain: {on: [drift], experiment: nope}}
          b: {model: "churn@", reference: r.csv, current: predictions}
          c: {model: "chrun:3", reference: r.csv, current: predictions}
      `;
      assert.deepEqual(problemsOf(text), [
        "4:23 model 'churn' refers to unknown experiment 'trian'; known experiments: train (did you mean 'train'?)",
        "6:107 monitor 'a' retrain refers to unknown experiment 'nope'; known experiments: train",
        "7:14 monitor 'b' has a malformed model reference 'churn@'; use NAME, NAME@ALIAS or NAME:VERSION",
        "8:14 monitor 'c' refers to unknown model 'chrun'; known models: churn (did you mean 'churn'?)",
      ]);
    });
  });
});
