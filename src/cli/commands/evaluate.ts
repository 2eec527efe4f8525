import { resolve } from 'node:path';
import { readTable } from '../../core/data/readTable';
import type { Column, Table } from '../../core/data/table';
import { MlopsError } from '../../core/errors';
import { evaluateInputs } from '../../core/evaluation/evaluate';
import {
  looseEvaluationPath,
  runEvaluationPath,
  versionEvaluationPath,
  writeEvaluation,
} from '../../core/evaluation/evaluationFiles';
import { permutationImportance } from '../../core/evaluation/importance';
import type { ClassScoreColumn } from '../../core/evaluation/classScores';
import { checkInputs, type EvalColumns, type EvalOptions } from '../../core/evaluation/inputs';
import type { EvalTask, EvaluationReport } from '../../core/evaluation/types';
import { FileRegistryStore } from '../../core/registry';
import { FileRunStore } from '../../core/store/fileRunStore';
import { newRunId } from '../../core/tracking/runId';
import { openModel, predictTable } from '../../backend/evaluation/modelPredictor';
import { option, type CliCommand, type CliContext } from '../command';
import { progressLine } from '../progressLine';
import { dataPath, numberOption } from './dataArgs';
import { evaluationText } from './evaluateText';
import { openEvaluationInVsCode } from './openInVsCode';

const TASKS: EvalTask[] = ['binary', 'multiclass', 'regression'];
/** Metrics where lower is better: permutation importance negates them, as scikit-learn's neg_* scorers do. */
const LOWER_IS_BETTER = new Set(['mae', 'rmse', 'mape', 'log_loss', 'brier']);

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  usage:
    'evaluate --predictions FILE --label COL [--score COL | --score P_A,P_B,… | --prediction COL] [--task binary|multiclass|regression] [--group COL] [--threshold 0.5] [--positive LABEL] [--run RUN] [--open]\n' +
    '       evaluate MODEL@STAGE --data FILE --label COL [--group COL] [--importance [--repeats 5] [--seed 0] [--scoring METRIC]] [--run RUN] [--open]',
  summary:
    'classification and regression metrics, curves, slices and fairness gaps of predictions or of a registered model',
  valueOptions: [
    'predictions',
    'data',
    'label',
    'score',
    'prediction',
    'task',
    'group',
    'threshold',
    'positive',
    'run',
    'repeats',
    'seed',
    'scoring',
  ],
  flags: ['importance', 'open'],
  async run(ctx) {
    const [modelRef, extra] = ctx.args.positionals;
    if (extra !== undefined)
      throw new MlopsError(`evaluate takes one model reference, got '${extra}' too`, 'bad-input');
    const label = option(ctx.args, 'label');
    if (!label)
      throw new MlopsError(
        '--label is required',
        'bad-input',
        'Name the column that holds the true label or target: --label COL.',
      );
    const opts = evalOptions(ctx);
    const runId = option(ctx.args, 'run')
      ? await new FileRunStore(ctx.workspace).resolveRunId(option(ctx.args, 'run')!)
      : undefined;
    const progress = progressLine(ctx, 'evaluate');
    const report = modelRef
      ? await evaluateModel(ctx, modelRef, label, opts, progress)
      : await evaluatePredictions(ctx, label, opts, progress);
    progress.done();
    const written: string[] = [];
    if (modelRef)
      written.push(
        versionEvaluationPath(
          ctx.workspace,
          report.source.model!.split(':')[0],
          Number(report.source.model!.split(':')[1]),
        ),
      );
    if (runId) written.push(runEvaluationPath(new FileRunStore(ctx.workspace).runDir(runId)));
    if (ctx.args.flags.has('open') && written.length === 0)
      written.push(looseEvaluationPath(ctx.workspace, newRunId()));
    for (const path of written) await writeEvaluation(path, report);
    if (ctx.args.flags.has('open')) {
      const problem = await openEvaluationInVsCode(written[written.length - 1], runId);
      if (problem) ctx.stderr.write(`warning: ${problem}\n`);
    }
    const notes = written.map((p) => `written to ${p}`);
    return { json: ctx.json ? report : undefined, text: [evaluationText(report), ...notes].join('\n') };
  },
};

function evalOptions(ctx: CliContext): EvalOptions {
  const task = option(ctx.args, 'task');
  if (task !== undefined && !TASKS.includes(task as EvalTask))
    throw new MlopsError(`--task must be binary, multiclass or regression, got '${task}'`, 'bad-input');
  return {
    task: task as EvalTask | undefined,
    threshold: numberOption(ctx, 'threshold', 0, 1),
    positiveLabel: option(ctx.args, 'positive'),
  };
}

/** A column named by an option, or an error naming the option, the column and the file's columns. */
function roleColumn(table: Table, name: string | undefined, role: string): Column | undefined {
  if (name === undefined) return undefined;
  const column = table.columns.find((c) => c.name === name);
  if (!column)
    throw new MlopsError(
      `the ${role} column '${name}' is not in ${table.source}.`,
      'bad-input',
      `Its columns are: ${table.columns.map((c) => c.name).join(', ')}.`,
    );
  return column;
}

async function readData(ctx: CliContext, path: string, progress: ReturnType<typeof progressLine>): Promise<Table> {
  const table = await readTable(path, {
    signal: ctx.signal,
    onProgress: (d, t) => progress.update(Math.round(d / 1e6), Math.round(t / 1e6)),
  });
  if (table.rowCount === 0)
    throw new MlopsError(
      `${path} has no rows to evaluate`,
      'bad-input',
      'Check that the file holds rows below its header.',
    );
  return table;
}

async function evaluatePredictions(
  ctx: CliContext,
  label: string,
  opts: EvalOptions,
  progress: ReturnType<typeof progressLine>,
): Promise<EvaluationReport> {
  for (const o of ['data', 'importance'] as const) {
    if (ctx.args.options.has(o) || ctx.args.flags.has(o))
      throw new MlopsError(
        `--${o} needs a model to run: mlops evaluate MODEL@STAGE --data FILE …`,
        'bad-input',
        'To evaluate a file of predictions, pass it with --predictions.',
      );
  }
  const file = option(ctx.args, 'predictions');
  if (!file)
    throw new MlopsError(
      'evaluate needs --predictions FILE, or a model reference and --data FILE',
      'bad-input',
      'e.g. mlops evaluate --predictions preds.csv --label y --score p',
    );
  const table = await readData(ctx, dataPath(ctx, file), progress);
  const score = option(ctx.args, 'score');
  const perClass = score !== undefined && /[,=]/.test(score);
  const cols: EvalColumns = {
    label: roleColumn(table, label, 'label')!,
    score: perClass ? undefined : roleColumn(table, score, 'score'),
    classScores: perClass ? classScoreColumns(table, score) : undefined,
    prediction: roleColumn(table, option(ctx.args, 'prediction'), 'prediction'),
    group: roleColumn(table, option(ctx.args, 'group'), 'group'),
  };
  return evaluateInputs(checkInputs(cols, opts), { predictions: displayPath(ctx, file) });
}

/** `--score p_cat,p_dog,p_emu` or `--score cat=c0,dog=c1,emu=c2`: one probability column per class. */
function classScoreColumns(table: Table, spec: string): ClassScoreColumn[] {
  return spec.split(',').map((item) => {
    const part = item.trim();
    const eq = part.indexOf('=');
    const [label, name] = eq < 0 ? [undefined, part] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (!name || label === '')
      throw new MlopsError(
        `--score ${spec}: '${item}' is not a column or LABEL=COL`,
        'bad-input',
        'List one probability column per class, separated by commas: --score p_a,p_b,p_c or --score a=col1,b=col2,c=col3.',
      );
    return { label, column: roleColumn(table, name, 'score')! };
  });
}

function displayPath(ctx: CliContext, file: string): string {
  const abs = resolve(ctx.workspace, file);
  return abs.startsWith(ctx.workspace + '/') ? abs.slice(ctx.workspace.length + 1) : file;
}

async function evaluateModel(
  ctx: CliContext,
  ref: string,
  label: string,
  opts: EvalOptions,
  progress: ReturnType<typeof progressLine>,
): Promise<EvaluationReport> {
  for (const o of ['predictions', 'score', 'prediction']) {
    if (ctx.args.options.has(o))
      throw new MlopsError(
        `--${o} is for a predictions file; with a model, the model makes the predictions`,
        'bad-input',
        `Leave --${o} out, or drop ${ref} to evaluate a file of predictions.`,
      );
  }
  const file = option(ctx.args, 'data');
  if (!file)
    throw new MlopsError(
      `evaluating ${ref} needs --data FILE (the rows to predict, with the label column)`,
      'bad-input',
    );
  const table = await readData(ctx, dataPath(ctx, file), progress);
  const labelColumn = roleColumn(table, label, 'label')!;
  const group = roleColumn(table, option(ctx.args, 'group'), 'group');
  const model = await openModel(ctx.workspace, new FileRegistryStore(ctx.workspace), ref);
  try {
    const features = model.features(table, [label]);
    let first = true;
    const predictAll = async (t: Table) => {
      const onProgress = first ? (d: number, total: number) => progress.update(d, total) : undefined;
      first = false;
      return predictTable(model.predictor, t, features, { signal: ctx.signal, onProgress });
    };
    const reportOf = async (t: Table, source: Partial<EvaluationReport['source']>) => {
      const { prediction, probabilities } = await predictAll(t);
      const base = checkInputs({ label: labelColumn, prediction, group }, opts);
      let score: Column | undefined;
      if (base.task === 'binary' && probabilities?.has(base.positiveLabel!)) {
        score = {
          name: `p(${base.positiveLabel})`,
          kind: 'numeric',
          values: probabilities.get(base.positiveLabel!)!,
          missing: 0,
          integer: false,
        };
      }
      const checked = { ...opts, task: base.task, positiveLabel: base.positiveLabel };
      if (base.task === 'multiclass' && probabilities) {
        const classScores = [...probabilities].map(([cls, values]) => ({
          label: cls,
          column: { name: `p(${cls})`, kind: 'numeric', values, missing: 0, integer: false } as Column,
        }));
        try {
          return evaluateInputs(checkInputs({ label: labelColumn, prediction, group, classScores }, checked), source);
        } catch (err) {
          if (!(err instanceof MlopsError)) throw err;
          const report = evaluateInputs(checkInputs({ label: labelColumn, prediction, group }, checked), source);
          report.warnings.push(`the model's class probabilities were not used: ${err.message}`);
          return report;
        }
      }
      return evaluateInputs(checkInputs({ label: labelColumn, prediction, score, group }, checked), source);
    };
    const source = { model: `${model.plan.version.model}:${model.plan.version.version}`, data: displayPath(ctx, file) };
    const report = await reportOf(table, source);
    if (ctx.args.flags.has('importance')) {
      const scoring = option(ctx.args, 'scoring') ?? (report.task === 'regression' ? 'r2' : 'accuracy');
      if (!(scoring in report.metrics) || report.metrics[scoring] === null) {
        throw new MlopsError(
          `--scoring ${scoring} is not a metric of this evaluation`,
          'bad-input',
          `Use one of ${Object.entries(report.metrics)
            .filter(([, v]) => v !== null)
            .map(([k]) => k)
            .join(', ')}.`,
        );
      }
      const sign = LOWER_IS_BETTER.has(scoring) ? -1 : 1;
      report.importance = await permutationImportance({
        table,
        features: features.filter((f) => f !== label),
        scoring: sign < 0 ? `neg_${scoring}` : scoring,
        repeats: numberOption(ctx, 'repeats', 1, 1000) ?? 5,
        seed: numberOption(ctx, 'seed', 0, 2 ** 32 - 1) ?? 0,
        signal: ctx.signal,
        score: async (t) => sign * ((await reportOf(t, source)).metrics[scoring] as number),
        onProgress: (d, t) => progress.update(d, t),
      });
    }
    return report;
  } finally {
    await model.close();
  }
}
