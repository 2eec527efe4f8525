import { MlopsError } from '../../core/errors';
import { profile, type ColumnProfile } from '../../core/data/profile';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';
import { formatNumber, textTable } from '../textTable';
import { dataPath } from './dataArgs';

export const profileCommand: CliCommand = {
  name: 'profile',
  usage: 'profile <data|->',
  summary: 'EDA summary per column of a CSV, JSON Lines or Parquet file',
  async run(ctx) {
    const file = ctx.args.positionals[0];
    if (!file) throw new MlopsError('profile needs a data file', 'bad-input', 'Run: mlops profile data/train.csv');
    const progress = progressLine(ctx, 'reading (MB)');
    const result = await profile(dataPath(ctx, file), {
      signal: ctx.signal,
      onProgress: (d, t) => progress.update(Math.round(d / 1e6), Math.round(t / 1e6)),
    });
    progress.done();
    const rows = result.columns.map(row);
    const text = [
      `${result.source}: ${result.rowCount} rows × ${result.columnCount} columns (${result.format})`,
      '',
      textTable(['COLUMN', 'TYPE', 'COUNT', 'MISSING', 'DISTINCT', 'MIN', 'MEAN', 'STD', 'MEDIAN', 'MAX', 'TOP'], rows),
    ].join('\n');
    return { json: result, text };
  },
};

function row(c: ColumnProfile): string[] {
  const n = c.numeric;
  const top = c.text?.top[0] ?? n?.top[0];
  return [
    c.name,
    c.type,
    String(c.count),
    `${formatNumber(c.missing)} (${(100 * c.missingShare).toFixed(1)}%)`,
    String(c.distinct),
    formatNumber(n?.min),
    formatNumber(n?.mean),
    formatNumber(n?.std),
    formatNumber(n?.quantiles.find((q) => q.p === 0.5)?.value),
    formatNumber(n?.max),
    top ? `${String(top.value).slice(0, 24)} (${top.count})` : '',
  ];
}
