/**
 * The invariants every ended run must satisfy, checked from its files: status matches how it ended, every line of
 * every series is whole and right, the summaries equal the last line of each series, nothing of it is still running.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import type { Tally } from './tally';
import { processesWithEnv } from './procs';
import { accAt, lossAt } from './workspace';

export const TERMINAL = new Set(['completed', 'failed', 'killed', 'interrupted']);

export interface RunRecordView {
  id: string;
  status: string;
  exitCode: number | null;
  signal?: string | null;
  error?: string | null;
  pid?: number | null;
}

/** What the harness did to a run: which of its processes it SIGKILLed while they were alive. */
export interface RunHistory {
  hitScript: boolean;
  hitWrapper: boolean;
  /** How to reproduce (seed, attempt, target, moment). */
  repro: string;
}

export function readRecord(runDir: string): RunRecordView | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecordView;
  } catch {
    return undefined;
  }
}

/** The wrapper's exit file: the child's shell-style status (128+N: signal N), or undefined when never written. */
export function readExitFile(runDir: string): number | undefined {
  try {
    const m = /^(\d+)\n/.exec(readFileSync(join(runDir, 'exit_status'), 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface Ledger {
  exitCode: number | undefined;
  logged: Array<{ step: number; at: number }>;
}

export function readLedger(runDir: string): Ledger {
  const ledger: Ledger = { exitCode: undefined, logged: [] };
  let text = '';
  try {
    text = readFileSync(join(runDir, 'harness-ledger.tsv'), 'utf8');
  } catch {
    return ledger;
  }
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'exit' && f.length === 2) ledger.exitCode = Number(f[1]);
    if (f[0] === 'logged' && f.length === 3) ledger.logged.push({ step: Number(f[1]), at: Number(f[2]) * 1000 });
  }
  return ledger;
}

const statusOfExit = (status: number) => (status === 0 ? 'completed' : status > 128 ? 'killed' : 'failed');

/** Every ended run carries the status its exit says: completed/failed when the child exited by itself, killed/interrupted only when it was killed. */
export function checkStatus(t: Tally, runDir: string, record: RunRecordView, history: RunHistory | undefined): void {
  const exit = readExitFile(runDir);
  const ledger = readLedger(runDir);
  const hit = Boolean(history?.hitScript || history?.hitWrapper);
  const where = () =>
    `run ${record.id}: status ${record.status}, exitCode ${record.exitCode}, exit_status file ${exit ?? 'absent'}, script said exit ${ledger.exitCode ?? '-'}, killed by harness: ${hit ? (history!.hitScript ? 'script' : 'wrapper') : 'nothing of the run'}; ${history?.repro ?? 'started by another attempt'}`;
  if (exit !== undefined) {
    t.check('status matches the exit status', record.status === statusOfExit(exit) && record.exitCode === exit, where);
  } else if (!hit && ledger.exitCode !== undefined) {
    // The child exited by itself (it wrote its exit code) and nothing of the run was killed: its status must say so.
    const expected = ledger.exitCode === 0 ? 'completed' : 'failed';
    t.check('status matches the exit status', record.status === expected, () => `exit status lost: ${where()}`);
  } else {
    t.check('status matches the exit status', record.status !== 'completed', where);
  }
  if (!hit && ledger.exitCode !== undefined) {
    t.check(
      'a run whose child exited by itself is completed/failed, never killed/interrupted',
      record.status === (ledger.exitCode === 0 ? 'completed' : 'failed'),
      where,
    );
  }
}

function listTsv(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTsv(full));
    else if (entry.name.endsWith('.tsv')) out.push(full);
  }
  return out;
}

interface StrictSeries {
  name: string;
  points: Array<{ timestamp: number; step: number; value: number }>;
  torn: string[];
  unterminated: boolean;
}

const INT = /^\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^(nan|inf|-inf)$/;

/** Parses a series as written by the clients: header "timestamp\tstep\t<leaf>", then whole 3-field lines. */
export function strictSeries(path: string, name: string): StrictSeries {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const unterminated = lines.pop() !== '';
  const leaf = name.split('/').pop()!;
  const series: StrictSeries = { name, points: [], torn: [], unterminated };
  lines.forEach((line, i) => {
    if (i === 0) {
      if (line !== `timestamp\tstep\t${leaf}`) series.torn.push(`header ${JSON.stringify(line)}`);
      return;
    }
    const f = line.split('\t');
    if (f.length !== 3 || !INT.test(f[0]) || !INT.test(f[1]) || !NUM.test(f[2])) {
      series.torn.push(`line ${i + 1}: ${JSON.stringify(line.slice(0, 80))}`);
      return;
    }
    const value = f[2] === 'nan' ? NaN : f[2] === 'inf' ? Infinity : f[2] === '-inf' ? -Infinity : Number(f[2]);
    series.points.push({ timestamp: Number(f[0]), step: Number(f[1]), value });
  });
  return series;
}

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

function nested(json: unknown, name: string): unknown {
  let node = json;
  for (const part of name.split('/')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Series and summaries of an ended run. `indexMetrics`: the run's row of `mlops runs --json`; `showMetrics`: the
 * `metrics` of `mlops show --json` (both optional).
 */
export async function checkSeries(
  t: Tally,
  runDir: string,
  runId: string,
  sources: { indexMetrics?: Record<string, unknown>; showMetrics?: unknown; expectedPoints?: number },
): Promise<void> {
  const plots = join(runDir, 'plots', 'metrics');
  const files = [
    ...listTsv(plots).map((p) => ({ path: p, name: relative(plots, p).replace(/\.tsv$/, ''), metric: true })),
    ...listTsv(join(runDir, 'system')).map((p) => ({
      path: p,
      name: relative(join(runDir, 'system'), p).replace(/\.tsv$/, ''),
      metric: false,
    })),
  ];
  const last = new Map<string, { step: number; value: number }>();
  for (const file of files) {
    const s = strictSeries(file.path, file.name);
    t.check(
      'no torn or malformed line in any series',
      s.torn.length === 0 && !s.unterminated,
      () =>
        `run ${runId} ${file.name}.tsv: ${s.unterminated ? 'final line has no newline; ' : ''}${s.torn.slice(0, 3).join('; ')} (${runDir})`,
    );
    if (!file.metric) continue;
    const wrong = s.points.find((p) => !same(p.value, file.name === 'train/loss' ? lossAt(p.step) : accAt(p.step)));
    t.check(
      'every point holds the value its step was logged with',
      wrong === undefined,
      () => `run ${runId} ${file.name}: step ${wrong!.step} reads ${wrong!.value} (${runDir})`,
    );
    const backwards = s.points.findIndex((p, i) => i > 0 && p.step <= s.points[i - 1].step);
    t.check(
      'steps only grow (no point written twice)',
      backwards < 0,
      () =>
        `run ${runId} ${file.name}: step ${s.points[backwards].step} after ${s.points[backwards - 1].step} (${runDir})`,
    );
    if (sources.expectedPoints !== undefined) {
      t.check(
        'no logged point lost (a completed run has every step)',
        s.points.length === sources.expectedPoints,
        () => `run ${runId} ${file.name}: ${s.points.length} points, logged ${sources.expectedPoints} (${runDir})`,
      );
    }
    const read = await readMetricSeries(file.path, file.name);
    const readOk =
      read.points.length === s.points.length &&
      read.points.every((p, i) => p.step === s.points[i].step && same(p.value, s.points[i].value));
    t.check(
      'the reader returns exactly the whole lines',
      readOk,
      () =>
        `run ${runId} ${file.name}: reader gave ${read.points.length} points, file holds ${s.points.length} whole lines (${runDir})`,
    );
    const tail = s.points.at(-1);
    if (tail) last.set(file.name, { step: tail.step, value: tail.value });
  }
  let summary: unknown;
  try {
    summary = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
  } catch {
    summary = undefined;
  }
  for (const [name, tail] of last) {
    const m = nested(summary, name);
    t.check(
      'metrics.json holds the last line of each series',
      same(m, tail.value),
      () =>
        `run ${runId} ${name}: metrics.json says ${String(m)}, last line (step ${tail.step}) says ${tail.value} (${runDir})`,
    );
    if (sources.indexMetrics) {
      const v = sources.indexMetrics[name];
      t.check(
        '`mlops runs --json` shows the last line of each series',
        same(v, tail.value),
        () => `run ${runId} ${name}: runs --json says ${String(v)}, last line (step ${tail.step}) says ${tail.value}`,
      );
    }
    if (sources.showMetrics !== undefined) {
      const v = nested(sources.showMetrics, name);
      t.check(
        '`mlops show --json` shows the last line of each series',
        same(v, tail.value),
        () => `run ${runId} ${name}: show --json says ${String(v)}, last line (step ${tail.step}) says ${tail.value}`,
      );
    }
  }
  if (last.size > 0) {
    const maxStep = Math.max(...[...last.values()].map((l) => l.step));
    const step = nested(summary, 'step');
    t.check(
      'metrics.json step is the last step logged',
      step === maxStep,
      () => `run ${runId}: metrics.json step ${String(step)}, last logged step ${maxStep} (${runDir})`,
    );
  }
}

/** Processes still carrying the run's id. */
export function runProcesses(runId: string) {
  return processesWithEnv('MLOPS_RUN_ID', runId);
}

/** An epochs-style run killed during an idle epoch: each point logged at least `slackMs` before the kill is on disk. */
export function checkLoggedBeforeKill(
  t: Tally,
  runDir: string,
  runId: string,
  killedAt: number,
  slackMs: number,
  repro: string,
): void {
  const ledger = readLedger(runDir);
  const due = ledger.logged.filter((l) => l.at + slackMs < killedAt);
  if (due.length === 0) return;
  const onDisk = (name: string) => {
    const path = join(runDir, 'plots', 'metrics', `${name}.tsv`);
    return existsSync(path) ? new Set(strictSeries(path, name).points.map((p) => p.step)) : new Set<number>();
  };
  const loss = onDisk('train/loss');
  const acc = onDisk('acc');
  const lost = due.filter((d) => !loss.has(d.step) || !acc.has(d.step));
  t.check(
    `a point logged ${slackMs / 1000} s before a kill is on disk`,
    lost.length === 0,
    () =>
      `run ${runId}: ${lost.length} of ${due.length} points lost (steps ${lost.map((l) => l.step).join(',')}); ${repro}`,
  );
}

export function mtimeMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
