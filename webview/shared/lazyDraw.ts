/** Draws a chart only when its element scrolls near the viewport, so a profile of 200 columns opens at once. */
export class LazyDraw {
  private readonly pending = new Map<Element, () => void>();
  private readonly observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const draw = this.pending.get(entry.target);
        this.pending.delete(entry.target);
        this.observer.unobserve(entry.target);
        draw?.();
      }
    },
    { rootMargin: '400px 0px' },
  );

  add(el: Element, draw: () => void): void {
    this.pending.set(el, draw);
    this.observer.observe(el);
  }

  clear(): void {
    for (const el of this.pending.keys()) this.observer.unobserve(el);
    this.pending.clear();
  }
}
