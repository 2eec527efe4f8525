import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PanelPage {
  /** Bundle name under dist/webview: "runs" loads runs.js and runs.css. */
  script: string;
  title: string;
  /**
   * Load dist/webview/plotly.js (one shared file): `true` before the panel script; `'after'` after it, so the panel
   * can say `ready` and fetch data while plotly is still being parsed (it must wait for `plotlyLoaded()`); `'lazy'`
   * only when the panel's first `plotlyLoaded()` call adds it, so a first paint without plotly (a canvas) is not
   * held up by the 3.5 MB script (its URL is on `body[data-plotly-src]`).
   */
  plotly: boolean | 'after' | 'lazy';
}

/** Roots a panel may load from: the extension's own bundles and media, nothing of the workspace. */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri), retainContextWhenHidden: false };
}

/**
 * The page of a panel under a strict CSP: default-src 'none'; scripts only with this load's nonce (each one a file
 * of dist/webview); never an eval source (plotly is the strict build). Styles allow inline because plotly sets style
 * attributes on every SVG node it draws.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: PanelPage): string {
  const nonce = randomBytes(18).toString('base64');
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    // blob: for Plotly.toImage, which draws its SVG through a blob URL when a panel is exported.
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const scripts =
    page.plotly === 'after'
      ? [`${page.script}.js`, 'plotly.js']
      : [...(page.plotly === true ? ['plotly.js'] : []), `${page.script}.js`];
  const lazy = page.plotly === 'lazy' ? ` data-plotly-src="${asset('plotly.js')}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(`${page.script}.css`)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body${lazy}>
<div id="app"></div>
${scripts.map((s) => `<script nonce="${nonce}" src="${asset(s)}"></script>`).join('\n')}
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
