/** Runs imported from MLflow and TensorBoard, seen in the Runs view: the MLflow parent run with its child run. */
import { join } from 'node:path';
import { importMlflow } from '../../src/core/interop/mlflow/mlflowImport';
import { importTensorboard } from '../../src/core/interop/tensorboard/tensorboardImport';
import { FileRunStore } from '../../src/core/store/fileRunStore';
import { clearNotifications, expandRow, onlyMlopsView, treeRows } from './driver';
import type { Step } from './steps';

const fixtures = join(__dirname, '../fixtures');

/** Imports the MLflow store and the TensorBoard logs the unit tests read, as `mlops import` does. */
export async function prepareImportedRuns(workspace: string): Promise<void> {
  const store = new FileRunStore(workspace);
  await importMlflow(store, { path: join(fixtures, 'mlruns-real'), experiment: 'from-mlflow' });
  await importTensorboard(store, {
    logdir: join(fixtures, 'tensorboard/logs'),
    experiment: 'from-tensorboard',
    threads: 0,
  });
}

export const importSteps: Step[] = [
  {
    name: 'expand the imported MLflow parent run to see its child run',
    async run({ page, shot }) {
      const runs = await onlyMlopsView(page, 'Runs');
      const parent = treeRows(runs, 'from-mlflow · PARENT_RUN').first();
      await parent.waitFor();
      await expandRow(parent);
      const children = treeRows(runs, /Child Runs/).first();
      await children.waitFor();
      await expandRow(children);
      await treeRows(runs, /CHILD_RUN/)
        .first()
        .waitFor();
      await treeRows(runs, 'from-tensorboard · tbx/train').first().waitFor();
      await clearNotifications(page);
      await shot('imported-runs-parent-child', runs);
    },
  },
];
