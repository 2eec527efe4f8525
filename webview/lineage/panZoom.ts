/** Mouse, wheel and keyboard pan/zoom of the lineage canvas; the transform goes on one SVG group. */
import { centreOn, fitTransform, transformAttr, zoomAt, type Transform } from './viewport';

export class PanZoom {
  private t: Transform = { x: 16, y: 16, k: 1 };
  private width = 0;
  private height = 0;
  private frame = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly target: SVGGElement,
  ) {
    container.tabIndex = 0;
    container.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = container.getBoundingClientRect();
        const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
        if (event.ctrlKey || !event.shiftKey)
          this.set(zoomAt(this.t, Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top));
        else this.set({ ...this.t, x: this.t.x - delta });
      },
      { passive: false },
    );
    let drag: { x: number; y: number; t: Transform; id: number } | null = null;
    container.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || (event.target as Element).closest('.node')) return;
      drag = { x: event.clientX, y: event.clientY, t: this.t, id: event.pointerId };
      container.setPointerCapture(event.pointerId);
      container.classList.add('dragging');
    });
    container.addEventListener('pointermove', (event) => {
      if (!drag || event.pointerId !== drag.id) return;
      this.set({ ...drag.t, x: drag.t.x + event.clientX - drag.x, y: drag.t.y + event.clientY - drag.y });
    });
    const end = (event: PointerEvent) => {
      if (!drag || event.pointerId !== drag.id) return;
      drag = null;
      container.classList.remove('dragging');
    };
    container.addEventListener('pointerup', end);
    container.addEventListener('pointercancel', end);
    container.addEventListener('keydown', (event) => {
      const step = 60;
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [step, 0],
        ArrowRight: [-step, 0],
        ArrowUp: [0, step],
        ArrowDown: [0, -step],
      };
      if (event.target !== container) return;
      if (moves[event.key])
        this.set({ ...this.t, x: this.t.x + moves[event.key][0], y: this.t.y + moves[event.key][1] });
      else if (event.key === '+' || event.key === '=') this.zoomBy(1.25);
      else if (event.key === '-') this.zoomBy(0.8);
      else if (event.key === '0') this.fit();
      else return;
      event.preventDefault();
    });
  }

  get scale(): number {
    return this.t.k;
  }

  setContentSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }

  fit(): void {
    this.set(fitTransform(this.width, this.height, this.container.clientWidth, this.container.clientHeight));
  }

  zoomBy(factor: number): void {
    this.set(zoomAt(this.t, factor, this.container.clientWidth / 2, this.container.clientHeight / 2));
  }

  /** Centres a node box at scale `k`. */
  focus(box: { x: number; y: number; width: number; height: number }, k: number): void {
    this.set(
      centreOn(
        { ...this.t, k },
        box.x + box.width / 2,
        box.y + box.height / 2,
        this.container.clientWidth,
        this.container.clientHeight,
      ),
    );
  }

  private set(t: Transform): void {
    this.t = t;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.target.setAttribute('transform', transformAttr(this.t));
    });
  }
}
