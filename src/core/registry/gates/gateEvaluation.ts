/** Gate names read from a version's evaluation report: `eval.<metric>` and `fairness.<gap>`. */
import { FAIRNESS_FIELDS, type VersionEvaluation } from '../../evaluation/evaluationFiles';
import type { Lookup } from './evaluate';

export type EvaluationSource = () => Promise<VersionEvaluation | null>;

export function evaluationLookup(head: 'eval' | 'fairness', tail: string, owner: string, found: VersionEvaluation | null): Lookup {
  if (!found) {
    return { ok: false, reason: `${owner} has no evaluation, so ${head}.${tail} is unknown (run 'mlops evaluate ${owner} --data TEST --label COL')` };
  }
  const { report, path } = found;
  if (head === 'eval') {
    if (tail === 'n') return { ok: true, value: report.n };
    if (!(tail in report.metrics)) return { ok: false, reason: `unknown evaluation metric '${tail}' in ${path}: it has ${Object.keys(report.metrics).sort().join(', ')}` };
    const value = report.metrics[tail];
    if (value === null) return { ok: false, reason: `eval.${tail} is undefined: ${report.undefined[tail] ?? 'not computed'}` };
    return { ok: true, value };
  }
  if (!report.fairness) return { ok: false, reason: `the evaluation in ${path} has no fairness gaps (evaluate a binary task with --group COL)` };
  if (!(FAIRNESS_FIELDS as readonly string[]).includes(tail)) return { ok: false, reason: `unknown fairness field '${tail}': use ${FAIRNESS_FIELDS.map((f) => `fairness.${f}`).join(', ')}` };
  return { ok: true, value: report.fairness[tail as (typeof FAIRNESS_FIELDS)[number]] };
}
