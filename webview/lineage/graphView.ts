/** Draws the laid-out lineage graph as SVG, keyed by node and edge id so updates touch only what changed. */
import type { LineageViewEdge, LineageViewNode } from '../../src/protocol/webview/lineage';
import { edgePath, type LineageLayout } from './layout';
import { textFitter } from './textFit';

const SVG = 'http://www.w3.org/2000/svg';
export const NODE_WIDTH = 216;
export const NODE_HEIGHT = 46;
const PAD_X = 12;
const BADGE_H = 15;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export interface GraphViewHandlers {
  open(id: string): void;
  focus(id: string): void;
}

export class GraphView {
  readonly element: SVGSVGElement;
  readonly viewport: SVGGElement;
  private readonly edgeLayer: SVGGElement;
  private readonly nodeLayer: SVGGElement;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private readonly edgeEls = new Map<string, SVGPathElement>();
  private readonly edgesOf = new Map<string, Set<string>>();
  private hovered: string | null = null;
  private readonly fit = textFitter();

  constructor(private readonly handlers: GraphViewHandlers) {
    this.element = svg('svg', { class: 'lineage-canvas', role: 'img', 'aria-label': 'Lineage graph' });
    const defs = svg('defs');
    const marker = svg('marker', {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
      markerUnits: 'userSpaceOnUse',
    });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    defs.append(marker);
    this.viewport = svg('g', { class: 'viewport' });
    this.edgeLayer = svg('g', { class: 'edges' });
    this.nodeLayer = svg('g', { class: 'nodes' });
    this.viewport.append(this.edgeLayer, this.nodeLayer);
    this.element.append(defs, this.viewport);
    this.listen();
  }

  get nodeCount(): number {
    return this.nodeEls.size;
  }

  /** Brings the drawing in line with `nodes`/`edges` at `layout`: creates, updates, moves and removes elements. */
  render(
    nodes: ReadonlyMap<string, LineageViewNode>,
    edges: ReadonlyMap<string, LineageViewEdge>,
    layout: LineageLayout,
    root: string,
    changed: ReadonlySet<string>,
  ): void {
    for (const [id, el] of this.nodeEls) {
      if (!nodes.has(id)) {
        el.remove();
        this.nodeEls.delete(id);
      }
    }
    for (const [id, el] of this.edgeEls) {
      if (!edges.has(id)) {
        el.remove();
        this.edgeEls.delete(id);
      }
    }
    this.edgesOf.clear();
    for (const [id, edge] of edges) {
      const points = layout.edges.get(id);
      if (!points) continue;
      let el = this.edgeEls.get(id);
      if (!el) {
        el = svg('path', { class: `edge edge-${edge.kind}${edge.dirty ? ' dirty' : ''}`, 'marker-end': 'url(#arrow)' });
        el.append(svg('title'));
        el.firstChild!.textContent = edge.kind + (edge.dirty ? ' (uncommitted changes)' : '');
        this.edgeLayer.append(el);
        this.edgeEls.set(id, el);
      }
      el.setAttribute('d', edgePath(points));
      for (const end of [edge.from, edge.to]) {
        const set = this.edgesOf.get(end) ?? new Set<string>();
        set.add(id);
        this.edgesOf.set(end, set);
      }
    }
    for (const [id, node] of nodes) {
      const box = layout.nodes.get(id);
      if (!box) continue;
      let el = this.nodeEls.get(id);
      if (!el || changed.has(id)) {
        const fresh = this.nodeElement(node);
        if (el) el.replaceWith(fresh);
        else this.nodeLayer.append(fresh);
        el = fresh;
        this.nodeEls.set(id, el);
      }
      el.setAttribute('transform', `translate(${box.x.toFixed(1)},${box.y.toFixed(1)})`);
      el.classList.toggle('root', id === root);
    }
  }

  private nodeElement(node: LineageViewNode): SVGGElement {
    const g = svg('g', { class: `node kind-${node.kind}`, tabindex: 0, 'data-id': node.id });
    const title = svg('title');
    title.textContent = `${node.tooltip}\n\nClick: open · Alt+click: centre the lineage here`;
    g.append(
      title,
      svg('rect', { class: 'box', width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6, ry: 6 }),
      svg('rect', { class: 'stripe', width: 5, height: NODE_HEIGHT, rx: 2, ry: 2 }),
    );
    let badgeLeft = NODE_WIDTH - 6;
    const badges: SVGGElement[] = [];
    for (const badge of node.badges.slice(0, 3)) {
      const text = this.fit.truncate(badge.text, 90, 'badge');
      const w = this.fit.width(text, 'badge') + 10;
      badgeLeft -= w;
      const b = svg('g', {
        class: `badge tone-${badge.tone}`,
        transform: `translate(${badgeLeft.toFixed(1)},${-BADGE_H / 2})`,
      });
      const label = svg('text', {
        x: w / 2,
        y: BADGE_H / 2 + 0.5,
        'text-anchor': 'middle',
        'dominant-baseline': 'central',
      });
      label.textContent = text;
      b.append(svg('rect', { width: w, height: BADGE_H, rx: BADGE_H / 2, ry: BADGE_H / 2 }), label);
      badges.push(b);
      badgeLeft -= 4;
    }
    const titleEl = svg('text', { class: 'title', x: PAD_X, y: 19 });
    titleEl.textContent = this.fit.truncate(node.title, NODE_WIDTH - PAD_X - 8, 'title');
    const sub = svg('text', { class: 'subtitle', x: PAD_X, y: 36 });
    sub.textContent = this.fit.truncate(node.subtitle, NODE_WIDTH - PAD_X - 8, 'subtitle');
    g.append(titleEl, sub, ...badges);
    return g;
  }

  /** One set of listeners on the node layer (not four per node): 500 nodes stay cheap to create. */
  private listen(): void {
    const idOf = (event: Event) =>
      (event.target as Element | null)?.closest?.('.node')?.getAttribute('data-id') ?? null;
    this.nodeLayer.addEventListener('click', (event) => {
      const id = idOf(event);
      if (!id) return;
      if (event.altKey) this.handlers.focus(id);
      else this.handlers.open(id);
    });
    this.nodeLayer.addEventListener('keydown', (event) => {
      const id = idOf(event);
      if (!id) return;
      if (event.key === 'Enter') this.handlers.open(id);
      else if (event.key === ' ') this.handlers.focus(id);
      else return;
      event.preventDefault();
    });
    this.nodeLayer.addEventListener('pointerover', (event) => this.hover(idOf(event)));
    this.nodeLayer.addEventListener('pointerleave', () => this.hover(null));
  }

  private hover(id: string | null): void {
    if (id === this.hovered) return;
    if (this.hovered) this.highlight(this.hovered, false);
    this.hovered = id;
    if (id) this.highlight(id, true);
  }

  private highlight(id: string, on: boolean): void {
    for (const edge of this.edgesOf.get(id) ?? []) this.edgeEls.get(edge)?.classList.toggle('lit', on);
  }
}
