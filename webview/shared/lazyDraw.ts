type Draw = () => Promise<void> | void;

const everyLazyDraw = new Set<LazyDraw>();

/** Draws a chart only when its element scrolls near the viewport, so a profile of 200 columns opens at once. */
export class LazyDraw {
  private readonly pending = new Map<Element, Draw>();
  private readonly drawing = new Set<Promise<void>>();
  private readonly observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.draw(entry.target);
    },
    { rootMargin: '400px 0px' },
  );

  constructor() {
    everyLazyDraw.add(this);
  }

  add(el: Element, draw: Draw): void {
    this.pending.set(el, draw);
    this.observer.observe(el);
  }

  clear(): void {
    for (const el of this.pending.keys()) this.observer.unobserve(el);
    this.pending.clear();
  }

  /** Draws every chart not yet scrolled to, and waits for those being drawn. */
  async flush(): Promise<void> {
    for (const el of [...this.pending.keys()]) this.draw(el);
    await Promise.all([...this.drawing]);
  }

  private draw(el: Element): void {
    const draw = this.pending.get(el);
    if (!draw) return;
    this.pending.delete(el);
    this.observer.unobserve(el);
    const drawn = Promise.resolve()
      .then(draw)
      .catch(() => undefined);
    this.drawing.add(drawn);
    void drawn.then(() => this.drawing.delete(drawn));
  }
}

/** An export shows the whole panel, so the charts below the fold are drawn first. */
export async function drawEveryPendingChart(): Promise<void> {
  await Promise.all([...everyLazyDraw].map((lazy) => lazy.flush()));
}
