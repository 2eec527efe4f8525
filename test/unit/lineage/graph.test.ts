import { strict as assert } from 'node:assert';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import { LineageGraph, nodeId } from '../../../src/core/lineage/graph';
import { downstream, neighbourhood, upstream } from '../../../src/core/lineage/graphQuery';
import { registryProvider } from '../../../src/core/lineage/registryLineage';
import { renderLineageTree } from '../../../src/core/lineage/lineageText';
import { datasetCatalog } from '../../../src/core/lineage/datasetCatalog';
import { git, runRecord, sha } from './runFixtures';

/**
 * Two runs on two versions of the training data. Run A produced a model file that was registered as churn:1
 * and deployed; run B was a retrain of A on new data (derived-from) and its model became churn:2.
 */
async function twoRunGraph() {
  const runA = runRecord('01A', {
    git: git('c1'.repeat(20), { dirty: true, diffSha: sha('d') }),
    data: [
      { path: 'data/train.csv', sha256: sha('1'), bytes: 100, role: 'input' },
      { path: 'data/test.csv', sha256: sha('t'), bytes: 10, role: 'input', purpose: 'eval' },
      { path: '.mlops/runs/01A/artifacts/model.json', sha256: sha('m'), bytes: 5, role: 'output' },
    ],
  });
  const runB = runRecord('01B', {
    git: git('c1'.repeat(20), { branch: 'feature' }),
    derivedFrom: '01A',
    data: [
      { path: 'data/train.csv', sha256: sha('2'), bytes: 120, role: 'input' },
      { path: 'data/test.csv', sha256: sha('t'), bytes: 10, role: 'input', purpose: 'eval' },
      { path: '.mlops/runs/01B/artifacts/model.json', sha256: sha('n'), bytes: 5, role: 'output' },
    ],
  });
  const registry = registryProvider({
    listModelVersions: async () => [
      {
        model: 'churn',
        version: 1,
        runId: '01A',
        artifactPath: '.mlops/runs/01A/artifacts/model.json',
        artifactSha256: sha('m'),
        stage: 'production',
      },
      { model: 'churn', version: 2, runId: '01B', aliases: ['challenger'] },
    ],
    listDeployments: async () => [{ id: 'd1', model: 'churn', version: 1, url: 'http://127.0.0.1:8080' }],
  });
  return buildLineageGraph([runA, runB], [registry]);
}

const artifactA = nodeId.artifact(`.mlops/runs/01A/artifacts/model.json@${sha('m').slice(0, 12)}`);
const trainV1 = nodeId.dataset(`data/train.csv@${sha('1').slice(0, 12)}`);
const trainV2 = nodeId.dataset(`data/train.csv@${sha('2').slice(0, 12)}`);
const testV = nodeId.dataset(`data/test.csv@${sha('t').slice(0, 12)}`);
const commit = nodeId.commit('c1'.repeat(20));

describe('lineage: graph', () => {
  it('links commits, dataset versions, runs, artifacts, model versions and deployments', async () => {
    const graph = await twoRunGraph();
    const kinds = graph
      .edges()
      .map((e) => `${e.from} -${e.kind}-> ${e.to}`)
      .sort();
    assert.deepEqual(
      kinds,
      [
        `${artifactA} -registered-as-> model:churn:1`,
        `${commit} -used-code-> run:01A`,
        `${commit} -used-code-> run:01B`,
        `${testV} -evaluated-on-> run:01A`,
        `${testV} -evaluated-on-> run:01B`,
        `${trainV1} -trained-on-> run:01A`,
        `${trainV2} -trained-on-> run:01B`,
        'model:churn:1 -deployed-as-> deployment:d1',
        `run:01A -derived-from-> run:01B`,
        `run:01A -produced-> ${artifactA}`,
        `run:01B -produced-> ${nodeId.artifact(`.mlops/runs/01B/artifacts/model.json@${sha('n').slice(0, 12)}`)}`,
        'run:01B -registered-as-> model:churn:2',
      ].sort(),
    );
    assert.deepEqual(graph.node(commit)!.attrs.branches, ['feature', 'main']);
    assert.equal(graph.edges().find((e) => e.to === 'run:01A' && e.kind === 'used-code')!.attrs!.dirty, true);
    assert.equal(graph.node('model:churn:2')!.label, 'churn:2 [challenger]');
  });

  it('answers upstream and downstream with depth limits', async () => {
    const graph = await twoRunGraph();
    assert.deepEqual(
      upstream(graph, 'deployment:d1').sort(),
      [artifactA, commit, testV, trainV1, 'model:churn:1', 'run:01A'].sort(),
    );
    assert.deepEqual(upstream(graph, 'deployment:d1', { depth: 2 }).sort(), [artifactA, 'model:churn:1'].sort());
    assert.deepEqual(downstream(graph, trainV1, { depth: 1 }), ['run:01A']);
    assert.ok(downstream(graph, trainV1).includes('deployment:d1'));
    assert.ok(downstream(graph, trainV1).includes('model:churn:2'), 'through the retrain');
  });

  it('cuts the neighbourhood of a node without pulling in siblings', async () => {
    const graph = await twoRunGraph();
    const around = neighbourhood(graph, 'run:01B', { direction: 'upstream' });
    assert.deepEqual(
      around
        .nodes()
        .map((n) => n.id)
        .sort(),
      [commit, testV, trainV1, trainV2, 'run:01A', 'run:01B'].sort(),
    );
    assert.equal(around.has('model:churn:1'), false);
    const down = neighbourhood(graph, trainV2, { direction: 'downstream', depth: 1 });
    assert.deepEqual(down.edges(), [{ from: trainV2, to: 'run:01B', kind: 'trained-on' }]);
  });

  it('round-trips through its JSON form', async () => {
    const graph = await twoRunGraph();
    const json = JSON.parse(JSON.stringify(graph.toJSON('run:01A')));
    assert.equal(json.root, 'run:01A');
    const again = LineageGraph.fromJSON(json);
    assert.deepEqual(again.toJSON(), graph.toJSON());
  });

  it('merges a file one run produced and another read into one node', async () => {
    const prep = runRecord('01P', { data: [{ path: 'data/clean.csv', sha256: sha('c'), bytes: 1, role: 'output' }] });
    const train = runRecord('01T', { data: [{ path: 'data/clean.csv', sha256: sha('c'), bytes: 1, role: 'input' }] });
    const graph = await buildLineageGraph([train, prep]);
    const clean = nodeId.artifact(`data/clean.csv@${sha('c').slice(0, 12)}`);
    assert.equal(graph.node(clean)!.kind, 'artifact');
    assert.deepEqual(upstream(graph, 'run:01T'), [clean, 'run:01P']);
  });

  it('catalogues each data path with its versions and the runs that used them', async () => {
    const a = runRecord('01A', { data: [{ path: 'data/train.csv', sha256: sha('1'), bytes: 100, role: 'input' }] });
    const b = {
      ...runRecord('01B', { data: [{ path: 'data/train.csv', sha256: sha('2'), bytes: 120, role: 'input' }] }),
      createdAt: '2026-11-26T09:00:00.000Z',
    };
    const c = {
      ...runRecord('01C', { data: [{ path: 'data/train.csv', sha256: sha('2'), bytes: 120, role: 'input' }] }),
      createdAt: '2026-11-27T09:00:00.000Z',
    };
    const catalog = datasetCatalog(await buildLineageGraph([c, a, b]));
    assert.equal(catalog.length, 1);
    assert.equal(catalog[0].path, 'data/train.csv');
    assert.deepEqual(
      catalog[0].versions.map((v) => [v.sha256, v.bytes, v.firstSeen, v.usedBy]),
      [
        [sha('2'), 120, '2026-11-26T09:00:00.000Z', ['01B', '01C']],
        [sha('1'), 100, '2026-11-25T10:00:00.000Z', ['01A']],
      ],
    );
  });

  it('prints an indented tree', async () => {
    const graph = await twoRunGraph();
    const text = renderLineageTree(graph, 'run:01A', { depth: 2 });
    const lines = text.split('\n');
    assert.equal(lines[0], 'run 01A · mlp (completed)');
    assert.ok(lines.includes(`    ← [trained-on] dataset data/train.csv @${sha('1').slice(0, 12)} (100 B)`), text);
    assert.ok(lines.includes(`    ← [used-code, dirty] commit ${'c1'.repeat(6)} (feature, main)`), text);
    assert.ok(!text.includes('deployment d1'), 'depth 2 stops before the deployment');
    assert.ok(lines.includes('        → [registered-as] model churn:1 [production]'), text);
  });
});
