/**
 * One training run of the built-in tfjs trainer, start to finish: settings, data, engine, training, test
 * metrics, the model artifact and `<runDir>/trainer.json` (which the backend merges into run.json).
 */
import { join } from 'node:path';
import { errorMessage } from '../../core/errors';
import type { ExperimentSpec } from '../../core/spec/types';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import { RunLogger } from '../../core/tracking/runLogger';
import { LAYERS_WITHOUT_WASM_GRADIENTS } from '../../core/tfjs/layerSpec';
import { outputUnits } from '../../core/tfjs/labels';
import { resolveTrainSettings, type TrainSettings } from '../../core/tfjs/trainSettings';
import { buildModel, compileModel, type Model } from './buildModel';
import { nativeSearchPaths } from './engine/probeNative';
import { selectEngine, type EngineName, type TierAttempt } from './engine/selectEngine';
import { predictRaw, scoreOutputs } from './evaluate';
import { prepareData, type EncodedSet, type PreparedData } from './prepareData';
import { saveModelArtifact } from './saveArtifact';
import { TFJS_VERSION, type Tf } from './tf';
import { trainLoop, type TrainOutcome } from './trainLoop';

export const TRAINER_REPORT_FILE = 'trainer.json';
export const MODEL_ARTIFACT_DIR = 'artifacts/model';

export interface TrainerRunOptions {
  runDir: string;
  workspace: string;
  spec: ExperimentSpec;
  params?: Record<string, unknown>;
  runId?: string;
  signal?: AbortSignal;
  /** Force an engine tier (MLOPS_TFJS_ENGINE). */
  engine?: EngineName;
  /** Where to resolve native tfjs packages from; default nativeSearchPaths(workspace). */
  nativePaths?: string[];
  batchLogIntervalMs?: number;
  log?: (line: string) => void;
}

/** `<runDir>/trainer.json`: merged into run.json by the backend; written once the engine is chosen and again at the end. */
export interface TrainerReport {
  status: 'training' | 'completed' | 'stopped' | 'failed';
  /** The error that ended a failed run. */
  error?: string;
  engine: EngineName;
  engineReason: string;
  tiersTried: TierAttempt[];
  usingGpu: boolean;
  tfjsVersion: string;
  task: 'classification' | 'regression';
  classes?: Array<string | number>;
  inputShape: number[];
  rows: { train: number; validation: number; test: number; skipped: number };
  droppedColumns: Array<{ column: string; reason: string }>;
  epochsPlanned: number;
  epochsCompleted?: number;
  samplesPerSec?: number;
  stoppedEarly?: TrainOutcome['stoppedEarly'];
  stoppedBySignal?: boolean;
  evaluatedOn?: PreparedData['evaluatedOn'];
  metrics?: Record<string, number>;
  artifact?: string;
}

function wasmBlocker(data: PreparedData): string | undefined {
  const blocked = [
    ...new Set(data.model.layers.map((l) => l.kind).filter((k) => LAYERS_WITHOUT_WASM_GRADIENTS.has(k))),
  ];
  return blocked.length ? `the model has ${blocked.join(', ')}, whose gradients the wasm backend lacks` : undefined;
}

function makeModel(tf: Tf, data: PreparedData, settings: TrainSettings): Model {
  const model = buildModel(tf, {
    layers: data.model.layers,
    inputShapes: data.model.inputShapes,
    inputShape: data.features.inputShape,
    seed: settings.seed,
  });
  compileModel(tf, model, data.label, settings.optimizer, settings.learningRate);
  return model;
}

function tensorsOf(tf: Tf, set: EncodedSet, data: PreparedData) {
  return [
    tf.tensor(set.x, [set.n, ...data.features.inputShape]),
    tf.tensor(set.y, [set.n, outputUnits(data.label)]),
  ] as const;
}

/** One training step on two real rows, with a throw-away copy of the model: proves every kernel exists. */
function smokeTest(data: PreparedData, settings: TrainSettings) {
  return async (tf: Tf) => {
    const model = makeModel(tf, data, settings);
    const rows = Math.min(2, data.train.n);
    const width = data.features.inputShape.reduce((a, d) => a * d, 1);
    const units = outputUnits(data.label);
    const x = tf.tensor(data.train.x.subarray(0, rows * width), [rows, ...data.features.inputShape]);
    const y = tf.tensor(data.train.y.subarray(0, rows * units), [rows, units]);
    try {
      await model.trainOnBatch(x, y);
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  };
}

function prefixed(metrics: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}${k}`, v]));
}

export async function runTrainer(o: TrainerRunOptions): Promise<TrainerReport> {
  const log = o.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const settings = resolveTrainSettings(o.spec, o.params ?? {});
  const logger = new RunLogger(o.runDir);
  const reportPath = join(o.runDir, TRAINER_REPORT_FILE);
  let started: TrainerReport | null = null;
  try {
    const { earlyStopping, task, ...plain } = settings;
    logger.logParams({
      ...(o.params ?? {}),
      train: { ...plain, ...(task ? { task } : {}), ...(earlyStopping ? { earlyStopping } : {}) },
    });
    const data = await prepareData(o.spec, settings, o.workspace, o.signal);
    for (const d of data.features.dropped) log(`column ${d.column} left out: ${d.reason}`);
    const engine = await selectEngine({
      force: o.engine,
      wasmUnsupported: wasmBlocker(data),
      smokeTest: smokeTest(data, settings),
      nativePaths: o.nativePaths ?? nativeSearchPaths(o.workspace),
    });
    for (const t of engine.tiersTried) log(`engine ${t.engine}: ${t.ok ? 'selected' : 'skipped'}: ${t.reason}`);
    const report: TrainerReport = {
      status: 'training',
      engine: engine.name,
      engineReason: engine.reason,
      tiersTried: engine.tiersTried,
      usingGpu: engine.usingGpu,
      tfjsVersion: TFJS_VERSION,
      task: data.label.task,
      ...(data.label.task === 'classification' ? { classes: data.label.classes } : {}),
      inputShape: data.features.inputShape,
      rows: {
        train: data.train.n,
        validation: data.validation?.n ?? 0,
        test: data.test?.n ?? 0,
        skipped: data.skippedRows,
      },
      droppedColumns: data.features.dropped,
      epochsPlanned: settings.epochs,
    };
    writeJsonAtomicSync(reportPath, report);
    started = report;
    log(
      `training ${data.label.task} on ${data.train.n} rows, input [${data.features.inputShape.join(', ')}], ${settings.epochs} epochs, engine ${engine.name}`,
    );

    const tf = engine.tf;
    const model = makeModel(tf, data, settings);
    const [x, y] = tensorsOf(tf, data.train, data);
    const valSet = data.validation ?? data.test;
    const validation = valSet ? tensorsOf(tf, valSet, data) : undefined;
    try {
      const outcome = await trainLoop(
        tf,
        model,
        { x, y, validation: validation ? [validation[0], validation[1]] : undefined },
        {
          settings,
          label: data.label,
          sink: logger,
          signal: o.signal,
          batchLogIntervalMs: o.batchLogIntervalMs,
          log,
        },
      );
      const evalSet = data[data.evaluatedOn] ?? data.train;
      const outputs = await predictRaw(tf, model, evalSet.x, data.features.inputShape);
      const metrics = scoreOutputs(data.label, outputs, evalSet.truth);
      logger.logSummary(prefixed(metrics, 'test_'));
      log(
        `${data.evaluatedOn} metrics: ${Object.entries(metrics)
          .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
          .join(' ')}`,
      );
      await saveModelArtifact(tf, model, join(o.runDir, MODEL_ARTIFACT_DIR), {
        features: data.features,
        label: data.label,
        engine: engine.name,
        metrics,
        runId: o.runId,
        experiment: o.spec.name,
      });
      log(`model saved to ${join(o.runDir, MODEL_ARTIFACT_DIR)}`);
      Object.assign(report, {
        status: outcome.stoppedBySignal ? 'stopped' : 'completed',
        epochsCompleted: outcome.epochsCompleted,
        samplesPerSec: Math.round(outcome.samplesPerSec),
        stoppedEarly: outcome.stoppedEarly,
        stoppedBySignal: outcome.stoppedBySignal,
        evaluatedOn: data.evaluatedOn,
        metrics,
        artifact: MODEL_ARTIFACT_DIR,
      } satisfies Partial<TrainerReport>);
      writeJsonAtomicSync(reportPath, report);
      return report;
    } finally {
      tf.dispose([x, y, ...(validation ?? [])]);
      model.dispose();
    }
  } catch (err) {
    if (started)
      writeJsonAtomicSync(reportPath, {
        ...started,
        status: 'failed',
        error: errorMessage(err),
      } satisfies TrainerReport);
    throw err;
  } finally {
    logger.close();
  }
}
