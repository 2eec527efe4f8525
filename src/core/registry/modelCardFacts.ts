/** Gathers what a model card shows, evaluating the gates now (drift included when a gate reads it). */
import { errorMessage } from '../errors';
import { FileRunStore } from '../store/fileRunStore';
import type { MlopsSpec } from '../spec/types';
import type { RunId } from '../tracking/types';
import { readAuditEvents } from './auditLog';
import { checkGates } from './gates/checkGates';
import type { ModelCardFacts } from './modelCard';
import type { RegistryStore } from './registryStore';
import { resolveModelRef } from './resolveModelRef';
import { storePaths } from '../store/layout';
import { tryParseModelRef } from '../spec/modelRef';
import { versionEvaluation } from '../evaluation/evaluationFiles';

export async function modelCardFacts(
  store: RegistryStore,
  options: {
    model: string;
    version: number;
    spec: MlopsSpec | null;
    signal?: AbortSignal;
    /** false: leave gates unevaluated (e.g. Restricted Mode). */ evaluateGates?: boolean;
  },
): Promise<ModelCardFacts> {
  const data = await store.read();
  const version = resolveModelRef(data, { name: options.model, kind: 'version', version: options.version });
  const [gates, run, events, evaluation] = await Promise.all([
    options.evaluateGates === false
      ? null
      : checkGates(store, {
          model: options.model,
          version: options.version,
          spec: options.spec,
          signal: options.signal,
        }).catch((err: unknown) => ({ error: errorMessage(err) })),
    new FileRunStore(store.workspace).getRun(version.runId as RunId).catch(() => undefined),
    readAuditEvents(storePaths(store.workspace).audit),
    versionEvaluation(store.workspace, version).catch((err: unknown) => ({ error: errorMessage(err) })),
  ]);
  return {
    model: data.models[options.model],
    version,
    spec: options.spec?.models[options.model] ?? null,
    gates,
    monitors: Object.values(data.monitors).filter((m) => tryParseModelRef(m.model)?.name === options.model),
    deployments: Object.values(data.deployments),
    history: events.filter((e) => e.model === options.model && e.version === options.version),
    evaluation,
    run: run
      ? {
          branch: run.git?.branch ?? null,
          remote: run.git?.remote ?? null,
          derivedFrom: run.derivedFrom ?? null,
          parent: run.parent,
        }
      : null,
  };
}
