import type { RunStore } from '../store/runStore';
import type { ImportReport } from './importReport';
import { importMlflow } from './mlflow/mlflowImport';
import { importTensorboard } from './tensorboard/tensorboardImport';
import { importWandb } from './wandb/wandbImport';

export const IMPORT_KINDS = ['tensorboard', 'mlflow', 'wandb'] as const;

export interface ImportOptions {
  /** The folder to import, absolute or relative to the workspace. */
  path: string;
  experiment?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** One entry per tool `mlops import` and `MLOps: Import Runs…` read. */
export const importers: Record<
  (typeof IMPORT_KINDS)[number],
  (store: RunStore, options: ImportOptions) => Promise<ImportReport>
> = {
  tensorboard: (store, o) =>
    importTensorboard(store, { logdir: o.path, experiment: o.experiment, signal: o.signal, onProgress: o.onProgress }),
  mlflow: (store, o) => importMlflow(store, o),
  wandb: (store, o) => importWandb(store, o),
};
