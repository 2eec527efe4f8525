/** The retraining loop's actions on the real run queue and registry (shared by the backend and the CLI). */
import type { RetrainActions } from '../../core/monitor/retrain';
import type { RegistryStore } from '../../core/registry';
import { checkGates, describeFailures } from '../../core/registry/gates';
import { promote } from '../../core/registry/promotion';
import { registerRun } from '../../core/registry/registration';
import type { RunId } from '../../core/tracking/types';
import type { Runner } from '../runner';

const PRODUCTION = { kind: 'stage', stage: 'production' } as const;

export function retrainActions(runner: Runner, registry: RegistryStore): RetrainActions {
  return {
    async launch(experiment, tags) {
      const derivedFrom = (tags['derived-from'] as RunId | undefined) ?? null;
      return (await runner.launch({ experiment, tags, derivedFrom })).runId;
    },
    runStatus: async (runId) => (await runner.ctx.store.getRun(runId as RunId))?.status ?? null,
    register: (runId, model) => registerRun(registry, { run: runId, model }),
    async checkGates(model, version) {
      const check = await checkGates(registry, { model, version, to: PRODUCTION });
      return { passed: check.passed, failures: describeFailures(check) };
    },
    promote: async (model, version, note) =>
      (await promote(registry, { model, version, to: PRODUCTION, note })).promoted,
  };
}
