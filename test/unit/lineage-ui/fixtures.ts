import type { DataRef, GitInfo, RunId, RunRecord, RunStatus } from '../../../src/core/tracking/types';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import { registryContribution } from '../../../src/core/lineage/registryLineage';
import type { LineageGraph } from '../../../src/core/lineage/graph';

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export function run(
  id: string,
  fields: {
    experiment?: string;
    status?: RunStatus;
    git?: GitInfo | null;
    data?: Array<DataRef & { purpose?: 'train' | 'eval' }>;
    derivedFrom?: string;
    createdAt?: string;
  } = {},
): RunRecord {
  return {
    id: id as RunId,
    experiment: fields.experiment ?? 'churn',
    status: fields.status ?? 'completed',
    command: 'python train.py',
    argv: ['python', 'train.py'],
    shell: false,
    cwd: '/ws',
    createdAt: fields.createdAt ?? '2026-11-25T10:00:00.000Z',
    startedAt: null,
    endedAt: null,
    exitCode: 0,
    signal: null,
    pid: null,
    git: fields.git ?? null,
    data: fields.data ?? [],
    env: {},
    parent: null,
    derivedFrom: (fields.derivedFrom ?? null) as RunId | null,
    tags: {},
  };
}

export const gitAt = (commit: string, extra: Partial<GitInfo> = {}): GitInfo => ({
  isRepo: true,
  commit,
  branch: 'main',
  dirty: false,
  diffSha: null,
  ...extra,
});

/**
 * Two runs of `churn` on two versions of data/train.csv, each producing a model file, the second registered as
 * churn v1 (production); the second run is a re-run of the first.
 */
export async function twoRunGraph(): Promise<LineageGraph> {
  const runs = [
    run('r1', {
      git: gitAt(sha('a')),
      createdAt: '2026-11-25T10:00:00.000Z',
      data: [
        { path: 'data/train.csv', sha256: sha('1'), bytes: 2048, role: 'input', purpose: 'train' },
        { path: 'artifacts/model.json', sha256: sha('7'), bytes: 10, role: 'output' },
      ],
    }),
    run('r2', {
      git: gitAt(sha('a'), { dirty: true, diffSha: sha('d') }),
      status: 'failed',
      createdAt: '2026-11-25T11:00:00.000Z',
      derivedFrom: 'r1',
      data: [
        { path: 'data/train.csv', sha256: sha('2'), bytes: 4096, role: 'input', purpose: 'train' },
        { path: 'artifacts/model.json', sha256: sha('8'), bytes: 11, role: 'output' },
      ],
    }),
  ];
  const graph = await buildLineageGraph(runs);
  const contribution = registryContribution(graph, [
    {
      model: 'churn',
      version: 1,
      runId: 'r2',
      artifactPath: 'artifacts/model.json',
      artifactSha256: sha('8'),
      stage: 'production',
      aliases: ['champion'],
    },
  ]);
  for (const n of contribution.nodes ?? []) graph.addNode(n);
  for (const e of contribution.edges ?? []) graph.addEdge(e);
  return graph;
}

/** A chain of `n` runs, each reading the previous run's output: n runs + n+1 data nodes, a long thin DAG. */
export async function chainGraph(n: number): Promise<LineageGraph> {
  const runs = Array.from({ length: n }, (_, i) =>
    run(`c${String(i).padStart(4, '0')}`, {
      data: [
        { path: `data/step${i}.csv`, sha256: sha(String(i % 10)), bytes: 100, role: 'input' },
        { path: `data/step${i + 1}.csv`, sha256: sha(String((i + 1) % 10)), bytes: 100, role: 'output' },
      ],
    }),
  );
  return buildLineageGraph(runs);
}
