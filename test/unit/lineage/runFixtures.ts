import type { DataRef, GitInfo, RunId, RunRecord } from '../../../src/core/tracking/types';

/** A run record with lineage fields set, the rest defaulted. */
export function runRecord(
  id: string,
  fields: {
    experiment?: string;
    git?: GitInfo | null;
    data?: Array<DataRef & { purpose?: 'train' | 'eval' }>;
    derivedFrom?: string;
    env?: RunRecord['env'];
  } = {},
): RunRecord {
  return {
    id: id as RunId,
    experiment: fields.experiment ?? 'mlp',
    status: 'completed',
    command: 'python train.py',
    argv: ['python', 'train.py'],
    shell: false,
    cwd: '/ws',
    createdAt: '2026-11-25T10:00:00.000Z',
    startedAt: '2026-11-25T10:00:00.000Z',
    endedAt: '2026-11-25T10:05:00.000Z',
    exitCode: 0,
    signal: null,
    pid: null,
    git: fields.git === undefined ? null : fields.git,
    data: fields.data ?? [],
    env: fields.env ?? {},
    parent: null,
    derivedFrom: (fields.derivedFrom ?? null) as RunId | null,
    tags: {},
  };
}

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export const git = (commit: string, extra: Partial<GitInfo> = {}): GitInfo => ({
  isRepo: true,
  commit,
  branch: 'main',
  dirty: false,
  diffSha: null,
  ...extra,
});
