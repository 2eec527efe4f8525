/** Colours from the VS Code theme (CSS variables on the body), for things CSS cannot style: plots. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-light') ? 'light' : 'dark';
}

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export interface PlotColours {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  fontSize: number;
  /** Series colours: the theme's chart colours first, then evenly spaced hues tuned to the theme's lightness. */
  series(i: number): string;
  /** Low → high colour scale for parcoords. */
  scale: Array<[number, string]>;
}

export function plotColours(): PlotColours {
  const kind = themeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  const charts = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((c, i) =>
    cssVar(`--vscode-charts-${c}`, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][i]),
  );
  const foreground = cssVar('--vscode-foreground', dark ? '#cccccc' : '#333333');
  return {
    foreground,
    muted: cssVar('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    grid: kind.startsWith('high-contrast')
      ? cssVar('--vscode-contrastBorder', foreground)
      : dark
        ? 'rgba(255,255,255,0.12)'
        : 'rgba(0,0,0,0.10)',
    background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(cssVar('--vscode-font-size', '13')) || 13,
    series: (i) => {
      if (i < charts.length) return charts[i];
      const hue = (i * 137.508) % 360;
      return `hsl(${hue.toFixed(0)}, ${dark ? 65 : 70}%, ${dark ? 62 : 42}%)`;
    },
    scale: [
      [0, charts[0]],
      [0.5, charts[5]],
      [1, charts[4]],
    ],
  };
}

/** Calls `fn` when the user switches theme (VS Code swaps the body classes and variables). */
export function onThemeChange(fn: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    fn();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
