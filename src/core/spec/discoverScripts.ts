/**
 * Training scripts outside mlops.yaml. A file is a training script when
 * - it has a marker line: `# mlops: experiment` (Python) or `// mlops: experiment` (JS/TS); the entry is that line;
 * - Python: it imports mlops_workbench or dvclive and has a top-level `if __name__ == "__main__":`; the entry is the guard;
 * - JS/TS: it requires or imports `mlops-workbench/client` and has a top-level entry call, `main(...)`
 *   (optionally `await`/`void`) or `if (require.main === module)`, at column 1; the entry is that call.
 * Lines are 1-based.
 */
import type { Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { MlopsError, throwIfAborted } from '../errors';
import type { ExperimentSpec } from './types';

export type ScriptLanguage = 'python' | 'javascript' | 'typescript';

export interface EntryPoint {
  line: number;
  kind: 'marker' | 'main-guard' | 'main-call';
}

export interface DiscoveredScript {
  /** Absolute path. */
  path: string;
  /** Workspace-relative path with forward slashes; also the script's experiment name. */
  name: string;
  line: number;
  language: ScriptLanguage;
}

const LANGUAGE_BY_EXTENSION: Record<string, ScriptLanguage> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
};

const PY_MARKER = /^[ \t]*#[ \t]*mlops:[ \t]*experiment\b/;
const PY_CLIENT =
  /^[ \t]*(?:import[ \t]+(?:mlops_workbench|dvclive)\b|from[ \t]+(?:mlops_workbench|dvclive)(?:\.\w+)*[ \t]+import\b)/m;
const PY_GUARD = /^if[ \t]+(?:__name__[ \t]*==[ \t]*(['"])__main__\1|(['"])__main__\2[ \t]*==[ \t]*__name__)[ \t]*:/;
const JS_MARKER = /^[ \t]*\/\/[ \t]*mlops:[ \t]*experiment\b/;
const JS_CLIENT =
  /(?:require|import)\s*\(\s*['"]mlops-workbench\/client['"]\s*\)|\bfrom\s*['"]mlops-workbench\/client['"]/;
const JS_ENTRY = /^(?:(?:await|void)\s+)?main\s*\(|^if\s*\(\s*require\.main\s*===?\s*module\s*\)/;

/** The language of a VS Code language id ("python"), an extension ("py", ".py") or a file path. */
export function scriptLanguage(languageIdOrExtension: string): ScriptLanguage | null {
  const text = languageIdOrExtension.toLowerCase();
  if (text === 'python' || text === 'javascript' || text === 'typescript') return text;
  const extension = text.includes('.') ? text.slice(text.lastIndexOf('.') + 1) : text;
  return LANGUAGE_BY_EXTENSION[extension] ?? null;
}

/** The entry point of a training script, or null when the text is not one. */
export function findEntryPoint(text: string, languageIdOrExtension: string): EntryPoint | null {
  const language = scriptLanguage(languageIdOrExtension);
  if (!language) return null;
  const lines = text.split(/\r?\n/);
  const python = language === 'python';
  const marker = lines.findIndex((line) => (python ? PY_MARKER : JS_MARKER).test(line));
  if (marker >= 0) return { line: marker + 1, kind: 'marker' };
  if (!(python ? PY_CLIENT : JS_CLIENT).test(text)) return null;
  const entry = lines.findIndex((line) => (python ? PY_GUARD : JS_ENTRY).test(line));
  if (entry < 0) return null;
  return { line: entry + 1, kind: python ? 'main-guard' : 'main-call' };
}

/** An experiment that runs a workspace script: python → [python, path], JS → [node, path], TS → [node, --import, tsx, path]. */
export function scriptExperiment(workspaceRelPath: string): ExperimentSpec {
  const name = workspaceRelPath.split(sep).join('/').replace(/^\.\//, '');
  const language = scriptLanguage(extname(name));
  if (!language) {
    throw new MlopsError(
      `'${name}' is not a Python or JavaScript/TypeScript script`,
      'bad-input',
      'Scripts end in .py, .js, .mjs, .cjs, .ts, .mts or .cts.',
    );
  }
  const command =
    language === 'python'
      ? ['python', name]
      : language === 'javascript'
        ? ['node', name]
        : ['node', '--import', 'tsx', name];
  return { name, command, params: {}, source: 'script' };
}

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  'venv',
  'dist',
  'out',
  'build',
  '__pycache__',
  'site-packages',
  'mlruns',
  'wandb',
]);

const READS_IN_FLIGHT = 16;

export interface ScanOptions {
  signal?: AbortSignal;
  /** Most candidate files to read (default 5000); the scan stops there. */
  maxFiles?: number;
  /** Files larger than this are not read (default 512 KiB). */
  maxBytes?: number;
}

/**
 * Walks the workspace for training scripts, skipping hidden folders (.git, .mlops, .venv …), virtual environments
 * (any folder holding pyvenv.cfg) and SKIPPED_DIRECTORIES. Symbolic links are not followed. Results are sorted by name.
 */
export async function scanWorkspaceForScripts(
  workspace: string,
  options: ScanOptions = {},
): Promise<DiscoveredScript[]> {
  const maxFiles = options.maxFiles ?? 5000;
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const found: DiscoveredScript[] = [];
  const pending = [workspace];
  let filesRead = 0;
  while (pending.length > 0 && filesRead < maxFiles) {
    throwIfAborted(options.signal, 'script scan');
    const dir = pending.shift()!;
    const entries = await listDirectory(dir);
    if (dir !== workspace && entries.some((e) => e.name === 'pyvenv.cfg')) continue;
    const candidates: Array<{ path: string; language: ScriptLanguage }> = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(path);
        continue;
      }
      const language = entry.isFile() && !entry.name.endsWith('.d.ts') ? scriptLanguage(extname(entry.name)) : null;
      if (language && filesRead < maxFiles) {
        filesRead++;
        candidates.push({ path, language });
      }
    }
    for (let i = 0; i < candidates.length; i += READS_IN_FLIGHT) {
      throwIfAborted(options.signal, 'script scan');
      const batch = candidates.slice(i, i + READS_IN_FLIGHT);
      const texts = await Promise.all(batch.map((c) => readSmallFile(c.path, maxBytes)));
      batch.forEach(({ path, language }, j) => {
        const entryPoint = texts[j] === null ? null : findEntryPoint(texts[j]!, language);
        if (entryPoint)
          found.push({ path, name: relative(workspace, path).split(sep).join('/'), line: entryPoint.line, language });
      });
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function listDirectory(dir: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

async function readSmallFile(path: string, maxBytes: number): Promise<string | null> {
  try {
    if ((await stat(path)).size > maxBytes) return null;
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
