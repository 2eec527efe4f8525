import { MlopsError } from '../../core/errors';
import { RUN_COLUMNS, columnValue, metricKey, paramKey } from '../../core/tracking/runColumns';
import type { SortSpec } from '../../core/tracking/runTableQuery';
import type { RunSummary } from '../../core/tracking/types';
import { closest } from '../parseArgs';
import { keyValueOptions } from './dataArgs';

/**
 * `--sort KEY`: a run field (started, duration, status…), a metric or a param, by bare name or as
 * `metric:NAME` / `param:NAME`; `-KEY` or `KEY:desc` sorts descending. A key no run has is an error.
 */
export function parseSort(text: string, runs: readonly RunSummary[]): SortSpec {
  let key = text.trim();
  let descending = false;
  if (key.startsWith('-')) [key, descending] = [key.slice(1), true];
  const order = /:(asc|desc)$/i.exec(key);
  if (order) [key, descending] = [key.slice(0, order.index), order[1].toLowerCase() === 'desc'];
  const metrics = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const params = new Set(runs.flatMap((r) => Object.keys(r.params)));
  const fields = RUN_COLUMNS.map((c) => c.key);
  if (key.startsWith('metric:') && metrics.has(key.slice(7))) return { key, descending };
  if (key.startsWith('param:') && params.has(key.slice(6))) return { key, descending };
  if (fields.includes(key)) return { key, descending };
  if (metrics.has(key)) return { key: metricKey(key), descending };
  if (params.has(key)) return { key: paramKey(key), descending };
  const known = [...fields, ...metrics, ...params];
  const guess = closest(key.replace(/^(metric|param):/, ''), known);
  throw new MlopsError(
    `cannot sort by '${key}': no run has a field, metric or param of that name`,
    'bad-input',
    `${guess ? `Did you mean '${guess}'? ` : ''}Sort keys: ${known.join(', ')}.`,
  );
}

/** `--tag NAME` keeps runs with that tag; `--tag NAME=VALUE` those where it has that value. */
export function tagFilter(values: readonly string[]): (run: RunSummary) => boolean {
  const wanted = values.map((text) => {
    const eq = text.indexOf('=');
    return eq === -1 ? { key: text, value: undefined } : { key: text.slice(0, eq), value: text.slice(eq + 1) };
  });
  return (run) =>
    wanted.every(
      ({ key, value }) =>
        Object.prototype.hasOwnProperty.call(run.tags ?? {}, key) && (value === undefined || run.tags[key] === value),
    );
}

/** `--param NAME=VALUE` keeps runs whose param has that value (numbers compare as numbers). A param no run has is an error. */
export function paramFilter(values: string[], runs: readonly RunSummary[]): (run: RunSummary) => boolean {
  const wanted = Object.entries(keyValueOptions(values, 'param'));
  const known = new Set(runs.flatMap((r) => Object.keys(r.params)));
  for (const [name] of wanted) {
    if (known.has(name)) continue;
    const guess = closest(name, [...known]);
    throw new MlopsError(
      `no run has a param '${name}'`,
      'bad-input',
      guess
        ? `Did you mean '${guess}'?`
        : known.size
          ? `Params: ${[...known].sort().join(', ')}.`
          : 'No run has params.',
    );
  }
  return (run) => wanted.every(([name, text]) => sameParam(columnValue(run, paramKey(name)), text));
}

function sameParam(value: unknown, text: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return value === Number(text);
  return (typeof value === 'string' ? value : JSON.stringify(value)) === text;
}
