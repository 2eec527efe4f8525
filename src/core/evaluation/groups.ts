/**
 * Per-group metrics and fairlearn's group gaps. demographic_parity_difference = max − min selection rate;
 * equalized_odds_difference = max(TPR gap, FPR gap) (fairlearn's default agg="worst_case", method="between_groups").
 * Like fairlearn (which reads the rates off sklearn's normalised confusion matrix), a group with no positives has a
 * TPR of 0 and one with no negatives an FPR of 0; the report notes when that happened.
 */
import { binaryMetrics, multiclassMetrics, regressionMetrics, type BinaryVectors, type MetricValues } from './metricSets';
import type { EvalTask, FairnessReport, GroupMetrics } from './types';

export function groupIndices(groups: readonly string[]): Map<string, number[]> {
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    let list = byGroup.get(groups[i]);
    if (!list) byGroup.set(groups[i], (list = []));
    list.push(i);
  }
  return new Map([...byGroup.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pickU8(a: Uint8Array, idx: number[]): Uint8Array {
  const out = new Uint8Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
  return out;
}
function pickF64(a: Float64Array, idx: number[]): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
  return out;
}

export interface GroupInputs {
  task: EvalTask;
  groups: readonly string[];
  binary?: BinaryVectors;
  yKeys?: readonly string[];
  predKeys?: readonly string[];
  y?: Float64Array;
  pred?: Float64Array;
}

const noReason = () => undefined;

function metricsOf(input: GroupInputs, idx: number[] | null): MetricValues {
  if (input.task === 'binary') {
    const b = input.binary!;
    const v = idx ? { positive: pickU8(b.positive, idx), predicted: pickU8(b.predicted, idx), scores: b.scores && pickF64(b.scores, idx) } : b;
    return binaryMetrics(v, noReason);
  }
  if (input.task === 'multiclass') {
    const y = idx ? idx.map((i) => input.yKeys![i]) : input.yKeys!;
    const p = idx ? idx.map((i) => input.predKeys![i]) : input.predKeys!;
    const m = multiclassMetrics(y, p).metrics;
    return { accuracy: m.accuracy, f1_macro: m.f1_macro, precision_macro: m.precision_macro, recall_macro: m.recall_macro, f1_weighted: m.f1_weighted };
  }
  const y = idx ? pickF64(input.y!, idx) : input.y!;
  const p = idx ? pickF64(input.pred!, idx) : input.pred!;
  return regressionMetrics(y, p, noReason);
}

/** `overall`: the whole data's metric set when the caller has it already (saves a second pass over a million rows). */
export function groupMetrics(input: GroupInputs, overall?: MetricValues): { overall: MetricValues; byGroup: GroupMetrics[] } {
  const byGroup = [...groupIndices(input.groups)].map(([group, idx]) => ({ group, n: idx.length, metrics: metricsOf(input, idx) }));
  return { overall: overall ?? metricsOf(input, null), byGroup };
}

export function fairness(binary: BinaryVectors, groups: readonly string[]): FairnessReport {
  const notes: string[] = [];
  const byGroup = [...groupIndices(groups)].map(([group, idx]) => {
    let tp = 0;
    let fp = 0;
    let pos = 0;
    for (const i of idx) {
      if (binary.positive[i]) {
        pos++;
        if (binary.predicted[i]) tp++;
      } else if (binary.predicted[i]) fp++;
    }
    const neg = idx.length - pos;
    if (pos === 0) notes.push(`group '${group}' has no positive labels: its true positive rate counts as 0 (fairlearn's convention)`);
    if (neg === 0) notes.push(`group '${group}' has no negative labels: its false positive rate counts as 0 (fairlearn's convention)`);
    return { group, selection_rate: (tp + fp) / idx.length, true_positive_rate: pos === 0 ? 0 : tp / pos, false_positive_rate: neg === 0 ? 0 : fp / neg };
  });
  const spread = (f: (g: (typeof byGroup)[number]) => number) => {
    const values = byGroup.map(f);
    return values.reduce((a, b) => Math.max(a, b), -Infinity) - values.reduce((a, b) => Math.min(a, b), Infinity);
  };
  const tprGap = spread((g) => g.true_positive_rate);
  const fprGap = spread((g) => g.false_positive_rate);
  if (byGroup.length < 2) notes.push('only one group: every gap is 0');
  return {
    demographic_parity_difference: spread((g) => g.selection_rate),
    equalized_odds_difference: Math.max(tprGap, fprGap),
    true_positive_rate_difference: tprGap,
    false_positive_rate_difference: fprGap,
    byGroup,
    notes,
  };
}
