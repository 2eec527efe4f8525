import { strict as assert } from 'node:assert';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import { nodeId } from '../../../src/core/lineage/graph';
import { formatBytes } from '../../../src/core/format/bytes';
import { diffViews, lineageView, viewNode } from '../../../src/extension/lineage/lineageView';
import { chainGraph, gitAt, run, sha, twoRunGraph } from './fixtures';

const both = { direction: 'both' as const, depth: 0 };

describe('lineage panel: graph → view model', () => {
  it('shows a model version with the two runs, their two dataset versions, commit and artifacts', async () => {
    const graph = await twoRunGraph();
    const view = lineageView(graph, 'model:churn:1', both);
    const kinds = [...view.nodes.values()].map((n) => n.kind).sort();
    // v1 ← r2's artifact ← r2 ← {train.csv v2, the commit, r1 (derived-from) ← train.csv v1}; r1's own artifact is a sibling, not upstream.
    assert.deepEqual(kinds, ['artifact', 'commit', 'dataset', 'dataset', 'model-version', 'run', 'run']);
    assert.ok(!view.nodes.has(`artifact:artifacts/model.json@${sha('7').slice(0, 12)}`));
    const all = lineageView(graph, 'run:r1', both);
    assert.ok(all.nodes.has('model:churn:1'), 'downstream of r1: the re-run and the model it registered');
    assert.ok(all.nodes.has(nodeId.dataset(`data/train.csv@${sha('1').slice(0, 12)}`)));
  });

  it('follows one direction only, and stops after depth hops', async () => {
    const graph = await twoRunGraph();
    const up = lineageView(graph, 'run:r2', { direction: 'upstream', depth: 0 });
    assert.ok(up.nodes.has('run:r1') && up.nodes.has(`commit:${sha('a')}`));
    assert.ok(!up.nodes.has('model:churn:1'), 'the model is downstream');
    const down = lineageView(graph, 'run:r2', { direction: 'downstream', depth: 1 });
    assert.deepEqual([...down.nodes.keys()].sort(), ['artifact:artifacts/model.json@888888888888', 'run:r2']);
    for (const e of down.edges.values()) assert.ok(down.nodes.has(e.from) && down.nodes.has(e.to));
  });

  it('keeps the nodes nearest the root when the neighbourhood is larger than the cap, and says how many are left out', async () => {
    const graph = await chainGraph(50);
    const view = lineageView(graph, 'run:c0025', both, 11);
    assert.equal(view.nodes.size, 11);
    assert.equal(view.omitted, graph.size.nodes - 11);
    assert.ok(view.nodes.has('run:c0025') && view.nodes.has('run:c0024') && view.nodes.has('run:c0026'));
    assert.ok(!view.nodes.has('run:c0000'));
  });

  it('marks the code edge of a run launched with uncommitted changes as dirty', async () => {
    const graph = await twoRunGraph();
    const view = lineageView(graph, `commit:${sha('a')}`, { direction: 'downstream', depth: 1 });
    const dirty = [...view.edges.values()].filter((e) => e.dirty).map((e) => e.to);
    assert.deepEqual(dirty, ['run:r2']);
  });

  it('reads each kind of node: status, stage and alias badges, hashes and sizes', async () => {
    const graph = await twoRunGraph();
    const r2 = viewNode(graph.node('run:r2')!);
    assert.equal(r2.title, 'churn');
    assert.deepEqual(r2.badges, [{ text: 'failed', tone: 'error' }]);
    assert.match(r2.tooltip, /run r2/);
    const model = viewNode(graph.node('model:churn:1')!);
    assert.equal(model.title, 'churn v1');
    assert.deepEqual(
      model.badges.map((b) => [b.text, b.tone]),
      [
        ['production', 'ok'],
        ['champion', 'info'],
      ],
    );
    const data = viewNode(graph.node(nodeId.dataset(`data/train.csv@${sha('2').slice(0, 12)}`))!);
    assert.equal(data.title, 'train.csv');
    assert.equal(data.subtitle, '@22222222 · 4.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
  });

  it('diffs two views into added, changed and removed nodes and edges, and nothing when equal', async () => {
    const runs = [run('r1', { git: gitAt(sha('a')), data: [{ path: 'd.csv', sha256: sha('1'), bytes: 1 }] })];
    const before = lineageView(await buildLineageGraph(runs), `commit:${sha('a')}`, both);
    assert.equal(diffViews(before, lineageView(await buildLineageGraph(runs), `commit:${sha('a')}`, both)), null);
    const later = [
      run('r1', { status: 'failed', git: gitAt(sha('a')), data: [{ path: 'd.csv', sha256: sha('1'), bytes: 1 }] }),
      run('r2', { git: gitAt(sha('a')) }),
    ];
    const patch = diffViews(before, lineageView(await buildLineageGraph(later), `commit:${sha('a')}`, both))!;
    assert.deepEqual(
      patch.addedNodes.map((n) => n.id),
      ['run:r2'],
    );
    assert.deepEqual(
      patch.changedNodes.map((n) => [n.id, n.badges[0].text]),
      [['run:r1', 'failed']],
    );
    assert.deepEqual(
      patch.addedEdges.map((e) => e.id),
      [`commit:${sha('a')}→run:r2:used-code`],
    );
    assert.deepEqual(patch.removedNodes, []);
    const gone = diffViews(before, lineageView(await buildLineageGraph([]), `commit:${sha('a')}`, both))!;
    assert.equal(gone.removedNodes.length, before.nodes.size);
    assert.equal(gone.removedEdges.length, before.edges.size);
  });
});
