/**
 * MLOps Workbench logging client for Node: `const { logParams, logMetric, logArtifact } = require('mlops-workbench/client')`.
 * Bundled without dependencies. Under `mlops run` the run folder comes from MLOPS_RUN_DIR; run on its own, the client
 * creates a run in ./.mlops/runs/ and records its status itself.
 */
import { mkdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { RunLogger } from '../../core/tracking/runLogger';
import { newRunId } from '../../core/tracking/runId';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import type { RunRecord } from '../../core/tracking/types';

export class Run {
  readonly runDir: string;
  readonly runId: string;
  private readonly logger: RunLogger;
  private standalone: RunRecord | undefined;
  private recordPath = '';
  private closed = false;

  constructor(options: { runDir?: string; experiment?: string } = {}) {
    const dir = options.runDir || process.env.MLOPS_RUN_DIR || undefined;
    this.runDir = dir ?? this.createStandalone(options.experiment);
    this.runId = process.env.MLOPS_RUN_ID || basename(this.runDir);
    this.logger = new RunLogger(this.runDir);
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

  close(status: 'completed' | 'failed' = 'completed'): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.close();
    if (this.standalone) {
      this.standalone = { ...this.standalone, status, exitCode: status === 'completed' ? 0 : 1, endedAt: new Date().toISOString() };
      writeJsonAtomicSync(this.recordPath, this.standalone);
    }
  }

  private createStandalone(experiment?: string): string {
    const workspace = process.env.MLOPS_WORKSPACE || process.cwd();
    const id = newRunId();
    const dir = join(workspace, '.mlops', 'runs', id);
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    const script = process.argv[1] ?? 'node';
    const now = new Date().toISOString();
    this.recordPath = join(dir, 'run.json');
    this.standalone = {
      id: id,
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
    };
    writeJsonAtomicSync(this.recordPath, this.standalone);
    return dir;
  }
}

let current: Run | undefined;

export function getRun(): Run {
  current ??= new Run();
  return current;
}

export const params = (): Record<string, unknown> => getRun().params();
export const logParam = (name: string, value: unknown): void => getRun().logParam(name, value);
export const logParams = (values: Record<string, unknown>): void => getRun().logParams(values);
export const logMetric = (name: string, value: number, step?: number): void => getRun().logMetric(name, value, step);
export const logMetrics = (values: Record<string, number>, step?: number): void => getRun().logMetrics(values, step);
export const logSummary = (values: Record<string, number>): void => getRun().logSummary(values);
export const logArtifact = (path: string, name?: string): string => getRun().logArtifact(path, name);
