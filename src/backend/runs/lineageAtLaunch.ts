import { errorMessage } from '../../core/errors';
import { hashInputs } from '../../core/lineage/dataHashing';
import { captureEnv } from '../../core/lineage/envCapture';
import { captureGit } from '../../core/lineage/gitCapture';
import type { RunId, RunRecord } from '../../core/tracking/types';
import type { LaunchPlan } from './launchPlan';
import type { RunnerContext } from './runnerContext';

const LINEAGE_TIMEOUT_MS = 60_000;

/**
 * Records git state, data hashes and the environment of a run that has just started. Runs beside the training
 * process, so it never delays it; each part that fails is logged and left out, never failing the run.
 */
export async function captureLineageAtLaunch(ctx: RunnerContext, runId: RunId, plan: LaunchPlan): Promise<void> {
  const runDir = ctx.store.runDir(runId);
  const signal = AbortSignal.timeout(LINEAGE_TIMEOUT_MS);
  const warn = (what: string) => (err: unknown) => {
    ctx.log('warn', `run ${runId}: could not record ${what}: ${errorMessage(err)}`);
    return undefined;
  };
  const python = plan.argv[0] && /python/i.test(plan.argv[0]) ? plan.argv[0] : ctx.pythonPath;
  const [git, data, env] = await Promise.all([
    captureGit(plan.cwd, { runDir, signal, timeoutMs: 20_000 }).catch(warn('git state')),
    plan.data.length > 0
      ? hashInputs(ctx.workspace, plan.data, { signal, role: 'input' }).catch(warn('data hashes'))
      : Promise.resolve(undefined),
    captureEnv({ workspace: ctx.workspace, python: plan.shell ? ctx.pythonPath : python, signal }).catch(
      warn('the environment'),
    ),
  ]);
  const patch: Partial<RunRecord> = {};
  if (git) patch.git = git;
  if (data) patch.data = data;
  if (env) patch.env = env;
  if (Object.keys(patch).length > 0) await ctx.store.updateRun(runId, patch).catch(warn('lineage in run.json'));
}
