/**
 * Checks whether a native tfjs package can be used, without crashing the process: it must resolve, its compiled
 * addon must exist (it is missing when the libtensorflow download failed at install), and it must load
 * (ERR_DLOPEN_FAILED when libtensorflow or CUDA libraries are missing or built for another platform).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import type { Tf } from '../tf';

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

export type NativeProbe = { ok: true; tf: Tf; addonPath: string; packageDir: string } | { ok: false; reason: string };

export interface ProbeOptions {
  /** Folders to resolve the package from (default: from this file upwards). */
  paths?: string[];
  /** The tfjs version every package must have. */
  version: string;
}

const nodeRequire = createRequire(__filename);

/**
 * Where native packages are looked for: beside the trainer (the extension's own node_modules in development),
 * the workspace (`npm install @tensorflow/tfjs-node@4.22.0` there), and the folders in MLOPS_TFJS_NODE_PATH.
 */
export function nativeSearchPaths(workspace?: string, extra = process.env.MLOPS_TFJS_NODE_PATH): string[] {
  const paths = [
    __dirname,
    ...(workspace ? [workspace] : []),
    ...(extra ? extra.split(delimiter).filter(Boolean) : []),
  ];
  return [...new Set(paths)];
}

function resolvePackageDir(pkg: NativePackage, paths?: string[]): string | null {
  try {
    return dirname(nodeRequire.resolve(`${pkg}/package.json`, paths ? { paths } : undefined));
  } catch {
    return null;
  }
}

interface BinaryField {
  module_name?: string;
  module_path?: string;
  napi_versions?: number[];
}

/** Where node-pre-gyp put the addon, from package.json's "binary" field; falls back to lib/napi-v* folders. */
export function findAddon(packageDir: string, binary: BinaryField | undefined): string | null {
  const name = `${binary?.module_name ?? 'tfjs_binding'}.node`;
  const candidates: string[] = [];
  if (binary?.module_path) {
    for (const v of binary.napi_versions ?? [])
      candidates.push(join(packageDir, binary.module_path.replace('{napi_build_version}', String(v)), name));
  }
  const lib = join(packageDir, 'lib');
  if (existsSync(lib)) {
    for (const d of readdirSync(lib)) if (d.startsWith('napi-v')) candidates.push(join(lib, d, name));
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err)
    .split('\n')[0]
    .slice(0, 300);
}

export function probeNativePackage(pkg: NativePackage, options: ProbeOptions): NativeProbe {
  const packageDir = resolvePackageDir(pkg, options.paths);
  if (!packageDir) return { ok: false, reason: `${pkg} is not installed` };
  let manifest: { version?: string; binary?: BinaryField };
  try {
    manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  } catch (err) {
    return { ok: false, reason: `${pkg}/package.json is unreadable: ${firstLine(err)}` };
  }
  if (manifest.version !== options.version) {
    return {
      ok: false,
      reason: `${pkg} is version ${manifest.version}, but every tfjs package must be ${options.version}`,
    };
  }
  const addonPath = findAddon(packageDir, manifest.binary);
  if (!addonPath) {
    return {
      ok: false,
      reason: `${pkg} is installed without its native addon (its libtensorflow download failed at install; see docs/tfjs.md)`,
    };
  }
  try {
    const tf = nodeRequire(packageDir) as Tf;
    return { ok: true, tf, addonPath, packageDir };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why =
      code === 'ERR_DLOPEN_FAILED' ? 'its native addon failed to load (ERR_DLOPEN_FAILED)' : 'it failed to load';
    return { ok: false, reason: `${pkg}: ${why}: ${firstLine(err)}` };
  }
}
