/**
 * The rows of a deployment's prediction log a check looks at: those logged since the previous check, widened to
 * the latest `minRows` when fewer arrived (so a quiet hour still gives a testable sample), capped at `maxRows`.
 */
import { readFile } from 'node:fs/promises';
import { ColumnBuilder } from '../data/columnBuilder';
import type { Table } from '../data/table';
import { listLogFiles, type FeedbackLogLine, type PredictionLogLine } from './deploymentFiles';

export interface WindowOptions {
  /** Rows logged after this ISO timestamp; null: from the start. */
  since: string | null;
  minRows: number;
  maxRows: number;
  signal?: AbortSignal;
}

export interface PredictionWindow {
  lines: PredictionLogLine[];
  /** Rows logged since `since` (the window may hold older ones too, to reach minRows). */
  fresh: number;
  from: string | null;
  to: string | null;
}

function parseLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a torn last line from a crash is not a row
    }
  }
  return out;
}

/** Reads log files newest first and stops once it has every row since `since` and at least `minRows`. */
export async function readPredictionWindow(dir: string, options: WindowOptions): Promise<PredictionWindow> {
  const files = await listLogFiles(dir, 'predictions');
  const newestFirst: PredictionLogLine[] = [];
  for (let i = files.length - 1; i >= 0; i--) {
    options.signal?.throwIfAborted();
    const lines = parseLines<PredictionLogLine>(await readFile(files[i].path, 'utf8'));
    for (let j = lines.length - 1; j >= 0; j--) newestFirst.push(lines[j]);
    const oldest = lines[0]?.ts;
    const coveredSince = options.since === null ? false : oldest !== undefined && oldest <= options.since;
    if (newestFirst.length >= options.maxRows || (coveredSince && newestFirst.length >= options.minRows)) break;
  }
  const boundary = options.since === null ? -1 : newestFirst.findIndex((l) => l.ts <= options.since!);
  const fresh = boundary < 0 ? newestFirst.length : boundary;
  const take = Math.min(options.maxRows, Math.max(fresh, options.minRows));
  const lines = newestFirst.slice(0, take).reverse();
  return { lines, fresh, from: lines[0]?.ts ?? null, to: lines.at(-1)?.ts ?? null };
}

/** The logged inputs as a table, plus a `prediction` column (the model output). */
export function windowTable(window: PredictionWindow, source: string): Table {
  const builders = new Map<string, ColumnBuilder>();
  const column = (name: string) => {
    let b = builders.get(name);
    if (!b) {
      b = new ColumnBuilder(name);
      builders.set(name, b);
    }
    return b;
  };
  window.lines.forEach((line, row) => {
    for (const [name, value] of Object.entries(line.input ?? {})) {
      const b = column(name);
      while (b.size < row) b.pushMissing();
      b.pushValue(value);
    }
    const p = column('prediction');
    while (p.size < row) p.pushMissing();
    p.pushValue(line.output?.prediction ?? null);
  });
  const n = window.lines.length;
  for (const b of builders.values()) while (b.size < n) b.pushMissing();
  return { source, format: 'jsonl', rowCount: n, columns: [...builders.values()].map((b) => b.build()) };
}

/** Ground-truth labels sent to /feedback for rows of the window, keyed `requestId#index` (the latest label wins). */
export async function readFeedback(dir: string, signal?: AbortSignal): Promise<Map<string, unknown>> {
  const labels = new Map<string, unknown>();
  for (const file of await listLogFiles(dir, 'feedback')) {
    signal?.throwIfAborted();
    for (const f of parseLines<FeedbackLogLine>(await readFile(file.path, 'utf8')))
      labels.set(`${f.requestId}#${f.index}`, f.label);
  }
  return labels;
}
