/**
 * A panel as a file to share: every Plotly chart drawn to PNG by Plotly itself, then either stacked into one PNG
 * under the panel's title, or put with the panel's text and tables into a standalone HTML page (no script, the
 * editor theme's colours inlined) that opens in any browser.
 */
import type { ExportFormat } from '../../src/protocol/webview/common';
import { drawEveryPendingChart } from './lazyDraw';
import { plotly } from './plot';

const GAP = 16;
const SCALE = 2;

interface ChartImage {
  el: HTMLElement;
  url: string;
  width: number;
  height: number;
}

async function chartImages(root: HTMLElement): Promise<ChartImage[]> {
  await drawEveryPendingChart();
  const charts = [...root.querySelectorAll<HTMLElement>('.js-plotly-plot')].filter(
    (el) => el.offsetWidth > 0 && el.offsetHeight > 0,
  );
  const images: ChartImage[] = [];
  for (const el of charts) {
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    images.push({ el, width, height, url: await plotly().toImage(el, { format: 'png', width, height, scale: SCALE }) });
  }
  return images;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('a chart image could not be decoded'));
    img.src = url;
  });
}

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

async function png(root: HTMLElement, title: string): Promise<string> {
  const images = await chartImages(root);
  if (images.length === 0) throw new Error('the panel shows no chart yet');
  const loaded = await Promise.all(images.map((i) => loadImage(i.url)));
  const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const titleHeight = 40;
  const width = images.reduce((w, i) => Math.max(w, i.width), 0) + 2 * GAP;
  const height = titleHeight + images.reduce((sum, i) => sum + i.height + GAP, GAP);
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas in this webview');
  g.scale(SCALE, SCALE);
  g.fillStyle = themeColour('--vscode-editor-background', '#ffffff');
  g.fillRect(0, 0, width, height);
  g.fillStyle = themeColour('--vscode-editor-foreground', '#333333');
  g.font = `600 18px ${font}`;
  g.fillText(title, GAP, GAP + 18);
  let y = titleHeight;
  images.forEach((image, i) => {
    g.drawImage(loaded[i], GAP, y + GAP, image.width, image.height);
    y += image.height + GAP;
  });
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function html(root: HTMLElement, title: string): Promise<string> {
  const images = await chartImages(root);
  const copy = root.cloneNode(true) as HTMLElement;
  const originals = [...root.querySelectorAll<HTMLElement>('.js-plotly-plot')];
  const clones = [...copy.querySelectorAll<HTMLElement>('.js-plotly-plot')];
  clones.forEach((clone, i) => {
    const image = images.find((img) => img.el === originals[i]);
    if (!image) return clone.remove();
    const img = document.createElement('img');
    img.src = image.url;
    img.width = image.width;
    img.height = image.height;
    img.alt = 'chart';
    clone.replaceWith(img);
  });
  // What only works inside the editor goes: controls, scripts, canvases that are not charts.
  for (const el of copy.querySelectorAll('script, button, input, select, textarea, canvas, [hidden]')) el.remove();
  const styles = [...document.styleSheets]
    .map((sheet) => {
      try {
        return [...sheet.cssRules].map((rule) => rule.cssText).join('\n');
      } catch {
        return '';
      }
    })
    .join('\n');
  const themeVars = document.documentElement.getAttribute('style') ?? '';
  return `<!DOCTYPE html>
<html lang="en" style="${escapeHtml(themeVars)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
${styles}
body { background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); padding: 16px; }
</style>
</head>
<body class="${escapeHtml(document.body.className)}">
<h1>${escapeHtml(title)}</h1>
<p class="exported-at">Exported from MLOps Workbench on ${escapeHtml(new Date().toLocaleString())}</p>
${copy.outerHTML}
</body>
</html>`;
}

export function exportSnapshot(
  format: ExportFormat,
  title: string,
  root: HTMLElement = document.getElementById('app') ?? document.body,
): Promise<string> {
  return format === 'png' ? png(root, title) : html(root, title);
}
