import { MlopsError } from '../../core/errors';
import { readTable } from '../../core/data/readTable';
import { driftReport, type DriftReport } from '../../core/drift/driftReport';
import { testChoice } from '../../core/drift/registry';
import { requireTestedColumns } from '../../core/drift/untestedColumns';
import type { StatTestId } from '../../core/drift/statTest';
import { option, optionAll, type CliCommand } from '../command';
import { progressLine } from '../progressLine';
import { formatNumber, textTable } from '../textTable';
import { keyValueOptions, numberOption, refuseTwoStdins, requiredPath } from './dataArgs';

export const driftCommand: CliCommand = {
  name: 'drift',
  usage: 'drift --reference R --current C [--test T] [--column-test col=T]… [--threshold x] [--drift-share s]',
  summary: 'per-column data drift between two files; exit 1 when the dataset drifted',
  valueOptions: [
    'reference',
    'current',
    'test',
    'column-test',
    'threshold',
    'column-threshold',
    'drift-share',
    'target',
    'prediction',
    'task',
    'columns',
    'column-type',
  ],
  async run(ctx) {
    const referencePath = requiredPath(ctx, 'reference');
    const currentPath = requiredPath(ctx, 'current');
    refuseTwoStdins(referencePath, currentPath);
    const test = testOption(option(ctx.args, 'test'), 'in --test');
    const columnTests = Object.fromEntries(
      Object.entries(keyValueOptions(optionAll(ctx.args, 'column-test'), 'column-test')).flatMap(([c, t]) => {
        const choice = testOption(t, `in --column-test ${c}=${t}`);
        return choice ? [[c, choice]] : [];
      }),
    );
    const columnThresholds = Object.fromEntries(
      Object.entries(keyValueOptions(optionAll(ctx.args, 'column-threshold'), 'column-threshold')).map(([c, t]) => {
        const v = Number(t);
        if (!Number.isFinite(v)) throw new MlopsError(`--column-threshold ${c}=${t}: not a number`, 'bad-input');
        return [c, v];
      }),
    );
    const task = option(ctx.args, 'task');
    if (task !== undefined && task !== 'classification' && task !== 'regression')
      throw new MlopsError(`--task must be classification or regression`, 'bad-input');
    const prediction = option(ctx.args, 'prediction')?.split(',');
    const columnTypes = keyValueOptions(optionAll(ctx.args, 'column-type'), 'column-type');
    for (const [c, t] of Object.entries(columnTypes)) {
      if (t !== 'numerical' && t !== 'categorical' && t !== 'text')
        throw new MlopsError(`--column-type ${c}=${t}: use numerical, categorical or text`, 'bad-input');
    }
    const progress = progressLine(ctx, 'drift');
    const [reference, current] = await Promise.all([
      readTable(referencePath, {
        signal: ctx.signal,
        onProgress: (d, t) => progress.update(Math.round(d / 1e6), Math.round(t / 1e6)),
      }),
      readTable(currentPath, { signal: ctx.signal }),
    ]);
    const report = await driftReport(reference, current, {
      signal: ctx.signal,
      test,
      columnTests,
      columnThresholds,
      threshold: numberOption(ctx, 'threshold', 0, Infinity),
      driftShare: numberOption(ctx, 'drift-share', 0, 1),
      target: option(ctx.args, 'target'),
      prediction: prediction && prediction.length === 1 ? prediction[0] : prediction,
      task,
      columns: option(ctx.args, 'columns')?.split(','),
      columnTypes: columnTypes as Record<string, 'numerical' | 'categorical' | 'text'>,
      overlays: false,
      onProgress: (d, t) => progress.update(d, t),
    });
    progress.done();
    requireTestedColumns(report);
    for (const w of report.warnings) ctx.stderr.write(`warning: ${w}\n`);
    return { json: jsonReport(report), text: textReport(report), exitCode: report.datasetDrift ? 1 : 0 };
  },
};

function testOption(name: string | undefined, where: string): StatTestId | undefined {
  const choice = name === undefined ? 'auto' : testChoice(name, where);
  return choice === 'auto' ? undefined : choice;
}

/** The `mlops drift --json` contract (docs/DESIGN.md) plus missing shares, sizes and the columns on one side only. */
function jsonReport(r: DriftReport) {
  return {
    columns: r.columns.map((c) => ({
      column: c.column,
      type: c.type,
      test: c.test,
      score: c.score,
      threshold: c.threshold,
      drifted: c.drifted,
      status: c.status,
      reason: c.reason,
      scoreKind: c.scoreKind,
      statistic: c.statistic,
      role: c.role,
      nReference: c.nReference,
      nCurrent: c.nCurrent,
      missingShareRef: c.missingShareRef,
      missingShareCur: c.missingShareCur,
    })),
    tested: r.tested,
    drifted: r.drifted,
    share: r.share,
    driftShare: r.driftShare,
    datasetDrift: r.datasetDrift,
    onlyInReference: r.onlyInReference,
    onlyInCurrent: r.onlyInCurrent,
    warnings: r.warnings,
  };
}

function textReport(r: DriftReport): string {
  const rows = [...r.columns]
    .sort((a, b) => Number(b.drifted === true) - Number(a.drifted === true))
    .map((c) => [
      c.column,
      c.type,
      c.test ?? '',
      formatNumber(c.score),
      c.threshold === null ? '' : `${c.scoreKind === 'p_value' ? 'p' : 'd'} ${formatNumber(c.threshold)}`,
      c.status === 'ok' ? (c.drifted ? 'DRIFT' : 'ok') : `${c.status}: ${c.reason}`,
      `${formatNumber(c.missingShareRef)} / ${formatNumber(c.missingShareCur)}`,
    ]);
  const lines = [textTable(['COLUMN', 'TYPE', 'TEST', 'SCORE', 'THRESHOLD', 'RESULT', 'MISSING R/C'], rows), ''];
  if (r.onlyInReference.length) lines.push(`only in reference (not tested): ${r.onlyInReference.join(', ')}`);
  if (r.onlyInCurrent.length) lines.push(`only in current (not tested): ${r.onlyInCurrent.join(', ')}`);
  const share = r.share === null ? 'n/a' : `${r.drifted}/${r.tested} = ${formatNumber(r.share)}`;
  lines.push(
    `drifted columns: ${share} (dataset drift when ≥ ${r.driftShare}) → ${r.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'}`,
  );
  return lines.join('\n');
}
