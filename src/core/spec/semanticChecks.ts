/**
 * Checks a schema-valid mlops.yaml value for what JSON Schema cannot express: command xor trainer,
 * tfjs requirements, layer shapes, `${params.x}` references, sweep spaces, gate syntax, data paths
 * and cross-references.
 */
import { GateSyntaxError } from '../registry/gates/lexer';
import { parseGate } from '../registry/gates/parser';
import { closestName } from './closestName';
import { DATA_PATH_HINT, dataPathProblem } from './dataPaths';
import { tryParseModelRef } from './modelRef';
import { lookupParam, malformedPlaceholderMessage, malformedPlaceholders, placeholdersIn } from './placeholders';
import type { SpecIssue } from './specIssue';
import { checkLayer } from './tfjsLayers';
import { validateTfjsModel } from '../tfjs/validateModel';
import type { ExperimentSpec, SweepSpec } from './types';
import { spaceProblems } from '../sweep/space';
import type { SweepMethod } from '../sweep/types';
import { formatPath, type PathSegment } from './yamlPositions';

type Obj = Record<string, unknown>;

const TFJS_ONLY_KEYS = ['preprocess', 'model', 'train'] as const;

export function semanticChecks(root: Obj): SpecIssue[] {
  const experiments = (root.experiments ?? {}) as Record<string, Obj>;
  const models = (root.models ?? {}) as Record<string, Obj>;
  const monitors = (root.monitors ?? {}) as Record<string, Obj>;
  const issues: SpecIssue[] = [];
  for (const [name, experiment] of Object.entries(experiments))
    for (const item of checkExperiment(name, experiment)) issues.push(item);
  const experimentNames = Object.keys(experiments);
  for (const [name, model] of Object.entries(models)) {
    if (typeof model.experiment === 'string') {
      for (const item of checkReference(
        model.experiment,
        experimentNames,
        'experiment',
        ['models', name, 'experiment'],
        `model '${name}'`,
      ))
        issues.push(item);
    }
    for (const item of checkGates(name, (model.gates ?? []) as string[])) issues.push(item);
  }
  for (const [name, monitor] of Object.entries(monitors))
    for (const item of checkMonitor(name, monitor, Object.keys(models), experimentNames)) issues.push(item);
  return issues;
}

function checkExperiment(name: string, experiment: Obj): SpecIssue[] {
  const path = ['experiments', name];
  const issues: SpecIssue[] = [];
  const hasCommand = experiment.command !== undefined;
  const isTfjs = experiment.trainer === 'tfjs';
  if (hasCommand && isTfjs) {
    issues.push({
      message: `experiment '${name}' has both command and trainer; keep command to run your own script, or trainer: tfjs for the built-in trainer`,
      path,
      anchor: { kind: 'key', key: 'trainer' },
    });
  } else if (!hasCommand && !isTfjs) {
    issues.push({
      message: `experiment '${name}' needs either command (an argv list or a string) or trainer: tfjs`,
      path,
      anchor: { kind: 'owner' },
    });
  }
  if (isTfjs) for (const item of checkTfjs(name, experiment)) issues.push(item);
  else if (hasCommand) {
    for (const key of TFJS_ONLY_KEYS) {
      if (experiment[key] !== undefined) {
        issues.push({
          message: `${key} in experiment '${name}' is only used by trainer: tfjs; this experiment runs its command, which ignores it`,
          path,
          anchor: { kind: 'key', key },
          severity: 'warning',
        });
      }
    }
  }
  for (const item of checkPlaceholders(name, experiment)) issues.push(item);
  for (const item of checkDataPaths(experimentDataPaths(name, experiment.data))) issues.push(item);
  if (experiment.sweep) for (const item of checkSweep(name, experiment)) issues.push(item);
  return issues;
}

function checkTfjs(name: string, experiment: Obj): SpecIssue[] {
  const path = ['experiments', name];
  const issues: SpecIssue[] = [];
  const data = experiment.data;
  if (data === undefined) {
    issues.push({
      message: `tfjs experiment '${name}' needs data: {train: PATH, label: COLUMN}`,
      path,
      anchor: { kind: 'owner' },
    });
  } else if (Array.isArray(data)) {
    issues.push({
      message: `tfjs experiment '${name}' needs data as a map {train: PATH, label: COLUMN}, not a list`,
      path: [...path, 'data'],
      anchor: { kind: 'value' },
    });
  } else if ((data as Obj).label === undefined) {
    issues.push({
      message: `tfjs experiment '${name}' needs data.label, the column to predict`,
      path: [...path, 'data'],
      anchor: { kind: 'owner' },
    });
  }
  const layers = (experiment.model as Obj | undefined)?.layers as Obj[] | undefined;
  if (!layers) {
    issues.push({
      message: `tfjs experiment '${name}' needs model.layers, e.g. [{dense: 32, activation: relu}, {dense: 1, activation: sigmoid}]`,
      path,
      anchor: { kind: 'owner' },
    });
    return issues;
  }
  layers.forEach((layer, i) => {
    const layerPath: PathSegment[] = [...path, 'model', 'layers', i];
    for (const problem of checkLayer(layer, `experiments.${name}.model.layers[${i}]`)) {
      issues.push({
        message: problem.message,
        path: layerPath,
        anchor: problem.key ? { kind: 'key', key: problem.key } : { kind: 'value' },
      });
    }
  });
  if (issues.length > 0) return issues;
  // Shapes (conv on flat input, windows larger than the input, a model that does not end flat) need the whole stack.
  for (const problem of validateTfjsModel(
    { ...(experiment as unknown as ExperimentSpec), name },
    { includeSpecChecks: false },
  )) {
    issues.push({
      message: problem.message,
      path: problem.segments,
      anchor: { kind: 'value' },
      severity: problem.severity,
    });
  }
  return issues;
}

function checkPlaceholders(name: string, experiment: Obj): SpecIssue[] {
  const params = (experiment.params ?? {}) as Obj;
  const swept = Object.keys(((experiment.sweep as Obj | undefined)?.space ?? {}) as Obj);
  const defined = (ref: string) =>
    lookupParam(params, ref).found || swept.includes(ref) || swept.some((s) => ref.startsWith(`${s}.`));
  const known = [...new Set([...Object.keys(params), ...swept])];
  const issues: SpecIssue[] = [];
  for (const { text, path } of templatedStrings(name, experiment)) {
    for (const found of malformedPlaceholders(text)) {
      issues.push({
        message: `${malformedPlaceholderMessage(found)} (in ${formatPath(path)})`,
        path,
        anchor: { kind: 'value' },
        needle: found,
      });
    }
    for (const ref of placeholdersIn(text)) {
      if (defined(ref)) continue;
      const suggestion = closestName(ref, known);
      issues.push({
        message:
          `\${params.${ref}} in ${formatPath(path)} refers to an undefined param; ` +
          (known.length ? `defined: ${known.join(', ')}` : 'this experiment defines no params') +
          (suggestion ? ` (did you mean '${suggestion}'?)` : ''),
        path,
        anchor: { kind: 'value' },
        needle: `\${params.${ref}}`,
      });
    }
  }
  return issues;
}

function templatedStrings(name: string, experiment: Obj): Array<{ text: string; path: PathSegment[] }> {
  const base = ['experiments', name];
  const out: Array<{ text: string; path: PathSegment[] }> = [];
  const command = experiment.command;
  if (typeof command === 'string') out.push({ text: command, path: [...base, 'command'] });
  else if (Array.isArray(command))
    command.forEach((item, i) => out.push({ text: String(item), path: [...base, 'command', i] }));
  if (typeof experiment.cwd === 'string') out.push({ text: experiment.cwd, path: [...base, 'cwd'] });
  for (const [key, value] of Object.entries((experiment.env ?? {}) as Obj))
    out.push({ text: String(value), path: [...base, 'env', key] });
  return out;
}

function checkSweep(name: string, experiment: Obj): SpecIssue[] {
  const sweep = experiment.sweep as Obj;
  const path = ['experiments', name, 'sweep'];
  const issues: SpecIssue[] = [];
  if ((sweep.method === 'random' || sweep.method === 'tpe') && sweep.trials === undefined) {
    issues.push({
      message: `${String(sweep.method)} sweep of '${name}' needs trials, the number of runs to sample`,
      path,
      anchor: { kind: 'owner' },
    });
  }
  const earlyStop = sweep.earlyStop as string | Obj | undefined;
  const rule = typeof earlyStop === 'object' && earlyStop ? earlyStop.rule : earlyStop;
  if (rule !== undefined && rule !== 'none' && experiment.metric === undefined) {
    issues.push({
      message: `earlyStop: ${String(rule)} in '${name}' needs metric: {name, goal} to compare runs`,
      path,
      anchor: { kind: 'key', key: 'earlyStop' },
    });
  }
  if (sweep.method === 'tpe' && experiment.metric === undefined) {
    issues.push({
      message: `tpe sweep of '${name}' needs metric: {name, goal}, the value it optimises`,
      path,
      anchor: { kind: 'key', key: 'method' },
    });
  }
  const space = { space: sweep.space as SweepSpec['space'], conditions: sweep.conditions as SweepSpec['conditions'] };
  for (const problem of spaceProblems(space, sweep.method as SweepMethod)) {
    if (problem.param === null) {
      issues.push({
        message: `${problem.message}. ${problem.hint}`,
        path: [...path, 'space'],
        anchor: { kind: 'value' },
      });
    } else if (problem.key === 'conditions') {
      issues.push({
        message: `${problem.message}. ${problem.hint}`,
        path: [...path, 'conditions', problem.param],
        anchor: { kind: 'value' },
      });
    } else {
      issues.push({
        message: `${problem.message}. ${problem.hint}`,
        path: [...path, 'space', problem.param],
        anchor: problem.key ? { kind: 'key', key: problem.key } : { kind: 'value' },
      });
    }
  }
  return issues;
}

/** Every gate rule parsed by the registry's own parser, so a rule that cannot run is an error where it is written. */
function checkGates(model: string, gates: string[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  gates.forEach((rule, i) => {
    try {
      parseGate(rule);
    } catch (err) {
      if (!(err instanceof GateSyntaxError)) throw err;
      const token = /^\S*/.exec(rule.slice(err.at))![0];
      issues.push({
        message: `${err.message}. ${err.hint}`,
        path: ['models', model, 'gates', i],
        anchor: { kind: 'value' },
        span: { start: err.at, length: Math.max(1, token.length) },
      });
    }
  });
  return issues;
}

function experimentDataPaths(name: string, data: unknown): Array<{ text: string; path: PathSegment[] }> {
  const base = ['experiments', name, 'data'];
  if (Array.isArray(data)) return data.map((text, i) => ({ text: String(text), path: [...base, i] }));
  if (!data || typeof data !== 'object') return [];
  return (['train', 'test'] as const)
    .filter((key) => typeof (data as Obj)[key] === 'string')
    .map((key) => ({ text: (data as Obj)[key] as string, path: [...base, key] }));
}

function checkDataPaths(paths: Array<{ text: string; path: PathSegment[] }>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const { text, path } of paths) {
    const problem = dataPathProblem(text);
    if (problem)
      issues.push({
        message: `data path '${text}' in ${formatPath(path)} ${problem}; ${DATA_PATH_HINT}`,
        path,
        anchor: { kind: 'value' },
      });
  }
  return issues;
}

function checkMonitor(name: string, monitor: Obj, modelNames: string[], experimentNames: string[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const files = (['reference', 'current'] as const).filter(
    (key) => typeof monitor[key] === 'string' && !(key === 'current' && monitor[key] === 'predictions'),
  );
  for (const item of checkDataPaths(
    files.map((key) => ({ text: monitor[key] as string, path: ['monitors', name, key] })),
  ))
    issues.push(item);
  const modelText = monitor.model as string;
  const ref = tryParseModelRef(modelText);
  if (!ref) {
    issues.push({
      message: `monitor '${name}' has a malformed model reference '${modelText}'; use NAME, NAME@ALIAS or NAME:VERSION`,
      path: ['monitors', name, 'model'],
      anchor: { kind: 'value' },
    });
  } else {
    for (const item of checkReference(ref.name, modelNames, 'model', ['monitors', name, 'model'], `monitor '${name}'`))
      issues.push(item);
  }
  const retrain = monitor.retrain as Obj | undefined;
  if (retrain && typeof retrain.experiment === 'string') {
    for (const item of checkReference(
      retrain.experiment,
      experimentNames,
      'experiment',
      ['monitors', name, 'retrain', 'experiment'],
      `monitor '${name}' retrain`,
    ))
      issues.push(item);
  }
  return issues;
}

function checkReference(
  target: string,
  known: string[],
  what: string,
  path: PathSegment[],
  owner: string,
): SpecIssue[] {
  if (known.includes(target)) return [];
  const suggestion = closestName(target, known);
  const list = known.length ? `known ${what}s: ${known.join(', ')}` : `mlops.yaml defines no ${what}s`;
  return [
    {
      message: `${owner} refers to unknown ${what} '${target}'; ${list}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      path,
      anchor: { kind: 'value' },
    },
  ];
}
