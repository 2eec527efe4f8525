import { delimiter } from 'node:path';
import type { ClientPaths } from './clientPaths';

export interface RunEnvOptions {
  base: NodeJS.ProcessEnv;
  /** The experiment's own env from the spec (wins over `base`, loses to the MLOPS_* variables). */
  extra?: Record<string, string>;
  runId: string;
  runDir: string;
  workspace: string;
  params: Record<string, unknown>;
  /** GPUs assigned to the run; sets CUDA_VISIBLE_DEVICES to exactly these. None: left as inherited. */
  gpus?: number[];
  clients: ClientPaths;
  /** The process runs with this very executable (the tfjs trainer): keep Electron's run-as-node switch. */
  selfExecutable?: boolean;
}

function prepend(dir: string | null, current: string | undefined): string | undefined {
  if (!dir) return current;
  return current ? `${dir}${delimiter}${current}` : dir;
}

/** The logging protocol's environment (docs/DESIGN.md, "Logging protocol"), plus what makes output stream live. */
export function buildRunEnv(o: RunEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...o.base, ...o.extra };
  if (!o.selfExecutable) delete env.ELECTRON_RUN_AS_NODE;
  env.MLOPS_RUN_ID = o.runId;
  env.MLOPS_RUN_DIR = o.runDir;
  env.MLOPS_WORKSPACE = o.workspace;
  env.MLOPS_PARAMS = JSON.stringify(o.params);
  env.PYTHONPATH = prepend(o.clients.python, env.PYTHONPATH);
  env.NODE_PATH = prepend(o.clients.node, env.NODE_PATH);
  env.PYTHONUNBUFFERED ??= '1';
  if (o.gpus && o.gpus.length > 0) env.CUDA_VISIBLE_DEVICES = o.gpus.join(',');
  return env;
}
