/**
 * Where evaluation reports live: `evaluation.json` in a run folder, and one per model version under
 * `.mlops/evaluations/models/<model>/v<version>.json` (written by `mlops evaluate MODEL@STAGE`). A version's
 * evaluation is its own file, else the evaluation.json of the run that produced it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlopsError } from '../errors';
import { writeJsonAtomic } from '../store/atomicWrite';
import { runDirOf, storePaths } from '../store/layout';
import type { ModelVersion } from '../registry/types';
import type { EvaluationReport } from './types';

export const EVALUATION_FILE = 'evaluation.json';

export const runEvaluationPath = (runDir: string) => join(runDir, EVALUATION_FILE);

export function versionEvaluationPath(workspace: string, model: string, version: number): string {
  return join(storePaths(workspace).root, 'evaluations', 'models', model, `v${version}.json`);
}

/** Evaluations of predictions files that belong to no run (`mlops evaluate --open` without --run). */
export function looseEvaluationPath(workspace: string, id: string): string {
  return join(storePaths(workspace).root, 'evaluations', 'files', `${id}.json`);
}

export async function writeEvaluation(path: string, report: EvaluationReport): Promise<void> {
  await writeJsonAtomic(path, report);
}

/** null when there is no file; an MlopsError naming the file when it is not an evaluation report. */
export async function readEvaluation(path: string): Promise<EvaluationReport | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MlopsError(`${path} is not valid JSON`, 'bad-input', "Re-run 'mlops evaluate' to write it again.");
  }
  const r = parsed as Partial<EvaluationReport>;
  if (!r || typeof r !== 'object' || typeof r.task !== 'string' || typeof r.metrics !== 'object' || r.metrics === null) {
    throw new MlopsError(`${path} is not an evaluation report (no task or metrics)`, 'bad-input', "Re-run 'mlops evaluate' to write it again.");
  }
  return { undefined: {}, warnings: [], ...r } as EvaluationReport;
}

export interface VersionEvaluation {
  report: EvaluationReport;
  path: string;
  from: 'version' | 'run';
}

export async function versionEvaluation(workspace: string, version: Pick<ModelVersion, 'model' | 'version' | 'runId'>): Promise<VersionEvaluation | null> {
  const own = versionEvaluationPath(workspace, version.model, version.version);
  const report = await readEvaluation(own);
  if (report) return { report, path: own, from: 'version' };
  const ofRun = runEvaluationPath(runDirOf(workspace, version.runId));
  const runReport = await readEvaluation(ofRun);
  return runReport ? { report: runReport, path: ofRun, from: 'run' } : null;
}

export const FAIRNESS_FIELDS = ['demographic_parity_difference', 'equalized_odds_difference', 'true_positive_rate_difference', 'false_positive_rate_difference'] as const;
