import { strict as assert } from 'node:assert';
import { edgePath, layoutLineage, type NodeBox } from '../../../webview/lineage/layout';
import { centreOn, fitTransform, MAX_SCALE, MIN_SCALE, zoomAt } from '../../../webview/lineage/viewport';
import { lineageView } from '../../../src/extension/lineage/lineageView';
import { chainGraph, twoRunGraph } from './fixtures';

const W = 216;
const H = 46;

function overlaps(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function layoutOf(view: ReturnType<typeof lineageView>) {
  return layoutLineage(
    [...view.nodes.keys()].map((id) => ({ id, width: W, height: H })),
    [...view.edges.values()],
  );
}

describe('lineage panel: dagre layout', () => {
  it('lays the graph out left to right: every edge goes from a node to one further right, without overlapping boxes', async () => {
    const view = lineageView(await twoRunGraph(), 'run:r1', { direction: 'both', depth: 0 });
    const layout = layoutOf(view);
    assert.equal(layout.nodes.size, view.nodes.size);
    for (const e of view.edges.values()) {
      const from = layout.nodes.get(e.from)!;
      const to = layout.nodes.get(e.to)!;
      assert.ok(from.x + from.width < to.x, `${e.id} runs left to right`);
      const points = layout.edges.get(e.id)!;
      assert.deepEqual(
        points[0],
        { x: from.x + from.width, y: from.y + H / 2 },
        'starts on the right side of its source',
      );
      assert.deepEqual(points[points.length - 1], { x: to.x, y: to.y + H / 2 }, 'ends on the left side of its target');
    }
    const boxes = [...layout.nodes.values()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]));
    for (const b of boxes)
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height);
  });

  it('places 500 nodes (a 250-run chain with its data) in layers, one column per step', async () => {
    const view = lineageView(await chainGraph(250), 'run:c0000', { direction: 'both', depth: 0 });
    assert.equal(view.nodes.size, 501);
    const layout = layoutOf(view);
    const columns = new Set([...layout.nodes.values()].map((b) => Math.round(b.x)));
    assert.equal(columns.size, 501, 'a chain gets one layer per node');
    assert.ok(layout.width > layout.height);
  });

  it('skips edges to nodes it was not given, and routes parallel edges of different kinds separately', () => {
    const layout = layoutLineage(
      [
        { id: 'a', width: W, height: H },
        { id: 'b', width: W, height: H },
      ],
      [
        { id: 'a→b:trained-on', from: 'a', to: 'b' },
        { id: 'a→b:evaluated-on', from: 'a', to: 'b' },
        { id: 'a→x:produced', from: 'a', to: 'x' },
      ],
    );
    assert.deepEqual([...layout.edges.keys()].sort(), ['a→b:evaluated-on', 'a→b:trained-on']);
  });

  it('draws edge paths with straight ends and curves through the bends', () => {
    assert.equal(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 5 },
      ]),
      'M0,0 L10,5',
    );
    assert.equal(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 20, y: 10 },
      ]),
      'M0,0 Q10,0 15,5 L20,10',
    );
    assert.equal(edgePath([]), '');
  });
});

describe('lineage panel: pan and zoom arithmetic', () => {
  it('zooms about the pointer: the content point under it stays put', () => {
    const t = { x: 30, y: -20, k: 0.8 };
    const next = zoomAt(t, 1.5, 200, 100);
    const before = { x: (200 - t.x) / t.k, y: (100 - t.y) / t.k };
    const after = { x: (200 - next.x) / next.k, y: (100 - next.y) / next.k };
    assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
    assert.equal(zoomAt(t, 1e6, 0, 0).k, MAX_SCALE);
    assert.equal(zoomAt(t, 1e-6, 0, 0).k, MIN_SCALE);
  });

  it('fits a drawing inside the view, centred, never magnified past 1', () => {
    const small = fitTransform(100, 50, 800, 600);
    assert.deepEqual(small, { k: 1, x: 350, y: 275 });
    const wide = fitTransform(4000, 200, 800, 600, 0);
    assert.equal(wide.k, 0.2);
    assert.equal(wide.x, 0);
    assert.equal(wide.y, (600 - 200 * 0.2) / 2);
    assert.deepEqual(centreOn({ x: 0, y: 0, k: 2 }, 10, 10, 100, 100), { k: 2, x: 30, y: 30 });
  });
});
