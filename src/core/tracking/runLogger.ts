import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { PARAMS_YAML, runPaths, type RunPaths } from '../store/layout';
import { writeFileAtomicSync } from '../store/atomicWrite';
import { formatMetricValue, parseTsvHeader, parseTsvRow } from './metricLine';
import { parseTolerantJson, stringifyTolerantJson } from './tolerantJson';
import { setPath } from './flatten';

/** A busy loop that never yields still rewrites metrics.json this often, from its logging calls. */
const METRICS_FLUSH_MS = 500;
/** After a point, metrics.json follows within this delay once the event loop is free (the timer is unref'd). */
const METRICS_TAIL_MS = 100;

/** Metric names become file paths under plots/metrics: keep them inside that folder. */
export function metricFileSegments(name: string): string[] {
  const segments = name.split('/').map((s) => s.trim());
  if (
    name.trim() === '' ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))
  ) {
    throw new Error(
      `invalid metric name '${name}': use letters, digits, '_', '-', '.', and '/' to group (e.g. 'train/loss')`,
    );
  }
  return segments;
}

/**
 * Writes a run's params, metrics and artifacts in the dvclive-compatible layout. Used by the Node client and the
 * tfjs trainer. Each point is appended synchronously, as one whole line, before `logMetric` returns: a timer could not
 * write a batch while a synchronous training loop blocks the event loop, so points are never held back.
 */
export class RunLogger {
  readonly paths: RunPaths;
  private params: Record<string, unknown> = {};
  private latest: Record<string, unknown> = {};
  private steps = new Map<string, number>();
  private fds = new Map<string, number>();
  private lastStep = 0;
  private dirty = false;
  private lastFlush = 0;
  private tailFlush: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(readonly runDir: string) {
    this.paths = runPaths(runDir);
    mkdirSync(this.paths.plots, { recursive: true });
    this.params = readParamsFile(this.paths.params);
    if (existsSync(this.paths.metrics)) {
      try {
        const m = parseTolerantJson(readFileSync(this.paths.metrics, 'utf8'));
        if (m && typeof m === 'object') this.latest = m as Record<string, unknown>;
      } catch {
        this.latest = {};
      }
    }
  }

  logParam(name: string, value: unknown): void {
    this.logParams({ [name]: value });
  }

  logParams(params: Record<string, unknown>): void {
    Object.assign(this.params, params);
    writeFileAtomicSync(this.paths.params, toYaml(this.params, PARAMS_YAML));
  }

  /** Appends one point. Without a step, the metric's own previous step + 1 (starting at 0). */
  logMetric(name: string, value: number, step?: number): void {
    if (this.closed) throw new Error('run logger is closed');
    if (typeof value !== 'number') throw new Error(`metric '${name}' must be a number, got ${typeof value}`);
    const segments = metricFileSegments(name);
    const fd = this.fdFor(name, segments);
    const s = step ?? (this.steps.has(name) ? this.steps.get(name)! + 1 : 0);
    // Readers skip a row whose step is not an integer (metricLine.ts), so such a point is refused here, not lost there.
    if (!Number.isSafeInteger(s)) throw new Error(`metric '${name}': step must be an integer, got ${s}`);
    this.steps.set(name, s);
    writeSync(fd, `${Date.now()}\t${s}\t${formatMetricValue(value)}\n`);
    setPath(this.latest, segments, value);
    this.lastStep = Math.max(this.lastStep, s);
    this.latest.step = this.lastStep;
    this.dirty = true;
    if (Date.now() - this.lastFlush >= METRICS_FLUSH_MS) this.flush();
    else this.tailFlush ??= setTimeout(() => this.flush(), METRICS_TAIL_MS).unref();
  }

  /** Records final values (e.g. test metrics) in metrics.json without a series. */
  logSummary(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) setPath(this.latest, metricFileSegments(name), value);
    this.dirty = true;
    this.flush();
  }

  /** Copies a file or folder into the run's artifacts/ folder and returns its path there. */
  logArtifact(path: string, name = basename(resolve(path))): string {
    const target = resolve(this.paths.artifacts, name);
    if (!target.startsWith(resolve(this.paths.artifacts) + sep))
      throw new Error(`artifact name '${name}' escapes the artifacts folder`);
    mkdirSync(dirname(target), { recursive: true });
    if (statSync(path).isDirectory()) cpSync(path, target, { recursive: true });
    else copyFileSync(path, target);
    return target;
  }

  flush(): void {
    clearTimeout(this.tailFlush);
    this.tailFlush = undefined;
    if (!this.dirty) return;
    writeFileAtomicSync(this.paths.metrics, stringifyTolerantJson(this.latest) + '\n');
    this.dirty = false;
    this.lastFlush = Date.now();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.closed = true;
  }

  private fdFor(name: string, segments: string[]): number {
    let fd = this.fds.get(name);
    if (fd !== undefined) return fd;
    const file = join(this.paths.plots, ...segments) + '.tsv';
    mkdirSync(dirname(file), { recursive: true });
    const isNew = !existsSync(file) || statSync(file).size === 0;
    fd = openSync(file, 'a');
    if (isNew) writeSync(fd, `timestamp\tstep\t${segments[segments.length - 1]}\n`);
    else this.steps.set(name, lastStepOf(file, name));
    this.fds.set(name, fd);
    return fd;
  }
}

/** The step of the last row that reads as a point (-1 when none), so a reopened series goes on from there. */
function lastStepOf(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = parseTsvHeader(lines[0], name);
  if (!header) return -1;
  for (let i = lines.length - 1; i > 0; i--) {
    const point = parseTsvRow(lines[i], header);
    if (point) return point.step;
  }
  return -1;
}

function readParamsFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const parsed = parseYaml(readFileSync(path, 'utf8')) as unknown;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
