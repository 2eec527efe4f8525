import type { ExperimentSpec } from '../spec/types';
import type { EnvInfo, GitInfo } from '../tracking/types';
import { captureEnv } from './envCapture';
import { captureGit } from './gitCapture';
import { checkInputs, hashInputs, type DataInput, type HashedData } from './dataHashing';
import type { HashCache } from './hashCache';

/** The declared inputs of an experiment: its `data:` list, or the tfjs trainer's train (trained-on) and test (evaluated-on) files. */
export function dataInputsOf(spec: Pick<ExperimentSpec, 'data'>): DataInput[] {
  const data = spec.data;
  if (!data) return [];
  if (Array.isArray(data)) return data;
  const inputs: DataInput[] = [{ path: data.train, purpose: 'train' }];
  if (data.test) inputs.push({ path: data.test, purpose: 'eval' });
  return inputs;
}

export interface LaunchCaptureOptions {
  runDir: string;
  data: DataInput[];
  /** Interpreter of a Python run. */
  python?: string;
  cache?: HashCache | false;
  signal?: AbortSignal;
}

export interface LaunchLineage {
  git: GitInfo;
  data: HashedData[];
  env: EnvInfo;
}

/**
 * Everything recorded about a run at launch, captured concurrently: code (git), data (hashes) and
 * environment. Fails (before the run starts, and before writing anything) on a data path that is missing or
 * outside the workspace; otherwise only on a broken repository.
 */
export async function captureLaunchLineage(workspace: string, options: LaunchCaptureOptions): Promise<LaunchLineage> {
  const { signal } = options;
  await checkInputs(workspace, options.data);
  const [data, git, env] = await Promise.all([
    hashInputs(workspace, options.data, { cache: options.cache, signal }),
    captureGit(workspace, { runDir: options.runDir, signal }),
    captureEnv({ workspace, python: options.python, signal }),
  ]);
  return { git, data, env };
}
