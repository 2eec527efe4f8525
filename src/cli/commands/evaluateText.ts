import type { EvaluationReport } from '../../core/evaluation/types';
import { formatNumber, textTable } from '../textTable';

/** The terminal form of an evaluation report: metrics, undefined ones with why, the confusion matrix, slices, gaps. */
export function evaluationText(r: EvaluationReport): string {
  const lines: string[] = [];
  const head = [`${r.task} · ${r.n.toLocaleString('en-US')} rows · label ${r.source.label}`];
  if (r.positiveLabel !== undefined) head.push(`positive ${r.positiveLabel}`);
  if (r.threshold !== undefined) head.push(`threshold ${r.threshold}`);
  lines.push(head.join(' · '), '');
  lines.push(
    textTable(
      ['METRIC', 'VALUE'],
      Object.entries(r.metrics).map(([k, v]) => [
        k,
        v === null ? `undefined: ${r.undefined[k] ?? ''}` : formatNumber(v),
      ]),
    ),
  );
  if (r.confusionMatrix && r.confusionMatrix.labels.length <= 12) {
    const cm = r.confusionMatrix;
    lines.push(
      '',
      'confusion matrix (rows: true, columns: predicted)',
      textTable(
        ['', ...cm.labels],
        cm.matrix.map((row, i) => [cm.labels[i], ...row.map(String)]),
      ),
    );
  }
  if (r.perClass) {
    const curves = new Map((r.classCurves ?? []).map((c) => [c.label, c]));
    const ranked = curves.size > 0;
    lines.push(
      '',
      textTable(
        ['CLASS', 'PRECISION', 'RECALL', 'F1', 'SUPPORT', ...(ranked ? ['ROC AUC (OVR)', 'AP'] : [])],
        r.perClass.map((c) => [
          c.label,
          formatNumber(c.precision),
          formatNumber(c.recall),
          formatNumber(c.f1),
          String(c.support),
          ...(ranked
            ? [
                formatNumber(curves.get(c.label)?.rocAuc ?? null),
                formatNumber(curves.get(c.label)?.averagePrecision ?? null),
              ]
            : []),
        ]),
      ),
    );
  }
  if (r.residuals) {
    const s = r.residuals;
    lines.push(
      '',
      `residuals (actual − predicted): mean ${formatNumber(s.mean)}, std ${formatNumber(s.std)}, p5 ${formatNumber(s.p05)}, median ${formatNumber(s.median)}, p95 ${formatNumber(s.p95)}`,
    );
  }
  if (r.groups) {
    const names = Object.keys(r.groups.overall)
      .filter((k) => r.groups!.byGroup.some((g) => g.metrics[k] !== null))
      .slice(0, 6);
    lines.push(
      '',
      `by ${r.groups.column}`,
      textTable(
        ['GROUP', 'N', ...names.map((n) => n.toUpperCase())],
        r.groups.byGroup.map((g) => [g.group, String(g.n), ...names.map((n) => formatNumber(g.metrics[n]))]),
      ),
    );
  }
  if (r.fairness) {
    const f = r.fairness;
    lines.push(
      '',
      `demographic_parity_difference ${formatNumber(f.demographic_parity_difference)}, equalized_odds_difference ${formatNumber(f.equalized_odds_difference)}`,
    );
    for (const n of f.notes) lines.push(`note: ${n}`);
  }
  if (r.importance) {
    lines.push(
      '',
      `permutation importance (drop in ${r.importance.scoring}, ${r.importance.repeats} repeats, seed ${r.importance.seed})`,
      textTable(
        ['FEATURE', 'MEAN', 'STD'],
        r.importance.features.map((f) => [f.feature, formatNumber(f.mean), formatNumber(f.std)]),
      ),
    );
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
