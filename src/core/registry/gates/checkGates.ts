/** The one gate check shared by `mlops gate`, `mlops promote` and VS Code before a promotion. */
import { MlopsError } from '../../errors';
import { loadSpec, type LoadedSpec } from '../../spec/loadSpec';
import type { MlopsSpec } from '../../spec/types';
import type { RegistryStore } from '../registryStore';
import { resolveModelRef } from '../resolveModelRef';
import type { ModelVersion, TransitionTarget } from '../types';
import { evaluateGates, type GateReport } from './evaluate';
import { versionDrift, type DriftFacts, type DriftSources } from './gateDrift';
import { versionScope } from './gateScope';
import { versionEvaluation } from '../../evaluation/evaluationFiles';

export interface GateCheckOptions {
  model: string;
  version: number;
  /** Archiving needs no gates; every other target is checked. */
  to?: TransitionTarget;
  /** Overrides of the drift data (CLI --reference/--current). */
  drift?: DriftSources;
  /** A spec already loaded by the caller (VS Code keeps one); read from disk otherwise. */
  spec?: MlopsSpec | null;
  signal?: AbortSignal;
}

export interface GateCheck extends GateReport {
  model: string;
  version: number;
  /** The rules from mlops.yaml `models.<name>.gates` that applied. */
  rules: string[];
  /** The drift the rules read, or why there was none; undefined when no rule read drift. */
  drift?: { ok: true; facts: DriftFacts } | { ok: false; reason: string };
  production: number | null;
  /** Set when no gates applied, with why (no rules declared, or archiving). */
  skipped?: string;
}

async function specOf(workspace: string, given: MlopsSpec | null | undefined): Promise<MlopsSpec | null> {
  if (given !== undefined) return given;
  const loaded: LoadedSpec = await loadSpec(workspace);
  if (loaded.status === 'missing') return null;
  if (!loaded.spec) {
    const first = loaded.problems.find((p) => p.severity === 'error');
    throw new MlopsError(
      `mlops.yaml is invalid${first ? ` (line ${first.line}: ${first.message})` : ''}, so its gates cannot be read`,
      'bad-input',
      'Fix mlops.yaml; the Problems panel lists every error.',
    );
  }
  return loaded.spec;
}

export async function checkGates(store: RegistryStore, options: GateCheckOptions): Promise<GateCheck> {
  const data = await store.read();
  const version: ModelVersion = resolveModelRef(data, {
    name: options.model,
    kind: 'version',
    version: options.version,
  });
  const productionVersion = data.models[options.model].versions.find((v) => v.stage === 'production') ?? null;
  const spec = await specOf(store.workspace, options.spec);
  const rules = spec?.models[options.model]?.gates ?? [];
  const base = {
    model: options.model,
    version: options.version,
    rules,
    production: productionVersion?.version ?? null,
  };
  if (options.to?.kind === 'stage' && options.to.stage === 'archived')
    return { ...base, passed: true, results: [], skipped: 'archiving needs no gates' };
  if (rules.length === 0) {
    const why = spec?.models[options.model]
      ? `models.${options.model}.gates is empty`
      : `mlops.yaml declares no model '${options.model}'`;
    return { ...base, passed: true, results: [], skipped: `no gates apply (${why})` };
  }
  const scope = versionScope({
    version,
    production: productionVersion,
    drift: () => versionDrift(store.workspace, spec, version, options.drift, options.signal),
    evaluation: () => versionEvaluation(store.workspace, version),
  });
  const report = await evaluateGates(rules, scope, options.signal);
  const drift = scope.driftOutcome();
  return { ...base, ...report, ...(drift ? { drift } : {}) };
}

/** One line per failed rule with its actual values, as `mlops gate` prints and VS Code shows. */
export function describeFailures(check: GateCheck): string[] {
  return check.results
    .filter((r) => !r.passed)
    .map((r) => {
      const values = Object.entries(r.values)
        .map(
          ([k, v]) => `${k} = ${v === null ? 'n/a' : typeof v === 'number' ? formatGateNumber(v) : JSON.stringify(v)}`,
        )
        .join(', ');
      return `✗ ${r.rule}${values ? `  (${values})` : ''}${r.reason ? ` — ${r.reason}` : ''}`;
    });
}

export function formatGateNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
