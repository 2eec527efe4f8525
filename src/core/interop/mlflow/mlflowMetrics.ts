import { open } from 'node:fs/promises';
import { parseMetricValue, parseStep } from '../../tracking/metricLine';
import type { SeriesPoints } from '../importedRun';

export interface MetricRead {
  points: SeriesPoints;
  /** Offset just past the last whole line (a later import starts there). */
  consumed: number;
  /** Lines that are not `timestamp value step`, with why, as line numbers of this read. */
  bad: string[];
  /** Lines with only `timestamp value` (MLflow before steps existed): read with step 0, as MLflow reads them. */
  stepless: number;
}

/**
 * Reads a metric file's lines `timestamp value step` from byte `start`, as MLflow's FileStore does: a line of 2 fields
 * has step 0, a 4th field is ignored, anything else is skipped and reported. A last line without its newline is left
 * for a later import (the writer may be mid-line).
 */
export async function readMetricFile(path: string, start: number): Promise<MetricRead> {
  const text = await readFrom(path, start);
  const end = text.lastIndexOf('\n') + 1;
  const points: SeriesPoints = { steps: [], wallMs: [], values: [] };
  const read: MetricRead = { points, consumed: start + Buffer.byteLength(text.slice(0, end)), bad: [], stepless: 0 };
  const lines = text.slice(0, end).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const ts = Number(fields[0]);
    const value = fields.length >= 2 ? parseMetricValue(fields[1]) : undefined;
    const step = fields.length === 2 ? 0 : fields.length >= 3 ? parseStep(fields[2]) : undefined;
    if (fields.length < 2 || fields.length > 4) {
      read.bad.push(`line ${i + 1} has ${fields.length} field(s), not 'timestamp value step'`);
    } else if (!Number.isFinite(ts) || value === undefined || step === undefined) {
      read.bad.push(`line ${i + 1} ('${line.slice(0, 60)}') has a field that is not a number`);
    } else {
      if (fields.length === 2) read.stepless++;
      points.wallMs.push(ts);
      points.values.push(value);
      points.steps.push(step);
    }
  }
  return read;
}

async function readFrom(path: string, start: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= start) return '';
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    return buf.toString('utf8');
  } finally {
    await handle.close();
  }
}
