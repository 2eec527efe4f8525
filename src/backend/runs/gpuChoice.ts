import { MlopsError } from '../../core/errors';
import type { GpuInventory } from '../../protocol/backend';
import type { LaunchPlan } from './launchPlan';

export interface GpuChoice {
  /** GPUs the run waits for: the plan's count, or 0 when it runs on CPU. */
  gpus: number;
  /** Why a run that asked for GPUs runs on CPU; written to its log. Null when it runs as asked. */
  cpuNote: string | null;
}

function shortage(plan: Pick<LaunchPlan, 'experiment' | 'gpus'>, inventory: GpuInventory): string {
  const wanted = `experiment '${plan.experiment}' asks for ${plan.gpus} GPU${plan.gpus === 1 ? '' : 's'}`;
  if (inventory.gpus.length > 0) return `${wanted} but this machine has ${inventory.gpus.length}`;
  const why =
    inventory.message && !inventory.message.startsWith('no GPU found')
      ? ` (${inventory.message.replace(/: runs on CPU$/, '')})`
      : '';
  return `${wanted} but this machine has none${why}`;
}

/**
 * Decides where a run that asks for GPUs runs: `--cpu` runs it on CPU; too few GPUs either falls back to CPU
 * (`gpus: {count, fallback: cpu}`) or refuses the run with a hint naming both ways to run it on CPU.
 */
export async function chooseGpus(
  plan: Pick<LaunchPlan, 'experiment' | 'gpus' | 'gpuFallback'>,
  forceCpu: boolean,
  inventory: () => Promise<GpuInventory>,
): Promise<GpuChoice> {
  if (plan.gpus === 0) return { gpus: 0, cpuNote: null };
  if (forceCpu)
    return {
      gpus: 0,
      cpuNote: `experiment '${plan.experiment}' asks for ${plan.gpus} GPU${plan.gpus === 1 ? '' : 's'}; running on CPU as --cpu asked`,
    };
  const have = await inventory();
  if (have.gpus.length >= plan.gpus) return { gpus: plan.gpus, cpuNote: null };
  if (plan.gpuFallback === 'cpu')
    return { gpus: 0, cpuNote: `${shortage(plan, have)}: running on CPU (gpus.fallback: cpu)` };
  throw new MlopsError(
    shortage(plan, have),
    'bad-input',
    `Run it on CPU with 'mlops run ${plan.experiment} --cpu', or set 'gpus: {count: ${plan.gpus}, fallback: cpu}' in mlops.yaml to fall back to CPU whenever the GPUs are missing.`,
  );
}
