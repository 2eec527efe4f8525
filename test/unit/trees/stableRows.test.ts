import * as assert from 'node:assert/strict';
import { StableRows } from '../../../src/extension/trees/stableRows';

type Node = { kind: 'section'; name: string } | { kind: 'row'; id: string; status: string; requests: number };

/** A Monitors-like tree: sections, each listing rows, from data the test changes between refreshes. */
function tree(data: { sections: Record<string, Array<{ id: string; status: string; requests: number }>> }) {
  return new StableRows<Node>(
    { id: (n) => (n.kind === 'section' ? `section:${n.name}` : `row:${n.id}`), stamp: (n) => JSON.stringify(n) },
    (parent) => {
      if (!parent) return Object.keys(data.sections).map((name) => ({ kind: 'section', name }));
      if (parent.kind !== 'section') return [];
      return data.sections[parent.name].map((r) => ({ kind: 'row', ...r }));
    },
  );
}

describe('trees: rows kept across refreshes', () => {
  it('refreshes only the rows whose content changed, as the same objects the view holds', () => {
    const data = {
      sections: {
        deployments: [{ id: 'churn', status: 'running', requests: 0 }],
        monitors: [{ id: 'churn-live', status: 'ok', requests: 0 }],
      },
    };
    const rows = tree(data);
    const [deployments, monitors] = rows.children();
    const [deployment] = rows.children(deployments);
    const [monitor] = rows.children(monitors);

    data.sections.deployments = [{ id: 'churn', status: 'running', requests: 40 }];
    const changed = rows.changes();
    assert.deepEqual(changed, [deployment], 'only the deployment row changed');
    assert.equal(changed![0], deployment, 'the view finds a row by its object: it must be the one it was given');
    assert.equal((deployment as { requests: number }).requests, 40, 'the kept object carries the new content');
    assert.deepEqual(rows.changes(), [], 'nothing changed since');
    assert.equal(rows.children(monitors)[0], monitor);
  });

  it('asks for a whole refresh when rows come, go or move', () => {
    const data = {
      sections: {
        monitors: [
          { id: 'a', status: 'ok', requests: 0 },
          { id: 'b', status: 'ok', requests: 0 },
        ],
      },
    };
    const rows = tree(data);
    rows.children(rows.children()[0]);
    data.sections.monitors = [data.sections.monitors[1], data.sections.monitors[0]];
    assert.equal(rows.changes(), undefined, 'moved');
    rows.children(rows.children()[0]);
    data.sections.monitors = [...data.sections.monitors, { id: 'c', status: 'ok', requests: 0 }];
    assert.equal(rows.changes(), undefined, 'added');
    const [section] = rows.children();
    rows.children(section);
    data.sections = { other: [] } as never;
    assert.equal(rows.changes(), undefined, 'a section went');
  });

  it('tells the view nothing when nothing it shows changed, and everything after the tree was replaced', () => {
    const data = { sections: { monitors: [{ id: 'a', status: 'ok', requests: 0 }] } };
    const rows = tree(data);
    rows.children(rows.children()[0]);
    const told: Array<Node[] | undefined> = [];
    rows.tell((r) => told.push(r));
    assert.equal(told.length, 0, 'nothing shown changed');
    data.sections.monitors = [{ id: 'a', status: 'drift', requests: 0 }];
    rows.tell((r) => told.push(r));
    assert.equal(told.length, 1);
    assert.equal((told[0]![0] as { status: string }).status, 'drift');
  });
});
