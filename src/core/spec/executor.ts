import { MlopsError } from '../errors';
import type { ExecutorKind, ExecutorSpec, SlurmOptions } from './types';

export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['local', 'slurm'];

/** Where one run executes, with the options of its executor. */
export type Executor = { kind: 'local' } | { kind: 'slurm'; options: SlurmOptions };

export function parseExecutorKind(text: string, source: string): ExecutorKind {
  if ((EXECUTOR_KINDS as readonly string[]).includes(text)) return text as ExecutorKind;
  throw new MlopsError(
    `${source} '${text}' is not an executor`,
    'bad-input',
    `Use one of: ${EXECUTOR_KINDS.join(', ')}.`,
  );
}

/**
 * The executor of a run. An explicit choice (`mlops run --executor`) wins; then the experiment's `executor:`; then the
 * default (the `mlops.executor` setting in VS Code); else local. Choosing `slurm` for an experiment whose spec has
 * `{slurm: {...}}` keeps those sbatch options; choosing it for one without gives the cluster's defaults.
 */
export function chooseExecutor(
  spec: ExecutorSpec | undefined,
  explicit?: ExecutorKind,
  fallback?: ExecutorKind,
): Executor {
  const fromSpec: ExecutorKind | undefined = spec === undefined ? undefined : typeof spec === 'string' ? spec : 'slurm';
  const kind = explicit ?? fromSpec ?? fallback ?? 'local';
  if (kind === 'local') return { kind };
  const options = spec && typeof spec === 'object' ? (spec.slurm ?? {}) : {};
  return { kind, options: { ...options, ...(options.extra ? { extra: [...options.extra] } : {}) } };
}
