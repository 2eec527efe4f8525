import { throwIfAborted } from '../errors';
import type { Column, Table } from '../data/table';
import { columnDrift, type ColumnDriftInput } from './columnDrift';
import type { ColumnDrift, DriftOptions, DriftReport } from './reportTypes';
import { labelsFromProbabilities, predictionType, targetType } from './roles';
import { checkTestNames } from './testSelection';

export type { ColumnDrift, DriftOptions, DriftReport } from './reportTypes';

/**
 * Per-column drift between a reference and a current table and the dataset verdict (docs/drift-spec.md §5): columns present in both
 * are tested (the rest listed), share = drifted / tested over columns with a result, datasetDrift = share ≥ driftShare.
 */
export async function driftReport(reference: Table, current: Table, options: DriftOptions = {}): Promise<DriftReport> {
  checkTestNames(options);
  const driftShare = options.driftShare ?? 0.5;
  const refNames = reference.columns.map((c) => c.name);
  const curNames = new Set(current.columns.map((c) => c.name));
  const wanted = options.columns ? new Set(options.columns) : null;
  const common = refNames.filter((n) => curNames.has(n) && (!wanted || wanted.has(n)));
  const warnings: string[] = [];
  const inputs = columnInputs(reference, current, common, options);
  const columns: ColumnDrift[] = [];
  for (const input of inputs) {
    throwIfAborted(options.signal, 'drift report');
    columns.push(columnDrift(input, options));
    options.onProgress?.(columns.length, inputs.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (
    options.threshold !== undefined &&
    columns.some(
      (c) => !options.test && !options.columnTests?.[c.column] && !options.typeTests?.[c.type as 'numerical'],
    )
  ) {
    warnings.push(
      'a global threshold with the automatic test choice applies the same number to p-values and to distances; set --test too.',
    );
  }
  for (const c of columns) for (const warning of c.warnings) warnings.push(warning);
  const counted = columns.filter(
    (c) => c.status === 'ok' && (options.includeTargetAndPrediction !== false || c.role === 'feature'),
  );
  const drifted = counted.filter((c) => c.drifted).length;
  const share = counted.length > 0 ? drifted / counted.length : null;
  if (share === null) warnings.push('no column could be tested; the dataset verdict is "no drift" by default.');
  return {
    columns,
    tested: counted.length,
    drifted,
    share,
    driftShare,
    datasetDrift: share !== null && share >= driftShare,
    onlyInReference: refNames.filter((n) => !curNames.has(n)),
    onlyInCurrent: current.columns.map((c) => c.name).filter((n) => !refNames.includes(n)),
    referenceRows: reference.rowCount,
    currentRows: current.rowCount,
    warnings,
  };
}

function columnInputs(reference: Table, current: Table, names: string[], options: DriftOptions): ColumnDriftInput[] {
  const byName = (t: Table, n: string) => t.columns.find((c) => c.name === n)!;
  const probaColumns = Array.isArray(options.prediction) && options.prediction.length > 1 ? options.prediction : [];
  const predictionColumn =
    typeof options.prediction === 'string'
      ? options.prediction
      : Array.isArray(options.prediction) && options.prediction.length === 1
        ? options.prediction[0]
        : undefined;
  const inputs: ColumnDriftInput[] = names.map((name) => {
    const ref = byName(reference, name);
    const cur = byName(current, name);
    const base = { reference: ref, current: cur, referenceRows: reference.rowCount, currentRows: current.rowCount };
    if (name === options.target)
      return { ...base, role: 'target', type: options.columnTypes?.[name] ?? targetType(cur, options.task) };
    if (name === predictionColumn)
      return { ...base, role: 'prediction', type: options.columnTypes?.[name] ?? predictionType(cur, options.task) };
    if (probaColumns.includes(name)) return { ...base, role: 'prediction_proba', type: 'numerical' };
    return { ...base, role: 'feature' };
  });
  if (probaColumns.length > 1 && probaColumns.every((n) => names.includes(n))) {
    const label = (t: Table): Column => {
      const values = labelsFromProbabilities(probaColumns.map((n) => byName(t, n)));
      return { name: 'prediction_label', kind: 'text', values, missing: values.filter((v) => v === null).length };
    };
    inputs.push({
      reference: label(reference),
      current: label(current),
      referenceRows: reference.rowCount,
      currentRows: current.rowCount,
      role: 'prediction_label',
      type: 'categorical',
    });
  }
  return inputs;
}
