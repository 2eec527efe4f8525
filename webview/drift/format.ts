/** Texts of the drift panel; pure, unit-tested. */
import type { DriftColumnView, DriftReportView } from '../../src/protocol/webview/drift';

export function scoreText(v: number | null, kind: 'p_value' | 'distance' | null): string {
  if (v === null) return '—';
  const abs = Math.abs(v);
  const n = abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return kind === 'p_value' ? `p = ${n}` : n;
}

export function shareText(v: number): string {
  if (v === 0) return '0%';
  if (v < 0.001) return '<0.1%';
  return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
}

/** "p < 0.05" or "distance ≥ 0.1": the rule that makes the column drift (Evidently's comparisons). */
export function ruleText(c: Pick<DriftColumnView, 'threshold' | 'scoreKind'>): string {
  if (c.threshold === null) return '—';
  return c.scoreKind === 'p_value' ? `p < ${c.threshold}` : `≥ ${c.threshold}`;
}

export function resultText(c: DriftColumnView): string {
  if (c.status === 'skipped') return `skipped: ${c.reason ?? ''}`;
  if (c.status === 'error') return `error: ${c.reason ?? ''}`;
  return c.drifted ? 'drift' : 'no drift';
}

export function verdictText(r: DriftReportView): string {
  if (r.share === null) return 'No column could be tested, so there is no verdict (counted as no drift).';
  const share = `${r.drifted} of ${r.tested} column${r.tested === 1 ? '' : 's'} drifted (share ${Number(r.share.toFixed(3))}; dataset drift at ≥ ${r.driftShare})`;
  return `${r.datasetDrift ? 'Dataset drift' : 'No dataset drift'}: ${share}`;
}

/** Columns present on one side only, in words; null when both files have the same columns. */
export function mismatchText(r: Pick<DriftReportView, 'onlyInReference' | 'onlyInCurrent'>): string | null {
  const parts: string[] = [];
  if (r.onlyInReference.length) parts.push(`only in the reference: ${r.onlyInReference.join(', ')}`);
  if (r.onlyInCurrent.length) parts.push(`only in the current data: ${r.onlyInCurrent.join(', ')}`);
  return parts.length ? `Not tested (${parts.join('; ')}).` : null;
}
