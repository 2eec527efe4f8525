/**
 * The names a gate can read for one model version:
 * - `val_accuracy`, `val.accuracy`, `metrics.<name>` (or a `quoted/name` in backticks): its metrics at registration;
 * - `production.<metric>`, `production.exists`, `production.version`: the current production version;
 * - `drift.share`, `drift.datasetDrift`, `drift.drifted`, `drift.tested`, `drift.driftShare`: its drift report;
 * - `lineage.clean` (trained from a committed tree), `lineage.dirty`, `lineage.commit`;
 * - `eval.<metric>` (`eval.f1`, `eval.roc_auc`, `eval.n`…) and `fairness.<gap>` from its evaluation report;
 * - `version`: its number.
 */
import type { ModelVersion } from '../types';
import { evaluationLookup, type EvaluationSource } from './gateEvaluation';
import type { DriftOutcome } from './gateDrift';
import type { GateScope, Lookup } from './evaluate';

const DRIFT_FIELDS = ['share', 'datasetDrift', 'drifted', 'tested', 'driftShare'] as const;

export interface ScopeInputs {
  version: ModelVersion;
  production: ModelVersion | null;
  /** Computed at most once, and only when a rule reads `drift.*`. */
  drift: () => Promise<DriftOutcome>;
  /** Read at most once, and only when a rule reads `eval.*` or `fairness.*`. */
  evaluation?: EvaluationSource;
}

function metricLookup(version: ModelVersion, name: string, owner: string): Lookup {
  const value = version.metrics[name] ?? version.metrics[name.replace(/\./g, '/')];
  if (value !== undefined) return { ok: true, value };
  const known = Object.keys(version.metrics).sort();
  return {
    ok: false,
    reason: `unknown metric '${name}' for ${owner}: ${known.length ? `it has ${known.join(', ')}` : 'it recorded no metrics at registration'}`,
  };
}

export function versionScope(inputs: ScopeInputs): GateScope & { driftOutcome(): DriftOutcome | undefined } {
  const { version, production } = inputs;
  const self = `${version.model}:${version.version}`;
  let drift: Promise<DriftOutcome> | undefined;
  let settled: DriftOutcome | undefined;
  const driftOnce = () => (drift ??= inputs.drift().then((d) => (settled = d)));
  let evaluation: ReturnType<EvaluationSource> | undefined;
  const evaluationOnce = () => (evaluation ??= inputs.evaluation ? inputs.evaluation() : Promise.resolve(null));

  return {
    driftOutcome: () => settled,
    async lookup(path: string): Promise<Lookup> {
      const [head, ...rest] = path.split('.');
      const tail = rest.join('.');
      if (head === 'drift' && tail) {
        if (!(DRIFT_FIELDS as readonly string[]).includes(tail))
          return {
            ok: false,
            reason: `unknown drift field '${tail}': use ${DRIFT_FIELDS.map((f) => `drift.${f}`).join(', ')}`,
          };
        const outcome = await driftOnce();
        if (!outcome.ok) return { ok: false, reason: outcome.reason };
        const value = outcome.facts[tail as (typeof DRIFT_FIELDS)[number]];
        if (value === null)
          return {
            ok: false,
            reason: `no column of ${outcome.facts.current} could be tested against ${outcome.facts.reference}, so drift.${tail} is unknown`,
          };
        return { ok: true, value };
      }
      if ((head === 'eval' || head === 'fairness') && tail)
        return evaluationLookup(head, tail, self, await evaluationOnce());
      if (head === 'lineage' && tail) {
        if (tail === 'clean')
          return { ok: true, value: version.git !== null && version.git.commit !== null && !version.git.dirty };
        if (tail === 'dirty') return { ok: true, value: version.git?.dirty ?? false };
        if (tail === 'commit')
          return version.git?.commit
            ? { ok: true, value: version.git.commit }
            : { ok: false, reason: `run ${version.runId} was not launched from a git commit` };
        return {
          ok: false,
          reason: `unknown lineage field '${tail}': use lineage.clean, lineage.dirty or lineage.commit`,
        };
      }
      if (head === 'production' && tail) {
        if (tail === 'exists') return { ok: true, value: production !== null };
        if (!production)
          return {
            ok: false,
            reason: `model '${version.model}' has no production version to compare with (guard the rule with 'not production.exists or …')`,
          };
        if (tail === 'version') return { ok: true, value: production.version };
        return metricLookup(production, tail, `production version ${production.model}:${production.version}`);
      }
      if (head === 'metrics' && tail) return metricLookup(version, tail, self);
      if (path === 'version') return { ok: true, value: version.version };
      return metricLookup(version, path, self);
    },
  };
}
