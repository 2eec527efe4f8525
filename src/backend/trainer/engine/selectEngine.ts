/**
 * Picks the fastest tfjs engine that works here, in order: tfjs-node-gpu (on a GPU) → tfjs-node → wasm → the
 * pure-JS cpu backend. Each tier is checked without crashing, at most one native package is loaded, and a tiny
 * training step proves the model's kernels exist before a tier is accepted.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MlopsError } from '../../../core/errors';
import { bundled, TFJS_VERSION, type Tf } from '../tf';
import { probeNativePackage, type NativePackage } from './probeNative';

export const ENGINE_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface TierAttempt {
  engine: EngineName;
  ok: boolean;
  reason: string;
}

export interface Engine {
  name: EngineName;
  tf: Tf;
  /** Why this engine was chosen, for the log and run metadata. */
  reason: string;
  tiersTried: TierAttempt[];
  usingGpu: boolean;
}

export interface SelectEngineOptions {
  /** Forces one tier (MLOPS_TFJS_ENGINE); failing it is an error instead of a fall-back. */
  force?: EngineName;
  /** Why wasm cannot train this model (layers whose gradients it lacks); undefined when it can. */
  wasmUnsupported?: string;
  /** One tiny training step with the real model; throws when a kernel is missing. */
  smokeTest?: (tf: Tf) => Promise<void>;
  /** Folders to resolve native packages from (tests point these at fake packages). */
  nativePaths?: string[];
  /** Folder holding the tfjs-backend-wasm .wasm files; defaults to dist/wasm next to the bundle, else node_modules. */
  wasmDir?: string;
}

export function parseEngineName(value: string | undefined): EngineName | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if ((ENGINE_NAMES as readonly string[]).includes(value)) return value as EngineName;
  throw new MlopsError(
    `MLOPS_TFJS_ENGINE=${value} is not an engine`,
    'bad-input',
    `Use one of ${ENGINE_NAMES.join(', ')} or auto.`,
  );
}

/** The folder with the .wasm binaries: dist/wasm beside the bundle, or the npm package's dist in development. */
export function defaultWasmDir(): string {
  const beside = join(__dirname, 'wasm');
  if (existsSync(join(beside, 'tfjs-backend-wasm.wasm'))) return beside;
  return dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

type TierResult = { ok: true; tf: Tf; reason: string; usingGpu: boolean } | { ok: false; reason: string };

async function activate(tf: Tf, backend: string): Promise<void> {
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  await tf.ready();
}

/** The tier's outcome, plus the native namespace when the package loaded (even if the tier was then dropped). */
async function tryNative(
  pkg: NativePackage,
  wantGpu: boolean,
  options: SelectEngineOptions,
): Promise<{ result: TierResult; loaded?: Tf }> {
  const probe = probeNativePackage(pkg, { paths: options.nativePaths, version: TFJS_VERSION });
  if (!probe.ok) return { result: probe };
  const loaded = probe.tf;
  try {
    await activate(loaded, 'tensorflow');
  } catch (err) {
    return { result: { ok: false, reason: `${pkg} loaded but its backend failed: ${(err as Error).message}` }, loaded };
  }
  const usingGpu = Boolean((loaded.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
  if (wantGpu && !usingGpu)
    return {
      result: { ok: false, reason: `${pkg} loaded but sees no usable GPU (it needs CUDA 11.2 and cuDNN 8.1)` },
      loaded,
    };
  const where = usingGpu ? 'on the GPU' : 'native CPU';
  return { result: { ok: true, tf: loaded, reason: `${pkg} ${where} (addon ${probe.addonPath})`, usingGpu }, loaded };
}

async function tryWasm(options: SelectEngineOptions): Promise<TierResult> {
  if (options.wasmUnsupported) return { ok: false, reason: options.wasmUnsupported };
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = options.wasmDir ?? defaultWasmDir();
  // Threads would need a worker script per process; the single-threaded SIMD build is what ships in dist/wasm.
  bundled.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
  await activate(bundled, 'wasm');
  return { ok: true, tf: bundled, reason: `WebAssembly backend (${dir})`, usingGpu: false };
}

async function tryCpu(): Promise<TierResult> {
  await activate(bundled, 'cpu');
  return { ok: true, tf: bundled, reason: 'pure-JS cpu backend', usingGpu: false };
}

async function smoke(result: TierResult, options: SelectEngineOptions): Promise<TierResult> {
  if (!result.ok || !options.smokeTest) return result;
  try {
    await options.smokeTest(result.tf);
    return result;
  } catch (err) {
    return { ok: false, reason: `a test training step failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Runs the tiers in order and returns the first that trains; records why each earlier tier was dropped. */
export async function selectEngine(options: SelectEngineOptions = {}): Promise<Engine> {
  const tiersTried: TierAttempt[] = [];
  let nativeLoaded: { tf: Tf; pkg: NativePackage } | null = null;
  const order = options.force ? [options.force] : ENGINE_NAMES;
  for (const engine of order) {
    let result: TierResult;
    if (engine === 'node-gpu' || engine === 'node') {
      const pkg: NativePackage = engine === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
      if (nativeLoaded) {
        // Only one native package per process: a loaded tfjs-node-gpu without a GPU still runs native CPU kernels.
        result = {
          ok: true,
          tf: nativeLoaded.tf,
          reason: `${nativeLoaded.pkg} native CPU (no usable GPU; one native package per process)`,
          usingGpu: false,
        };
      } else {
        const native = await tryNative(pkg, engine === 'node-gpu', options);
        if (native.loaded) nativeLoaded = { tf: native.loaded, pkg };
        result = native.result;
      }
    } else if (engine === 'wasm') {
      result = await tryWasm(options).catch((err: Error) => ({
        ok: false as const,
        reason: `wasm failed to start: ${err.message}`,
      }));
    } else {
      result = await tryCpu();
    }
    result = await smoke(result, options);
    tiersTried.push({ engine, ok: result.ok, reason: result.reason });
    if (result.ok) return { name: engine, tf: result.tf, reason: result.reason, tiersTried, usingGpu: result.usingGpu };
  }
  const why = tiersTried.map((t) => `${t.engine}: ${t.reason}`).join('; ');
  throw new MlopsError(
    options.force
      ? `the forced tfjs engine ${options.force} cannot train this model: ${why}`
      : `no tfjs engine can train this model: ${why}`,
    'bad-input',
    options.force ? 'Unset MLOPS_TFJS_ENGINE to let the trainer pick an engine.' : undefined,
  );
}
