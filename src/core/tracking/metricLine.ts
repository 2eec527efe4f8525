import type { MetricPoint } from './types';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses one logged value. `nan`, `inf`, `-inf`, `Infinity` (any case) are valid values; anything else that is
 * not a number returns undefined so the caller can skip and count it.
 */
export function parseMetricValue(text: string): number | undefined {
  const s = text.trim();
  if (NUMBER.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** Formats a value the way dvclive and Python write them, so both clients produce identical files. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

export interface TsvHeader {
  valueColumn: number;
  stepColumn: number;
  timestampColumn: number;
}

/** Reads a dvclive header ("timestamp\tstep\t<name>"); columns may come in any order. */
export function parseTsvHeader(line: string, metricName: string): TsvHeader | undefined {
  const cols = line.split('\t').map((c) => c.trim());
  const stepColumn = cols.indexOf('step');
  const timestampColumn = cols.indexOf('timestamp');
  let valueColumn = cols.indexOf(metricName.split('/').pop() ?? metricName);
  if (valueColumn < 0) valueColumn = cols.findIndex((c, i) => i !== stepColumn && i !== timestampColumn);
  if (stepColumn < 0 || valueColumn < 0) return undefined;
  return { valueColumn, stepColumn, timestampColumn };
}

export function parseTsvRow(line: string, header: TsvHeader): MetricPoint | undefined {
  const cols = line.split('\t');
  const value = parseMetricValue(cols[header.valueColumn] ?? '');
  const step = Number(cols[header.stepColumn]);
  if (value === undefined || !Number.isFinite(step)) return undefined;
  const ts = header.timestampColumn >= 0 ? Number(cols[header.timestampColumn]) : NaN;
  return { step, timestamp: Number.isFinite(ts) ? ts : 0, value };
}
