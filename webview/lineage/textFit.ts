/** Measures label text with a canvas in the panel's own fonts, so node labels are cut to fit their box. */

export type TextRole = 'title' | 'subtitle' | 'badge';

export interface TextFitter {
  width(text: string, role: TextRole): number;
  /** The longest prefix of `text` (with an ellipsis when cut) no wider than `max` pixels. */
  truncate(text: string, max: number, role: TextRole): string;
}

export function textFitter(): TextFitter {
  const ctx = document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(document.body);
  const family = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  const size = Number.parseFloat(style.getPropertyValue('--vscode-font-size')) || 13;
  const fonts: Record<TextRole, string> = {
    title: `600 ${size}px ${family}`,
    subtitle: `${Math.round(size * 0.85)}px ${family}`,
    badge: `${Math.round(size * 0.78)}px ${family}`,
  };
  const cache = new Map<string, number>();
  const width = (text: string, role: TextRole) => {
    const key = `${role}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (ctx) {
        ctx.font = fonts[role];
        w = ctx.measureText(text).width;
      } else w = text.length * size * 0.6;
      if (cache.size > 20_000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
  return {
    width,
    truncate(text, max, role) {
      if (width(text, role) <= max) return text;
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (width(`${text.slice(0, mid)}…`, role) <= max) lo = mid;
        else hi = mid - 1;
      }
      return `${text.slice(0, lo)}…`;
    },
  };
}
