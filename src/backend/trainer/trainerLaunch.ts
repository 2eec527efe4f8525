/**
 * How the backend starts the tfjs trainer for a run: writes the resolved experiment next to the run and returns
 * the command to spawn (`node dist/trainer.js` with the MLOPS_* environment of the logging protocol).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExperimentSpec } from '../../core/spec/types';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';

export const TRAINER_CONFIG_FILE = 'trainer-config.json';

export interface TrainerLaunchInput {
  runDir: string;
  runId: string;
  workspace: string;
  /** The resolved experiment (params already substituted); relative data paths are relative to the workspace. */
  spec: ExperimentSpec;
  params?: Record<string, unknown>;
  /** The trainer entry; defaults to trainer.js beside the running bundle (dist/), or the TypeScript source under tsx. */
  script?: string;
}

export interface TrainerLaunch {
  executable: string;
  args: string[];
  cwd: string;
  /** Variables to add to the backend's environment (which carries CUDA_VISIBLE_DEVICES, MLOPS_TFJS_ENGINE …). */
  env: Record<string, string>;
  configPath: string;
}

function defaultEntry(): string[] {
  const bundled = join(__dirname, 'trainer.js');
  if (existsSync(bundled)) return [bundled];
  const source = join(__dirname, 'trainerMain.ts');
  if (existsSync(source)) return ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href, source];
  throw new Error(`cannot find the tfjs trainer next to ${__dirname}; run npm run build`);
}

export function trainerLaunch(input: TrainerLaunchInput): TrainerLaunch {
  const configPath = join(input.runDir, TRAINER_CONFIG_FILE);
  writeJsonAtomicSync(configPath, input.spec);
  return {
    executable: process.execPath,
    args: input.script ? [input.script] : defaultEntry(),
    cwd: input.workspace,
    env: {
      MLOPS_RUN_ID: input.runId,
      MLOPS_RUN_DIR: input.runDir,
      MLOPS_WORKSPACE: input.workspace,
      MLOPS_PARAMS: JSON.stringify(input.params ?? input.spec.params ?? {}),
      MLOPS_TRAINER_CONFIG: configPath,
    },
    configPath,
  };
}
