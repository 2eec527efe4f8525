/** A real tfjs churn model trained once per test process (a few epochs on the trainer's fixture data). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../../src/core/data/readTable';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { MODEL_ARTIFACT_DIR, runTrainer } from '../../../src/backend/trainer/runTrainer';
import { churnSpec, writeChurnData } from '../trainer/helpers/churnData';

export interface TrainedModel {
  /** Workspace holding data/train.csv and data/test.csv. */
  workspace: string;
  artifactDir: string;
  /** Feature rows of the test data (no id, no label) and their labels. */
  rows: Record<string, unknown>[];
  labels: string[];
}

let trained: Promise<TrainedModel> | null = null;

export const tinySpec = (): ExperimentSpec =>
  ({ ...structuredClone(churnSpec), train: { ...churnSpec.train, epochs: 3 } }) as ExperimentSpec;

export function trainedChurnModel(): Promise<TrainedModel> {
  trained ??= (async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mlops-serving-'));
    process.once('exit', () => rmSync(workspace, { recursive: true, force: true }));
    writeChurnData(workspace);
    const runDir = join(workspace, 'trained');
    await runTrainer({ runDir, workspace, spec: tinySpec(), engine: 'cpu', log: () => undefined });
    const table = await readTable(join(workspace, 'data', 'test.csv'));
    const rows: Record<string, unknown>[] = [];
    const labels: string[] = [];
    for (let i = 0; i < table.rowCount; i++) {
      const row = Object.fromEntries(table.columns.map((c) => [c.name, c.values[i]]));
      labels.push(String(row.churned));
      const { churned, customer_id, ...features } = row;
      for (const [k, v] of Object.entries(features)) if (typeof v === 'number' && Number.isNaN(v)) features[k] = null;
      rows.push(features);
    }
    return { workspace, artifactDir: join(runDir, MODEL_ARTIFACT_DIR), rows, labels };
  })();
  return trained;
}
