/** Batched prediction and the final test metrics, computed in the label's own terms. */
import { classificationMetrics, regressionMetrics } from '../../core/tfjs/metrics';
import { classIndices, classProbabilities, type LabelEncoder } from '../../core/tfjs/labels';
import { toNumber } from '../../core/tfjs/rawValues';
import type { RowSource } from '../../core/tfjs/rowSource';
import type { Model } from './buildModel';
import type { Tf } from './tf';

/** Runs the model on row-major inputs of `inputShape` and returns its raw outputs, row-major. */
export async function predictRaw(
  tf: Tf,
  model: Model,
  x: Float32Array,
  inputShape: number[],
  batchSize = 1024,
): Promise<Float32Array> {
  const width = inputShape.reduce((a, d) => a * d, 1);
  const n = width === 0 ? 0 : x.length / width;
  const parts: Float32Array[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const out = tf.tidy(() => {
      const input = tf.tensor(x.subarray(start * width, (start + count) * width), [count, ...inputShape]);
      return model.predict(input) as ReturnType<Tf['tensor']>;
    });
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const total = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    total.set(p, at);
    at += p.length;
  }
  return total;
}

/** accuracy, precision, recall, f1, auc (classification) or mae, rmse, r2 (regression), from raw model outputs. */
export function scoreOutputs(label: LabelEncoder, outputs: Float32Array, truth: RowSource): Record<string, number> {
  if (label.task === 'regression') {
    const actual = Array.from({ length: truth.length }, (_, i) => toNumber(truth.value(label.column, i)));
    const predicted = Array.from({ length: truth.length }, (_, i) => outputs[i] * label.std + label.mean);
    return { ...regressionMetrics(actual, predicted) };
  }
  const actual = classIndices(label, truth);
  const probs = classProbabilities(label, outputs, truth.length);
  return { ...classificationMetrics(actual, probs, label.classes.length) };
}
