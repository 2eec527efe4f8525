/** What a data command was invoked on (explorer URI, Datasets row, path) → an absolute file path. Pure. */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt', '.jsonl', '.ndjson', '.json', '.parquet', '.pq'];
/** Glob of the files the pickers offer. */
export const DATA_GLOB = '**/*.{csv,tsv,jsonl,ndjson,parquet,pq}';
export const DATA_EXCLUDE = '{**/node_modules/**,**/.mlops/**,**/.git/**,**/.venv/**,**/venv/**}';

export function isDataPath(path: string): boolean {
  return DATA_EXTENSIONS.includes(extname(path).toLowerCase());
}

/**
 * A file path from a command argument: a `vscode.Uri` of the file scheme (explorer menus pass one), a Datasets
 * view path row (`{ kind: 'path', entry: { path } }`), or a string (absolute or workspace-relative).
 */
export function dataPathFrom(arg: unknown, workspace: string): string | undefined {
  if (typeof arg === 'string' && arg.length > 0) return isAbsolute(arg) ? arg : resolve(workspace, arg);
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as {
    scheme?: unknown;
    fsPath?: unknown;
    kind?: unknown;
    entry?: { path?: unknown };
    path?: unknown;
    resourceUri?: unknown;
  };
  if (typeof o.fsPath === 'string' && (o.scheme === undefined || o.scheme === 'file')) return o.fsPath;
  if (o.kind === 'path' && typeof o.entry?.path === 'string') return resolve(workspace, o.entry.path);
  // Only the latest version of a dataset is the file on disk now.
  if (o.kind === 'version' && (o as { latest?: unknown }).latest === true && typeof o.path === 'string')
    return resolve(workspace, o.path);
  if (o.resourceUri) return dataPathFrom(o.resourceUri, workspace);
  return undefined;
}

/** Workspace-relative with forward slashes when inside the workspace, else the absolute path. */
export function displayPath(path: string, workspace: string): string {
  const rel = relative(workspace, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}
