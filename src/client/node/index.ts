/**
 * MLOps Workbench logging client for Node: `const { logParams, logMetric, logArtifact } = require('mlops-workbench/client')`.
 * Bundled without dependencies. Under `mlops run` the run folder comes from MLOPS_RUN_DIR; run on its own, the client
 * creates a run in ./.mlops/runs/ and records its status itself.
 */
import { mkdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { MlopsError } from '../../core/errors';
import { RunLogger } from '../../core/tracking/runLogger';
import { newRunId } from '../../core/tracking/runId';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import { TERMINAL_STATUSES, type RunId, type RunRecord, type RunStatus } from '../../core/tracking/types';
import { patchRunRecordSync } from './runRecordPatch';
import { writeConfusionMatrix, writeImage, writePr, writeRoc, writeTable } from '../../core/evaluation/dvclivePlots';

export type EndStatus = Exclude<RunStatus, 'queued' | 'running'>;
export type Tags = Record<string, string | number | boolean>;

export interface RunOptions {
  runDir?: string;
  experiment?: string;
  name?: string;
  tags?: Tags;
}

export class Run {
  readonly runDir: string;
  readonly runId: string;
  readonly name: string | undefined;
  readonly tags: Record<string, string>;
  private readonly logger: RunLogger;
  private standalone = false;
  private closed = false;

  constructor(options: RunOptions = {}) {
    this.name = options.name;
    this.tags = tagStrings(options.tags);
    const dir = options.runDir || process.env.MLOPS_RUN_DIR || undefined;
    this.runDir = dir ?? this.createStandalone(options.experiment);
    this.runId = process.env.MLOPS_RUN_ID || basename(this.runDir);
    this.logger = new RunLogger(this.runDir);
    if (!this.standalone && (this.name !== undefined || Object.keys(this.tags).length > 0))
      patchRunRecordSync(this.runDir, this.nameAndTags());
    process.once('exit', (code) => this.close(code === 0 ? 'completed' : 'failed'));
  }

  params(): Record<string, unknown> {
    try {
      return JSON.parse(process.env.MLOPS_PARAMS ?? '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  logParam(name: string, value: unknown): void {
    this.logger.logParam(name, value);
  }

  logParams(values: Record<string, unknown>): void {
    this.logger.logParams(values);
  }

  logMetric(name: string, value: number, step?: number): void {
    this.logger.logMetric(name, value, step);
  }

  logMetrics(values: Record<string, number>, step?: number): void {
    for (const [name, value] of Object.entries(values)) this.logger.logMetric(name, value, step);
  }

  logSummary(values: Record<string, number>): void {
    this.logger.logSummary(values);
  }

  logArtifact(path: string, name?: string): string {
    return this.logger.logArtifact(path, name);
  }

  /** Adds or replaces tags (strings to strings) in run.json. */
  setTags(tags: Tags): void {
    Object.assign(this.tags, tagStrings(tags));
    patchRunRecordSync(this.runDir, { tags: this.tags });
  }

  get ended(): boolean {
    return this.closed;
  }

  /**
   * Writes everything and ends the run with `status`. A standalone run records it in run.json; under the runner the
   * run's status comes from the process's exit status.
   */
  endRun(status: EndStatus = 'completed'): void {
    if (!TERMINAL_STATUSES.has(status)) {
      throw new MlopsError(
        `'${String(status)}' is not a status a run can end with`,
        'bad-input',
        `Use one of ${[...TERMINAL_STATUSES].join(', ')}.`,
      );
    }
    this.close(status);
    if (current === this) current = undefined;
  }

  close(status: EndStatus = 'completed'): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.close();
    if (this.standalone) {
      patchRunRecordSync(this.runDir, {
        status,
        exitCode: status === 'completed' ? 0 : 1,
        endedAt: new Date().toISOString(),
      });
    }
  }

  private nameAndTags(): Partial<RunRecord> {
    return { ...(this.name !== undefined ? { name: this.name } : {}), tags: this.tags };
  }

  private createStandalone(experiment?: string): string {
    const workspace = process.env.MLOPS_WORKSPACE || process.cwd();
    const id = newRunId();
    const dir = join(workspace, '.mlops', 'runs', id);
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    const script = process.argv[1] ?? 'node';
    const now = new Date().toISOString();
    const record: RunRecord = {
      id: id as RunId,
      experiment: experiment ?? relative(workspace, script).split(sep).join('/'),
      status: 'running',
      command: process.argv.join(' '),
      argv: [...process.argv],
      shell: false,
      cwd: process.cwd(),
      createdAt: now,
      startedAt: now,
      endedAt: null,
      exitCode: null,
      signal: null,
      pid: process.pid,
      git: null,
      data: [],
      env: { node: process.version },
      parent: null,
      tags: {},
      source: 'script',
      ...this.nameAndTags(),
    };
    writeJsonAtomicSync(join(dir, 'run.json'), record);
    this.standalone = true;
    return dir;
  }
}

function tagStrings(tags: Tags | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([key, value]) => [key, String(value)]));
}

let current: Run | undefined;

/** The run the module functions log to: the one `startRun` began, else one created on first use. */
export function getRun(): Run {
  if (!current || current.ended) current = new Run();
  return current;
}

/** Starts the run the module functions log to, with a name and tags. */
export function startRun(options: Omit<RunOptions, 'runDir'> = {}): Run {
  if (current && !current.ended)
    throw new MlopsError(`run ${current.runId} is still active`, 'conflict', 'Call endRun() before startRun().');
  current = new Run(options);
  return current;
}

/** Ends the module functions' run with `status` (completed, failed, killed or interrupted). */
export function endRun(status: EndStatus = 'completed'): void {
  current?.endRun(status);
}

export const params = (): Record<string, unknown> => getRun().params();
export const setTags = (tags: Tags): void => getRun().setTags(tags);
export const logParam = (name: string, value: unknown): void => getRun().logParam(name, value);
export const logParams = (values: Record<string, unknown>): void => getRun().logParams(values);
export const logMetric = (name: string, value: number, step?: number): void => getRun().logMetric(name, value, step);
export const logMetrics = (values: Record<string, number>, step?: number): void => getRun().logMetrics(values, step);
export const logSummary = (values: Record<string, number>): void => getRun().logSummary(values);
export const logArtifact = (path: string, name?: string): string => getRun().logArtifact(path, name);

// Evaluation plots in dvclive's layout (plots/sklearn, plots/custom, plots/images); each returns the file written.
export const logConfusionMatrix = (
  yTrue: ArrayLike<unknown>,
  yPred: ArrayLike<unknown>,
  labels?: readonly string[],
  name?: string,
): string => writeConfusionMatrix(getRun().runDir, yTrue, yPred, labels, name);
export const logRoc = (
  yTrue: ArrayLike<unknown>,
  yScore: ArrayLike<number>,
  options: { name?: string; positive?: unknown } = {},
): string => writeRoc(getRun().runDir, yTrue, yScore, options.name, options.positive);
export const logPr = (
  yTrue: ArrayLike<unknown>,
  yScore: ArrayLike<number>,
  options: { name?: string; positive?: unknown } = {},
): string => writePr(getRun().runDir, yTrue, yScore, options.name, options.positive);
export const logTable = (name: string, rows: ReadonlyArray<Record<string, unknown>>): string =>
  writeTable(getRun().runDir, name, rows);
export const logImage = (name: string, path: string): string => writeImage(getRun().runDir, name, path);
