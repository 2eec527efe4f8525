/**
 * Writes synthetic runs into a workspace's .mlops store: full run folders (run.json, params.yaml, metrics.json,
 * metric series) for small sets, or index rows plus empty run folders for the 100,000-run table benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDirOf, runPaths, storePaths } from '../../../src/core/store/layout';
import { newRunId } from '../../../src/core/tracking/runId';
import { formatMetricValue } from '../../../src/core/tracking/metricLine';
import { stringifyTolerantJson } from '../../../src/core/tracking/tolerantJson';
import type { RunId, RunRecord, RunStatus, RunSummary } from '../../../src/core/tracking/types';
import { mulberry32 as rng } from '../../../src/core/random/seededRandom';

export { rng };

const STATUSES: RunStatus[] = ['completed', 'completed', 'completed', 'failed', 'killed', 'completed'];

export interface SyntheticOptions {
  runs: number;
  params: number;
  metrics: number;
  seed?: number;
  /** Distinct param names across all runs (≥ params); each run uses `params` of them. */
  paramNames?: number;
}

export function syntheticSummaries(o: SyntheticOptions): RunSummary[] {
  const random = rng(o.seed ?? 1);
  const base = Date.parse('2026-10-01T00:00:00Z');
  const names = o.paramNames ?? o.params;
  const out: RunSummary[] = [];
  for (let i = 0; i < o.runs; i++) {
    const started = base + i * 60_000;
    const params: Record<string, unknown> = {
      lr: Number((10 ** (-4 + 3 * random())).toPrecision(3)),
      'optimizer.name': random() < 0.5 ? 'adam' : 'sgd',
    };
    for (let p = 2; p < o.params; p++) {
      const name = names > o.params ? `p${Math.floor(random() * names)}` : `param_${p}`;
      params[name] = p % 3 === 0 ? `v${Math.floor(random() * 5)}` : Math.round(random() * 1000) / 10;
    }
    const metrics: Record<string, number> = {
      val_accuracy: Math.round(random() * 1e4) / 1e4,
      loss: Math.round(random() * 1e4) / 1e3,
    };
    for (let m = 2; m < o.metrics; m++) metrics[`metric_${m}`] = random() < 0.01 ? NaN : random();
    out.push({
      id: newRunId(started + i) as RunId,
      experiment: ['mlp', 'cnn', 'churn-tfjs', 'py-linear'][i % 4],
      status: STATUSES[i % STATUSES.length],
      createdAt: new Date(started).toISOString(),
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + 30_000 + random() * 600_000).toISOString(),
      exitCode: 0,
      command: 'python train.py',
      gitCommit: 'abcdef0123456789',
      parent: null,
      tags: i % 10 === 0 ? { team: 'vision' } : {},
      params,
      metrics,
      step: 99,
    });
  }
  return out;
}

/** Index rows plus empty run folders: what the run store and the table need, without 100,000 × 5 files. */
export function writeIndexOnly(workspace: string, summaries: RunSummary[]): void {
  const paths = storePaths(workspace);
  mkdirSync(paths.runs, { recursive: true });
  for (const s of summaries) mkdirSync(runDirOf(workspace, s.id), { recursive: true });
  writeFileSync(
    paths.index,
    JSON.stringify({ version: 1, runs: Object.fromEntries(summaries.map((s) => [s.id, s])), problems: {} }),
  );
}

export interface SeriesSpec {
  name: string;
  points: number;
  /** Value of point i. */
  value(i: number): number;
}

/** A complete run folder with params, latest metrics and dvclive series. */
export function writeRunFolder(
  workspace: string,
  summary: RunSummary,
  series: SeriesSpec[],
  options: { record?: Partial<RunRecord> } = {},
): string {
  const dir = runDirOf(workspace, summary.id);
  const p = runPaths(dir);
  mkdirSync(p.artifacts, { recursive: true });
  mkdirSync(p.plots, { recursive: true });
  const record: RunRecord = {
    id: summary.id,
    experiment: summary.experiment,
    status: summary.status,
    command: summary.command,
    argv: summary.command.split(' '),
    shell: false,
    cwd: workspace,
    createdAt: summary.createdAt,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    exitCode: summary.exitCode,
    signal: null,
    pid: null,
    git: summary.gitCommit
      ? { isRepo: true, commit: summary.gitCommit, branch: 'main', dirty: false, diffSha: null }
      : null,
    data: [],
    env: {},
    parent: null,
    tags: summary.tags,
    ...options.record,
  };
  writeFileSync(p.record, JSON.stringify(record, null, 2));
  writeFileSync(
    p.params,
    Object.entries(summary.params)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join('\n') + '\n',
  );
  const latest: Record<string, unknown> = { step: summary.step ?? 0 };
  Object.assign(latest, summary.metrics);
  writeFileSync(p.metrics, stringifyTolerantJson(latest));
  const t0 = Date.parse(summary.startedAt ?? summary.createdAt);
  for (const s of series) {
    const lines = [`timestamp\tstep\t${s.name}`];
    for (let i = 0; i < s.points; i++) lines.push(`${t0 + i * 100}\t${i}\t${formatMetricValue(s.value(i))}`);
    writeFileSync(join(p.plots, `${s.name}.tsv`), lines.join('\n') + '\n');
  }
  return dir;
}
