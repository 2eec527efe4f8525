import type {
  LineageFilter,
  LineageState,
  LineageToHost,
  LineageToWebview,
  LineageViewEdge,
  LineageViewNode,
} from '../../src/protocol/webview/lineage';
import { afterPaint, createBridge } from '../shared/bridge';
import { button, dropdown } from '../shared/components';
import { h } from '../shared/dom';
import { GraphView, NODE_HEIGHT, NODE_WIDTH } from './graphView';
import { layoutLineage, type LineageLayout } from './layout';
import { PanZoom } from './panZoom';
import '../shared/base.css';
import './lineage.css';

const bridge = createBridge<LineageToHost, LineageToWebview, LineageState>();
let state: LineageState | null = bridge.state() ?? null;
const nodes = new Map<string, LineageViewNode>();
const edges = new Map<string, LineageViewEdge>();
let root = '';
let omitted = 0;
let layout: LineageLayout | null = null;
const MIN_READABLE_SCALE = 0.35;
const READABLE_SCALE = 0.7;

const view = new GraphView({
  open: (nodeId) => bridge.post({ type: 'open', nodeId }),
  focus: (nodeId) => bridge.post({ type: 'focus', nodeId }),
});
const canvas = h('div', { class: 'canvas' });
canvas.append(view.element);
const panZoom = new PanZoom(canvas, view.viewport);

const direction = dropdown('Which way to follow the lineage', (value) =>
  setFilter({ direction: value as LineageFilter['direction'] }),
);
direction.setOptions(
  [
    { value: 'both', label: 'Upstream and downstream' },
    { value: 'upstream', label: 'Upstream: what made it' },
    { value: 'downstream', label: 'Downstream: what it made' },
  ],
  'both',
);
const depth = dropdown('How many hops from the selected node', (value) => setFilter({ depth: Number(value) }));
depth.setOptions(
  [1, 2, 3, 4, 6, 10, 0].map((d) => ({
    value: String(d),
    label: d === 0 ? 'All hops' : `${d} hop${d === 1 ? '' : 's'}`,
  })),
  '0',
);
const heading = h('span', { class: 'heading' });
const info = h('span', { class: 'muted' });
const banner = h('div', { class: 'banner', attrs: { hidden: '' } });
const legend = h(
  'span',
  { class: 'legend' },
  (['commit', 'dataset', 'run', 'artifact', 'model-version', 'deployment'] as const).map((k) =>
    h('span', { class: `key kind-${k}`, text: k === 'model-version' ? 'model' : k }),
  ),
);

(document.getElementById('app') as HTMLElement).append(
  h('div', { class: 'toolbar' }, [
    heading,
    direction,
    depth,
    button('Fit', () => panZoom.fit(), { title: 'Show the whole graph' }),
    button('−', () => panZoom.zoomBy(1 / 1.25), { appearance: 'icon', title: 'Zoom out' }),
    button('+', () => panZoom.zoomBy(1.25), { appearance: 'icon', title: 'Zoom in' }),
    h('span', { class: 'grow' }),
    legend,
  ]),
  h('div', { class: 'subbar' }, [
    info,
    h('span', {
      class: 'muted',
      text: 'Click a node to open it · Alt+click to centre the lineage on it · drag to pan · wheel to zoom',
    }),
  ]),
  banner,
  canvas,
);

function setFilter(change: Partial<LineageFilter>): void {
  if (!state) return;
  const filter = { ...state.filter, ...change };
  if (filter.direction === state.filter.direction && filter.depth === state.filter.depth) return;
  state = { ...state, filter };
  bridge.saveState(state);
  bridge.post({ type: 'setFilter', filter });
}

function showBanner(text: string | null, error = false): void {
  banner.toggleAttribute('hidden', text === null);
  banner.classList.toggle('error', error);
  banner.textContent = text ?? '';
}

/** Lays out and draws, then tells the host how long each half took. */
function draw(changed: ReadonlySet<string>, refit: boolean, keepLayout = false): void {
  const t0 = performance.now();
  if (!layout || !keepLayout) {
    layout = layoutLineage(
      [...nodes.keys()].map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      [...edges.values()],
    );
  }
  const t1 = performance.now();
  view.render(nodes, edges, layout, root, changed);
  panZoom.setContentSize(layout.width, layout.height);
  if (refit) panZoom.fit();
  const t2 = performance.now();
  info.textContent = `${nodes.size} node${nodes.size === 1 ? '' : 's'}, ${edges.size} edge${edges.size === 1 ? '' : 's'}${omitted > 0 ? ` (${omitted} more not drawn: lower the hops)` : ''}`;
  afterPaint(() => {
    const t3 = performance.now();
    bridge.report('graph', {
      root,
      nodes: nodes.size,
      edges: edges.size,
      drawn: view.nodeCount,
      omitted,
      layoutMs: Math.round(t1 - t0),
      relaidOut: !keepLayout,
      renderMs: Math.round(t2 - t1),
      paintMs: Math.round(t3 - t2),
      nodeIds: nodes.size <= 50 ? [...nodes.keys()] : undefined,
    });
  });
}

bridge.onMessage((message) => {
  switch (message.type) {
    case 'snapshot': {
      root = message.root;
      omitted = message.omitted;
      state = { root, filter: message.filter };
      bridge.saveState(state);
      direction.setOptions(
        [
          { value: 'both', label: 'Upstream and downstream' },
          { value: 'upstream', label: 'Upstream: what made it' },
          { value: 'downstream', label: 'Downstream: what it made' },
        ],
        message.filter.direction,
      );
      depth.setOptions(
        [1, 2, 3, 4, 6, 10, 0].map((d) => ({
          value: String(d),
          label: d === 0 ? 'All hops' : `${d} hop${d === 1 ? '' : 's'}`,
        })),
        String(message.filter.depth),
      );
      heading.textContent = `Lineage of ${message.rootTitle}`;
      nodes.clear();
      edges.clear();
      for (const n of message.nodes) nodes.set(n.id, n);
      for (const e of message.edges) edges.set(e.id, e);
      showBanner(null);
      draw(new Set(nodes.keys()), true);
      // A large graph fitted whole is too small to read: start near the root instead.
      const box = layout?.nodes.get(root);
      if (box && panZoom.scale < MIN_READABLE_SCALE) panZoom.focus(box, READABLE_SCALE);
      return;
    }
    case 'patch': {
      for (const id of message.removedNodes) nodes.delete(id);
      for (const id of message.removedEdges) edges.delete(id);
      const changed = new Set<string>();
      for (const n of [...message.addedNodes, ...message.changedNodes]) {
        nodes.set(n.id, n);
        changed.add(n.id);
      }
      for (const e of message.addedEdges) edges.set(e.id, e);
      omitted = message.omitted;
      const sameShape =
        message.addedNodes.length +
          message.removedNodes.length +
          message.addedEdges.length +
          message.removedEdges.length ===
        0;
      draw(changed, false, sameShape);
      return;
    }
    case 'rootGone':
      showBanner(`${message.root} is no longer in the lineage (its run was deleted). Pick another node.`, true);
      return;
    case 'notice':
      showBanner(message.message, message.level === 'error');
      return;
  }
});

bridge.post({ type: 'ready', state });
