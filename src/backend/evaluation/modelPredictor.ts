/**
 * Runs a registered model over a table for `mlops evaluate MODEL@STAGE`: a tfjs artifact in this process, or the
 * model's own `serve:` command started and supervised as a deployment would start it (on a free loopback port,
 * stopped afterwards). Predictions come back as columns: the predicted class or value, and class probabilities.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Column, Table } from '../../core/data/table';
import { throwIfAborted } from '../../core/errors';
import type { RegistryStore } from '../../core/registry';
import { storePaths } from '../../core/store/layout';
import { commandPredictor } from '../serving/commandPredictor';
import { commandArgv, planDeployment, type DeploymentPlan } from '../serving/deploymentPlan';
import { freeLoopbackPort } from '../serving/freePort';
import type { Predictor } from '../serving/predictor';
import type { Row } from '../serving/requestRows';
import { tfjsPredictor } from '../serving/tfjsPredictor';

export interface ModelPredictions {
  prediction: Column;
  /** Class → probability per row, when the model gives probabilities. */
  probabilities: Map<string, Float64Array> | null;
}

export interface OpenModel {
  plan: DeploymentPlan;
  predictor: Predictor;
  /** The columns the model reads (its schema), or every column but the excluded ones when it has none. */
  features(table: Table, exclude: string[]): string[];
  close(): Promise<void>;
}

export async function openModel(workspace: string, registry: RegistryStore, ref: string): Promise<OpenModel> {
  const plan = await planDeployment(workspace, registry, ref, `evaluate-${process.pid}`);
  let predictor: Predictor;
  if (plan.kind === 'tfjs') predictor = await tfjsPredictor(plan.artifactDir);
  else {
    const dir = join(storePaths(workspace).deployments, plan.id);
    await mkdir(dir, { recursive: true });
    predictor = await commandPredictor(
      {
        workspace,
        deployment: plan.id,
        model: plan.version.model,
        version: plan.version.version,
        artifactDir: plan.artifactDir,
        port: 0,
        kind: 'command',
        command: { argv: commandArgv(plan.serve!.command ?? []), port: plan.serve!.port ?? (await freeLoopbackPort()), health: plan.serve!.health ?? '/health', cwd: workspace },
      },
      join(dir, 'command.log'),
    );
  }
  return {
    plan,
    predictor,
    features(table, exclude) {
      const schemaNames = predictor.schema?.columns.map((c) => c.name);
      const present = table.columns.map((c) => c.name);
      return schemaNames ? schemaNames.filter((n) => present.includes(n)) : present.filter((n) => !exclude.includes(n));
    },
    close: () => predictor.close(),
  };
}

function rowsOf(table: Table, columns: Column[], from: number, to: number): Row[] {
  const rows: Row[] = [];
  for (let i = from; i < to; i++) {
    const row: Row = {};
    for (const c of columns) {
      const v = c.values[i];
      row[c.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    }
    rows.push(row);
  }
  return rows;
}

const BATCH = 2000;

export async function predictTable(predictor: Predictor, table: Table, features: string[], opts: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {}): Promise<ModelPredictions> {
  const columns = features.map((f) => table.columns.find((c) => c.name === f)!);
  const n = table.rowCount;
  const values: (string | number | null)[] = new Array(n);
  let probabilities: Map<string, Float64Array> | null = null;
  for (let from = 0; from < n; from += BATCH) {
    throwIfAborted(opts.signal, 'prediction');
    const to = Math.min(n, from + BATCH);
    const out = await predictor.predict(rowsOf(table, columns, from, to));
    for (let k = 0; k < out.length; k++) {
      values[from + k] = out[k].prediction;
      const probs = out[k].probabilities;
      if (probs) {
        probabilities ??= new Map();
        for (const [cls, p] of Object.entries(probs)) {
          let arr = probabilities.get(cls);
          if (!arr) probabilities.set(cls, (arr = new Float64Array(n).fill(NaN)));
          arr[from + k] = p;
        }
      }
    }
    opts.onProgress?.(to, n);
  }
  const numeric = values.every((v) => typeof v === 'number' || v === null);
  const prediction: Column = numeric
    ? { name: 'prediction', kind: 'numeric', values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))), missing: values.filter((v) => v === null).length, integer: values.every((v) => v === null || Number.isInteger(v)) }
    : { name: 'prediction', kind: 'text', values: values.map((v) => (v === null ? null : String(v))), missing: values.filter((v) => v === null).length };
  return { prediction, probabilities };
}
