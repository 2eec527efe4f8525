import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * A static tripwire for Workspace Trust: every way the extension can start a process (the backend fork, git and
 * other programs run by src/core, anything importing child_process) must be reached only through a module that
 * asks the trust helper (`requireTrust` / `assertTrusted` in src/extension/trust.ts). The restricted integration
 * suite proves the behaviour; this test catches a new command wired to a spawning module without a gate.
 */
const REPO = resolve(__dirname, '..', '..', '..');
const SRC = join(REPO, 'src');
const EXTENSION = join(SRC, 'extension');
/** npm packages that start processes themselves. */
const SPAWNING_PACKAGES = new Set(['child_process', 'node:child_process']);
/** Starting the forked backend: any request may start it. */
const BACKEND_CALL = /\bbackend\s*\.\s*(request|ensureStarted)\s*\(/;
const GATE = /\b(requireTrust|assertTrusted)\s*\(|\bneedsTrust:\s*true\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Value imports (not `import type`), re-exports and requires, as written. */
function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?!type\b)[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

function resolveModule(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return null;
}

interface ModuleInfo {
  text: string;
  imports: string[];
  spawnsDirectly: boolean;
}

function loadModules(): Map<string, ModuleInfo> {
  const modules = new Map<string, ModuleInfo>();
  for (const file of tsFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = importSpecifiers(text);
    modules.set(file, {
      text,
      imports: specifiers.map((s) => resolveModule(file, s)).filter((p): p is string => p !== null),
      spawnsDirectly: specifiers.some((s) => SPAWNING_PACKAGES.has(s)),
    });
  }
  return modules;
}

describe('Workspace Trust: every process the extension can start is behind the trust helper', () => {
  const modules = loadModules();
  const spawnMemo = new Map<string, boolean>();
  const canSpawn = (file: string): boolean => {
    const known = spawnMemo.get(file);
    if (known !== undefined) return known;
    spawnMemo.set(file, false);
    const info = modules.get(file);
    const result = Boolean(info && (info.spawnsDirectly || info.imports.some(canSpawn)));
    spawnMemo.set(file, result);
    return result;
  };
  const inExtension = (file: string) => file.startsWith(EXTENSION + '/');
  const importers = (file: string) =>
    [...modules].filter(([path, info]) => inExtension(path) && info.imports.includes(file)).map(([path]) => path);

  /** Modules of src/extension that start a process themselves or through a module outside src/extension. */
  const entries = [...modules]
    .filter(([path]) => inExtension(path))
    .filter(
      ([, info]) =>
        info.spawnsDirectly ||
        BACKEND_CALL.test(info.text) ||
        info.imports.some((dep) => !inExtension(dep) && canSpawn(dep)),
    )
    .map(([path]) => path);

  /** Gated itself, or only ever imported by gated modules (the activation entry is gated by nothing). */
  const gatedPaths = (file: string, seen = new Set<string>()): string[] => {
    if (GATE.test(modules.get(file)?.text ?? '')) return [];
    if (seen.has(file)) return [];
    seen.add(file);
    const from = importers(file);
    if (from.length === 0) return [relative(REPO, file)];
    return from.flatMap((importer) => gatedPaths(importer, seen).map((path) => `${path} → ${relative(REPO, file)}`));
  };

  it('finds the process-starting modules it guards (the backend host, lineage compare, reproduce)', () => {
    const names = entries.map((p) => relative(EXTENSION, p));
    for (const expected of [
      'backendHost.ts',
      'lineage/runFiles.ts',
      'lineage/diffCommand.ts',
      'lineage/reproduce/worktree.ts',
    ])
      assert.ok(names.includes(expected), `${expected} not found among ${names.join(', ')}`);
  });

  it('reaches each of them only through a module that asks requireTrust or assertTrusted', () => {
    const ungated = entries.flatMap((entry) => gatedPaths(entry));
    assert.deepEqual(ungated, [], `ungated ways to start a process:\n${ungated.join('\n')}`);
  });
});
