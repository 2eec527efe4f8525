/** A trial's value from its metric series: the last point, or the best one; NaN or nothing logged is a failure with a reason. */
import type { Goal } from '../spec/types';
import type { MetricPoint } from '../tracking/types';

export type TrialValue = { ok: true; value: number; steps: number } | { ok: false; reason: string };

export function trialValue(
  points: readonly MetricPoint[],
  metric: { name: string; goal: Goal; summary: 'last' | 'best' },
  logged: readonly string[] = [],
): TrialValue {
  if (points.length === 0) {
    const others = logged.filter((n) => n !== metric.name);
    return {
      ok: false,
      reason: `it never logged the metric '${metric.name}'${others.length ? `; it logged: ${others.slice(0, 8).join(', ')}` : ''}`,
    };
  }
  const steps = points[points.length - 1].step + 1;
  if (metric.summary === 'last') {
    const last = points[points.length - 1];
    if (!Number.isFinite(last.value))
      return { ok: false, reason: `its last '${metric.name}' is ${last.value} (step ${last.step})` };
    return { ok: true, value: last.value, steps };
  }
  const finite = points.filter((p) => Number.isFinite(p.value)).map((p) => p.value);
  if (finite.length === 0) return { ok: false, reason: `every '${metric.name}' point it logged is NaN or infinite` };
  const best = finite.reduce((a, b) => (metric.goal === 'minimize' ? Math.min(a, b) : Math.max(a, b)));
  return { ok: true, value: best, steps };
}
