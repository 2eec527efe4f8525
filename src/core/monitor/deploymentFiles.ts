/**
 * The files a deployment leaves under `.mlops/deployments/<id>/`: the prediction log (`predictions-NNNNNN.jsonl`,
 * rotated by size), the feedback log (`feedback-NNNNNN.jsonl`) and the serving process's own output (`serve.log`).
 * Every line is one JSON object, appended whole.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { storePaths } from '../store/layout';

export interface LoggedPrediction {
  /** Model output for one row: the class or value, and class probabilities for classifiers. */
  prediction: string | number | null;
  probabilities?: Record<string, number>;
}

/** One line of a prediction log: one row of one request. */
export interface PredictionLogLine {
  ts: string;
  requestId: string;
  /** Position of the row in its request (batches log one line per row). */
  index: number;
  deployment: string;
  model: string;
  version: number | null;
  /** Milliseconds the whole request took to predict. */
  latencyMs: number;
  input: Record<string, unknown>;
  output: LoggedPrediction;
}

/** One line of a feedback log: the ground truth for one logged row. */
export interface FeedbackLogLine {
  ts: string;
  requestId: string;
  index: number;
  label: unknown;
}

export type LogKind = 'predictions' | 'feedback';

export const deploymentDir = (workspace: string, id: string): string => join(storePaths(workspace).deployments, id);

export const SERVE_LOG_FILE = 'serve.log';

const LOG_FILE = /^(predictions|feedback)-(\d{6,})\.jsonl$/;

export function logFileName(kind: LogKind, seq: number): string {
  return `${kind}-${String(seq).padStart(6, '0')}.jsonl`;
}

/** The log files of one kind in a deployment folder, oldest first, with their sequence numbers. */
export async function listLogFiles(dir: string, kind: LogKind): Promise<Array<{ path: string; seq: number }>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((name) => ({ name, m: LOG_FILE.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null && e.m[1] === kind)
    .map((e) => ({ path: join(dir, e.name), seq: Number(e.m[2]) }))
    .sort((a, b) => a.seq - b.seq);
}
