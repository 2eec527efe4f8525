/** Turns a core drift report into the drift panel's rows, sorted by severity: pure, unit-tested. */
import type { ColumnDrift, DriftReport } from '../../core/drift/reportTypes';
import type { DriftColumnView, DriftReportView, DriftSettings } from '../../protocol/webview/drift';

const REASONS: Record<string, string> = {
  empty_reference: 'every value is missing in the reference data',
  empty_current: 'every value is missing in the current data',
  text_column: 'free text (more distinct values than half the rows): not drift-tested',
  unsupported_type_datetime: 'dates are not drift-tested',
  unsupported_type_unknown: 'no usable values (all missing, lists or objects)',
};

/** A reason code from the report in words; free-form reasons pass through. */
export function reasonText(reason: string | null): string | null {
  if (reason === null) return null;
  return REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/**
 * Decades past the threshold: for p-values log10(threshold / p), for distances log10(distance / threshold).
 * Positive means drifted by that margin; a p-value of 0 (or a distance over a zero threshold) is +Infinity.
 */
export function severityOf(c: Pick<ColumnDrift, 'score' | 'threshold' | 'scoreKind' | 'status'>): number | null {
  if (c.status !== 'ok' || c.score === null || c.threshold === null || c.scoreKind === null) return null;
  const [num, den] = c.scoreKind === 'p_value' ? [c.threshold, c.score] : [c.score, c.threshold];
  if (den === 0) return num === 0 ? 0 : Infinity;
  if (num === 0) return -Infinity;
  return Math.log10(num / den);
}

/** Drifted before not drifted, then by severity (largest first), then failed, then skipped; ties by name. */
export function compareBySeverity(a: DriftColumnView, b: DriftColumnView): number {
  const rank = (c: DriftColumnView) => (c.status === 'skipped' ? 3 : c.status === 'error' ? 2 : c.drifted ? 0 : 1);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const sa = a.severity ?? -Infinity;
  const sb = b.severity ?? -Infinity;
  if (sa !== sb) return sb > sa ? 1 : -1;
  return a.column < b.column ? -1 : a.column > b.column ? 1 : 0;
}

export function driftColumnView(c: ColumnDrift, settings: DriftSettings): DriftColumnView {
  return {
    column: c.column,
    type: c.type,
    role: c.role,
    test: c.test,
    scoreKind: c.scoreKind,
    score: finiteOrNull(c.score),
    statistic: finiteOrNull(c.statistic),
    threshold: c.threshold,
    drifted: c.drifted,
    status: c.status,
    reason: reasonText(c.reason),
    severity: severityOf(c),
    nReference: c.nReference,
    nCurrent: c.nCurrent,
    missingShareRef: c.missingShareRef,
    missingShareCur: c.missingShareCur,
    overlay: c.overlay,
    ecdf: c.ecdf,
    overridden: c.column in settings.columnTests || c.column in settings.columnThresholds,
  };
}

export function driftReportView(
  report: DriftReport,
  files: { reference: string; current: string },
  settings: DriftSettings,
  elapsedMs: number,
): DriftReportView {
  return {
    reference: files.reference,
    current: files.current,
    columns: report.columns.map((c) => driftColumnView(c, settings)).sort(compareBySeverity),
    tested: report.tested,
    drifted: report.drifted,
    share: report.share,
    driftShare: report.driftShare,
    datasetDrift: report.datasetDrift,
    onlyInReference: report.onlyInReference,
    onlyInCurrent: report.onlyInCurrent,
    referenceRows: report.referenceRows,
    currentRows: report.currentRows,
    warnings: [...new Set(report.warnings)],
    elapsedMs,
  };
}

function finiteOrNull(v: number | null): number | null {
  return v === null || Number.isNaN(v) ? null : v;
}
