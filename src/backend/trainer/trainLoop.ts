/**
 * The fit loop: per-epoch metrics, throttled per-batch metrics, early stopping with best-weight restore, and a
 * stop request (AbortSignal) honoured after the current batch.
 */
import { throwIfAborted } from '../../core/errors';
import type { LabelEncoder } from '../../core/tfjs/labels';
import type { TrainSettings } from '../../core/tfjs/trainSettings';
import type { Model } from './buildModel';
import type { Tf } from './tf';

type Tensor = ReturnType<Tf['tensor']>;

export interface MetricSink {
  logMetric(name: string, value: number, step?: number): void;
}

export interface TrainTensors {
  x: Tensor;
  y: Tensor;
  validation?: [Tensor, Tensor];
}

export interface TrainOutcome {
  epochsCompleted: number;
  stoppedEarly: { epoch: number; bestEpoch: number; monitor: string; best: number } | null;
  stoppedBySignal: boolean;
  samplesPerSec: number;
  /** The last epoch's metrics, named as logged. */
  lastEpoch: Record<string, number>;
}

export interface TrainLoopOptions {
  settings: TrainSettings;
  label: LabelEncoder;
  sink: MetricSink;
  signal?: AbortSignal;
  /** Minimum milliseconds between two per-batch metric points. */
  batchLogIntervalMs?: number;
  log?: (line: string) => void;
}

/** tfjs calls accuracy "acc"; regression metrics are mapped back from the standardized target to label units. */
export function renameLogs(logs: Record<string, number> | undefined, label: LabelEncoder): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, raw] of Object.entries(logs ?? {})) {
    if (key === 'batch' || key === 'size' || typeof raw !== 'number') continue;
    const name = key.replace(/(^|_)acc$/, '$1accuracy');
    let value = raw;
    if (label.task === 'regression') {
      if (/(^|_)loss$/.test(key)) value = raw * label.std * label.std;
      else if (/(^|_)mae$/.test(key)) value = raw * label.std;
    }
    out[name] = value;
  }
  return out;
}

class EarlyStopper {
  private best = NaN;
  private bestEpoch = -1;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;
  private readonly maximize: boolean;

  constructor(
    readonly monitor: string,
    private readonly patience: number,
    private readonly minDelta: number,
  ) {
    this.maximize = /accuracy$/.test(monitor);
  }

  /** Returns true when training should stop. */
  update(epoch: number, logs: Record<string, number>, model: Model): boolean {
    const v = logs[this.monitor];
    if (v === undefined || Number.isNaN(v)) return false;
    const improved =
      Number.isNaN(this.best) || (this.maximize ? v > this.best + this.minDelta : v < this.best - this.minDelta);
    if (improved) {
      this.best = v;
      this.bestEpoch = epoch;
      this.wait = 0;
      this.bestWeights?.forEach((t) => t.dispose());
      this.bestWeights = model.getWeights().map((w) => w.clone());
      return false;
    }
    return ++this.wait > this.patience;
  }

  restore(model: Model): { bestEpoch: number; best: number } {
    if (this.bestWeights) model.setWeights(this.bestWeights);
    return { bestEpoch: this.bestEpoch, best: this.best };
  }

  dispose(): void {
    this.bestWeights?.forEach((t) => t.dispose());
    this.bestWeights = null;
  }
}

export async function trainLoop(
  tf: Tf,
  model: Model,
  data: TrainTensors,
  options: TrainLoopOptions,
): Promise<TrainOutcome> {
  const { settings, label, sink, signal } = options;
  const log = options.log ?? (() => undefined);
  const interval = options.batchLogIntervalMs ?? 500;
  const monitor = settings.earlyStopping ? settings.earlyStopping.monitor.replace(/(^|_)acc$/, '$1accuracy') : null;
  const stopper =
    settings.earlyStopping && monitor
      ? new EarlyStopper(monitor, settings.earlyStopping.patience, settings.earlyStopping.minDelta)
      : null;
  const outcome: TrainOutcome = {
    epochsCompleted: 0,
    stoppedEarly: null,
    stoppedBySignal: false,
    samplesPerSec: 0,
    lastEpoch: {},
  };
  let step = 0;
  let samples = 0;
  let lastBatchLog = 0;
  let trainMs = 0;
  let batchStart = 0;
  const onAbort = () => (model.stopTraining = true);
  signal?.addEventListener('abort', onAbort);
  try {
    throwIfAborted(signal, 'training');
    await model.fit(data.x, data.y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      shuffle: true,
      validationData: data.validation,
      verbose: 0,
      yieldEvery: 'batch',
      callbacks: {
        onBatchBegin: async () => {
          batchStart = performance.now();
        },
        onBatchEnd: async (_batch, logs) => {
          trainMs += performance.now() - batchStart;
          samples += logs?.size ?? 0;
          step++;
          const now = Date.now();
          if (now - lastBatchLog >= interval) {
            lastBatchLog = now;
            for (const [name, value] of Object.entries(renameLogs(logs, label)))
              sink.logMetric(`batch/${name}`, value, step);
          }
        },
        onEpochEnd: async (epoch, logs) => {
          const named = renameLogs(logs, label);
          for (const [name, value] of Object.entries(named)) sink.logMetric(name, value, epoch);
          sink.logMetric('epoch', epoch + 1, epoch);
          outcome.epochsCompleted = epoch + 1;
          outcome.lastEpoch = named;
          const shown = Object.entries(named)
            .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
            .join(' ');
          log(`epoch ${epoch + 1}/${settings.epochs} ${shown}`);
          if (stopper?.update(epoch, named, model)) {
            model.stopTraining = true;
            outcome.stoppedEarly = { epoch, bestEpoch: -1, monitor: stopper.monitor, best: NaN };
          }
        },
      },
    });
    outcome.stoppedBySignal = signal?.aborted ?? false;
    if (outcome.stoppedEarly && stopper) {
      Object.assign(outcome.stoppedEarly, stopper.restore(model));
      log(
        `early stop after epoch ${outcome.stoppedEarly.epoch + 1}: ${stopper.monitor} best ${outcome.stoppedEarly.best.toPrecision(4)} at epoch ${outcome.stoppedEarly.bestEpoch + 1} (weights restored)`,
      );
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stopper?.dispose();
  }
  outcome.samplesPerSec = trainMs > 0 ? (samples / trainMs) * 1000 : 0;
  return outcome;
}
