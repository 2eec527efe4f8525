import type { Column } from '../data/table';
import { inferColumnType, type InferredColumnType } from './columnType';
import { ecdfFor, overlayFor } from './overlays';
import { statTest } from './registry';
import type { ColumnDrift, DriftOptions } from './reportTypes';
import { ColumnSample, distinctUnion } from './sample';
import type { DriftColumnType, StatTest } from './statTest';
import { autoTest, resolveTest, resolveThreshold } from './testSelection';

/** The automatic test choice compares u with 2 and 5 only: counting 6 distinct values tells it all. */
const AUTO_TEST_DISTINCT = 6;

export interface ColumnDriftInput {
  reference: Column;
  current: Column;
  referenceRows: number;
  currentRows: number;
  role: ColumnDrift['role'];
  /** Type fixed by the caller (target/prediction rules or an explicit schema); inferred from current otherwise. */
  type?: DriftColumnType | 'text';
}

/** Drift of one column: cleaning (docs/drift-spec.md §1), type (§2), test choice (§3) and the test itself (§4). */
export function columnDrift(input: ColumnDriftInput, options: DriftOptions): ColumnDrift {
  const { reference, current } = input;
  const type: DriftColumnType | InferredColumnType =
    input.type ?? options.columnTypes?.[reference.name] ?? inferColumnType(current);
  const numerical = type === 'numerical';
  const mismatch = reference.kind !== current.kind;
  const result = baseResult(input, type);
  if (numerical && (reference.kind === 'text' || current.kind === 'text')) {
    const side = reference.kind === 'text' ? 'reference' : 'current';
    return {
      ...result,
      ...withSampleSizes(input),
      status: 'error',
      reason: `numerical column holds non-numbers in the ${side} data`,
    };
  }
  const ref = ColumnSample.fromColumn(reference, mismatch);
  const cur = ColumnSample.fromColumn(current, mismatch);
  result.nReference = ref.n;
  result.nCurrent = cur.n;
  result.missingShareRef = input.referenceRows ? (input.referenceRows - ref.n) / input.referenceRows : 0;
  result.missingShareCur = input.currentRows ? (input.currentRows - cur.n) / input.currentRows : 0;
  if (mismatch)
    result.warnings.push(
      `'${reference.name}' is ${reference.kind} in the reference but ${current.kind} in the current data; compared as categories of text.`,
    );
  if (ref.n === 0)
    return {
      ...result,
      status: 'skipped',
      reason: 'empty_reference',
      warnings: [...result.warnings, `column '${reference.name}' is empty in the reference data`],
    };
  if (cur.n === 0)
    return {
      ...result,
      status: 'skipped',
      reason: 'empty_current',
      warnings: [...result.warnings, `column '${reference.name}' is empty in the current data`],
    };
  if (type !== 'numerical' && type !== 'categorical') {
    return { ...result, status: 'skipped', reason: type === 'text' ? 'text_column' : `unsupported_type_${type}` };
  }
  const requested = resolveTest(reference.name, type, options);
  const test: StatTest =
    requested === 'auto' ? autoTest(type, ref.n, distinctUnion(ref, cur, AUTO_TEST_DISTINCT)) : statTest(requested);
  const threshold = resolveThreshold(reference.name, type, test, options);
  const filled = { ...result, test: test.id, threshold, scoreKind: test.scoreKind };
  if (!test.accepts.includes(type) || (numerical && !ref.isNumeric)) {
    return {
      ...filled,
      status: 'error',
      reason: `test '${test.id}' needs a ${test.accepts.join(' or ')} column, '${reference.name}' is ${type}`,
    };
  }
  const outcome = test.compute(ref, cur, type);
  const overlay = options.overlays === false ? null : overlayFor(ref, cur, numerical);
  const ecdf = options.overlays !== false && test.id === 'ks' ? ecdfFor(ref, cur) : null;
  if (Number.isNaN(outcome.score)) {
    return {
      ...filled,
      overlay,
      ecdf,
      status: 'error',
      reason: `test '${test.id}' is undefined for these data (a single category)`,
    };
  }
  return {
    ...filled,
    score: outcome.score,
    statistic: outcome.statistic ?? null,
    drifted: test.isDrift(outcome.score, threshold),
    overlay,
    ecdf,
  };
}

function baseResult(input: ColumnDriftInput, type: ColumnDrift['type']): ColumnDrift {
  return {
    column: input.reference.name,
    type,
    test: null,
    score: null,
    threshold: null,
    drifted: null,
    status: 'ok',
    reason: null,
    scoreKind: null,
    statistic: null,
    role: input.role,
    nReference: 0,
    nCurrent: 0,
    missingShareRef: input.referenceRows ? input.reference.missing / input.referenceRows : 0,
    missingShareCur: input.currentRows ? input.current.missing / input.currentRows : 0,
    overlay: null,
    ecdf: null,
    warnings: [],
  };
}

function withSampleSizes(input: ColumnDriftInput): Pick<ColumnDrift, 'nReference' | 'nCurrent'> {
  return {
    nReference: input.reference.values.length - input.reference.missing,
    nCurrent: input.current.values.length - input.current.missing,
  };
}
