import { strict as assert } from 'node:assert';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import type { LineageGraph } from '../../../src/core/lineage/graph';
import { datasetCatalog } from '../../../src/core/lineage/datasetCatalog';
import type { RunSummary } from '../../../src/core/tracking/types';
import type { LineageToWebview } from '../../../src/protocol/webview/lineage';
import { datasetRows } from '../../../src/extension/lineage/datasetRows';
import { LineageController } from '../../../src/extension/lineage/lineageController';
import { changedRows } from '../../../src/extension/lineage/rowChanges';
import { gitAt, run, sha, twoRunGraph } from './fixtures';

function harness(initial: LineageGraph, root: string) {
  let graph = initial;
  const sent: LineageToWebview[] = [];
  const opened: string[] = [];
  const controller = new LineageController(root, {
    graph: async () => graph,
    post: (m) => sent.push(m),
    open: async (id) => void opened.push(id),
    rootChanged: () => undefined,
  });
  return {
    controller,
    sent,
    opened,
    setGraph(next: LineageGraph) {
      graph = next;
      controller.graphChanged(next);
    },
  };
}

describe('lineage panel: host controller', () => {
  it('answers ready with a snapshot of the neighbourhood, then sends patches with only what changed', async () => {
    const runs = [run('r1', { git: gitAt(sha('a')) })];
    const h = harness(await buildLineageGraph(runs), 'run:r1');
    await h.controller.handle({ type: 'ready', state: null });
    assert.equal(h.sent.length, 1);
    const snap = h.sent[0];
    assert.ok(snap.type === 'snapshot');
    assert.deepEqual(snap.nodes.map((n) => n.id).sort(), [`commit:${sha('a')}`, 'run:r1']);

    h.setGraph(await buildLineageGraph(runs));
    assert.equal(h.sent.length, 1, 'an unchanged graph sends nothing');

    h.setGraph(
      await buildLineageGraph([
        run('r1', { git: gitAt(sha('a')), status: 'failed', data: [{ path: 'x.csv', sha256: sha('1'), bytes: 3 }] }),
      ]),
    );
    const patch = h.sent[1];
    assert.ok(patch.type === 'patch');
    assert.deepEqual(
      patch.changedNodes.map((n) => n.badges[0].text),
      ['failed'],
    );
    assert.deepEqual(
      patch.addedNodes.map((n) => n.kind),
      ['dataset'],
    );
    assert.equal(patch.addedEdges.length, 1);
  });

  it('re-centres on focus, follows a new filter, opens nodes, and says when the root disappears', async () => {
    const h = harness(await twoRunGraph(), 'run:r2');
    await h.controller.handle({ type: 'ready', state: null });
    await h.controller.handle({ type: 'setFilter', filter: { direction: 'upstream', depth: 1 } });
    const filtered = h.sent.at(-1)!;
    assert.ok(filtered.type === 'snapshot' && filtered.filter.direction === 'upstream');
    assert.ok(filtered.nodes.every((n) => n.kind !== 'model-version'));
    await h.controller.handle({ type: 'focus', nodeId: 'model:churn:1' });
    const focused = h.sent.at(-1)!;
    assert.ok(
      focused.type === 'snapshot' && focused.root === 'model:churn:1' && focused.rootTitle.startsWith('churn v1'),
    );
    await h.controller.handle({ type: 'open', nodeId: 'run:r1' });
    assert.deepEqual(h.opened, ['run:r1']);
    h.setGraph(await buildLineageGraph([]));
    assert.deepEqual(h.sent.at(-1), { type: 'rootGone', root: 'model:churn:1' });
  });
});

describe('Datasets view rows', () => {
  it('lists each data path with its versions (newest first) and the runs that used each', async () => {
    const catalog = datasetCatalog(await twoRunGraph());
    const summary = (id: string) =>
      ({
        id,
        experiment: 'churn',
        status: id === 'r2' ? 'failed' : 'completed',
        createdAt: '2026-11-25T10:00:00.000Z',
      }) as RunSummary;
    const paths = datasetRows(catalog, undefined, summary);
    assert.deepEqual(
      paths.map((p) => [p.kind === 'path' && p.entry.path, p.kind === 'path' && p.description]),
      [['data/train.csv', '2 versions · 2 runs']],
    );
    const versions = datasetRows(catalog, paths[0], summary);
    assert.deepEqual(
      versions.map((v) => v.kind === 'version' && [v.label, v.description, v.latest]),
      [
        ['@222222222222', '4.0 KiB · first seen 2026-11-25 11:00 · 1 run', true],
        ['@111111111111', '2.0 KiB · first seen 2026-11-25 10:00 · 1 run', false],
      ],
    );
    const users = datasetRows(catalog, versions[0], summary);
    assert.deepEqual(
      users.map((u) => u.kind === 'run' && [u.runId, u.label, u.description]),
      [['r2', 'churn r2', 'failed · 2026-11-25 10:00']],
    );
  });

  it('finds the runs whose index rows were replaced, added or removed', () => {
    const a = { id: 'a' } as RunSummary;
    const b = { id: 'b' } as RunSummary;
    const previous = new Map([
      ['a', a],
      ['b', b],
    ]);
    assert.deepEqual(changedRows(previous, [a, b]), { changed: [], removed: [] });
    assert.deepEqual(changedRows(previous, [{ id: 'a' } as RunSummary, { id: 'c' } as RunSummary]), {
      changed: ['a', 'c'],
      removed: ['b'],
    });
  });
});
