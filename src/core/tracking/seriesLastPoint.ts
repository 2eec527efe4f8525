import { open, readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { writeFileAtomic } from '../store/atomicWrite';
import { runPaths } from '../store/layout';
import { parseTsvHeader, parseTsvRow } from './metricLine';
import { walkTsv } from './runReader';
import { parseTolerantJson, stringifyTolerantJson } from './tolerantJson';
import type { MetricPoint } from './types';

const HEADER_BYTES = 4096;
const TAIL_CHUNK = 64 * 1024;
/** How far back from the end a valid row is looked for before the series is taken as having none. */
const MAX_TAIL_BYTES = 8 * 1024 * 1024;

/**
 * The last whole, valid row of a dvclive TSV series, read from the end of the file: its size does not matter. A final
 * line without its newline (a writer killed mid-line) is ignored, as are rows that do not parse.
 */
export async function lastSeriesPoint(path: string, metricName: string): Promise<MetricPoint | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const headText = head.toString('utf8');
    const headerEnd = headText.indexOf('\n');
    if (headerEnd < 0) return undefined;
    const header = parseTsvHeader(headText.slice(0, headerEnd).replace(/\r$/, ''), metricName);
    if (!header) return undefined;
    const bodyStart = headerEnd + 1;
    let end = size;
    let carry = Buffer.alloc(0);
    while (end > bodyStart && size - end < MAX_TAIL_BYTES) {
      const start = Math.max(bodyStart, end - TAIL_CHUNK);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      const data = Buffer.concat([chunk, carry]);
      end = start;
      // Bytes before the first newline may be the end of a line that starts in an earlier chunk: kept for later.
      const cut = start > bodyStart ? data.indexOf(0x0a) : -1;
      if (start > bodyStart && cut < 0) {
        carry = data;
        continue;
      }
      carry = data.subarray(0, cut + 1);
      const lines = data
        .subarray(cut + 1)
        .toString('utf8')
        .split('\n');
      // The last item follows the last newline: empty, or a torn line.
      for (let i = lines.length - 2; i >= 0; i--) {
        const point = parseTsvRow(lines[i].replace(/\r$/, ''), header);
        if (point) return point;
      }
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

export interface SeriesLatest {
  /** Latest value of each series, by series name ("train/loss"). */
  values: Record<string, number>;
  /** The highest step among those last rows; null when no series has a row. */
  step: number | null;
}

/** The last row of every series under `<root>/plots/metrics/`. */
export async function latestFromSeries(root: string): Promise<SeriesLatest> {
  const base = runPaths(root).plots;
  const values: Record<string, number> = {};
  let step: number | null = null;
  for (const file of (await walkTsv(base)).sort()) {
    const name = relative(base, file).slice(0, -'.tsv'.length).split(sep).join('/');
    const point = await lastSeriesPoint(file, name.split('/').pop() ?? name);
    if (!point) continue;
    values[name] = point.value;
    step = step === null ? point.step : Math.max(step, point.step);
  }
  return { values, step };
}

/**
 * Makes `<root>/metrics.json` agree with the last row of each series (the series are the truth; metrics.json may lag
 * behind them when the writer was killed). Keys that are not series are kept. Returns what was written, or null
 * when the folder has no series rows.
 */
export async function syncLatestMetrics(root: string): Promise<SeriesLatest | null> {
  const latest = await latestFromSeries(root);
  if (latest.step === null) return null;
  const path = runPaths(root).metrics;
  let current: Record<string, unknown> = {};
  try {
    const parsed = parseTolerantJson(await readFile(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed as Record<string, unknown>;
  } catch {
    // absent or torn: rebuilt from the series
  }
  for (const [name, value] of Object.entries(latest.values)) {
    const keys = name.split('/');
    if (!keys.some((k) => UNSAFE_KEYS.has(k))) setPath(current, keys, value);
  }
  current.step = latest.step;
  await writeFileAtomic(path, `${stringifyTolerantJson(current, 4)}\n`);
  return latest;
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function setPath(target: Record<string, unknown>, keys: string[], value: number): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
