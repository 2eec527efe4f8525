/** Synthetic lineage graphs for the panel benchmarks. */
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import { registryContribution } from '../../../src/core/lineage/registryLineage';
import type { LineageGraph } from '../../../src/core/lineage/graph';

const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(64, '0').slice(-64);

/**
 * A workspace-like graph of about `nodes` nodes: 5 experiments, 20 commits, 30 dataset versions, runs that each
 * read one or two of them and produce a model file, every tenth run a re-run of an earlier one, and a model
 * version per 8 runs. Deterministic.
 */
export async function workspaceGraph(nodes = 500): Promise<LineageGraph> {
  const runCount = Math.round((nodes - 50) / 2.125);
  const runs: RunRecord[] = [];
  for (let i = 0; i < runCount; i++) {
    const id = `01RUN${String(i).padStart(6, '0')}` as RunId;
    const data = [
      { path: `data/train${i % 3}.csv`, sha256: hex(i % 30, 'd'), bytes: 1_000_000 + i, role: 'input' as const },
    ];
    if (i % 2 === 0)
      data.push({ path: 'data/test.csv', sha256: hex(i % 4, 't'), bytes: 50_000, role: 'input' as const });
    runs.push({
      id,
      experiment: `exp${i % 5}`,
      status: i % 17 === 0 ? 'failed' : 'completed',
      command: 'python train.py',
      argv: [],
      shell: false,
      cwd: '/ws',
      createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      startedAt: null,
      endedAt: null,
      exitCode: 0,
      signal: null,
      pid: null,
      git: {
        isRepo: true,
        commit: hex(i % 20, 'c'),
        branch: 'main',
        dirty: i % 7 === 0,
        diffSha: i % 7 === 0 ? hex(i, 'p') : null,
      },
      data: [...data, { path: `artifacts/${id}/model.json`, sha256: hex(i, 'a'), bytes: 4096, role: 'output' }],
      env: {},
      parent: null,
      derivedFrom: i % 10 === 9 ? (`01RUN${String(i - 9).padStart(6, '0')}` as RunId) : null,
      tags: {},
    });
  }
  const graph = await buildLineageGraph(runs);
  const versions = runs
    .filter((_, i) => i % 8 === 0)
    .map((r, v) => ({
      model: `model${v % 3}`,
      version: v + 1,
      runId: r.id,
      artifactPath: `artifacts/${r.id}/model.json`,
      artifactSha256: hex(Number(r.id.slice(5)), 'a'),
      stage: v % 5 === 0 ? 'production' : null,
    }));
  const contribution = registryContribution(graph, versions);
  for (const n of contribution.nodes ?? []) graph.addNode(n);
  for (const e of contribution.edges ?? []) graph.addEdge(e);
  return graph;
}
