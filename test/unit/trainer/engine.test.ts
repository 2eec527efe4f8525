import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { nativeSearchPaths, probeNativePackage } from '../../../src/backend/trainer/engine/probeNative';
import { parseEngineName, selectEngine } from '../../../src/backend/trainer/engine/selectEngine';
import { TFJS_VERSION } from '../../../src/backend/trainer/tf';

/** A package folder shaped like tfjs-node whose "addon" is not a loadable shared library. */
function fakeNativePackage(root: string, name: string, opts: { addon: boolean }): void {
  const dir = join(root, 'node_modules', '@tensorflow', name);
  mkdirSync(join(dir, 'lib', 'napi-v8'), { recursive: true });
  const binary = { module_name: 'tfjs_binding', module_path: './lib/napi-v{napi_build_version}/', napi_versions: [8] };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@tensorflow/${name}`, version: TFJS_VERSION, main: 'index.js', binary }),
  );
  writeFileSync(join(dir, 'index.js'), "module.exports = require('./lib/napi-v8/tfjs_binding.node');\n");
  if (opts.addon)
    writeFileSync(join(dir, 'lib', 'napi-v8', 'tfjs_binding.node'), Buffer.from('not an ELF shared object'));
}

describe('tfjs engine selection', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'mlops-engine-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports a native package whose addon fails to dlopen, without crashing', () => {
    fakeNativePackage(root, 'tfjs-node', { addon: true });
    const probe = probeNativePackage('@tensorflow/tfjs-node', { paths: [root], version: TFJS_VERSION });
    assert.equal(probe.ok, false);
    assert.match((probe as { reason: string }).reason, /native addon failed to load \(ERR_DLOPEN_FAILED\)/);
  });

  it('looks for native packages in the workspace and in MLOPS_TFJS_NODE_PATH folders', () => {
    fakeNativePackage(root, 'tfjs-node', { addon: true });
    for (const paths of [
      nativeSearchPaths(root, ''),
      nativeSearchPaths(undefined, `/nonexistent${delimiter}${root}`),
    ]) {
      const probe = probeNativePackage('@tensorflow/tfjs-node', { paths, version: TFJS_VERSION });
      assert.match((probe as { reason: string }).reason, /ERR_DLOPEN_FAILED/);
    }
  });

  it('reports a native package installed without its addon (failed libtensorflow download)', () => {
    fakeNativePackage(root, 'tfjs-node-gpu', { addon: false });
    const probe = probeNativePackage('@tensorflow/tfjs-node-gpu', { paths: [root], version: TFJS_VERSION });
    assert.equal(probe.ok, false);
    assert.match((probe as { reason: string }).reason, /installed without its native addon/);
  });

  it('refuses a native package of another tfjs version', () => {
    fakeNativePackage(root, 'tfjs-node', { addon: true });
    const probe = probeNativePackage('@tensorflow/tfjs-node', { paths: [root], version: '9.9.9' });
    assert.match((probe as { reason: string }).reason, /is version 4\.22\.0, but every tfjs package must be 9\.9\.9/);
  });

  it('falls through broken native tiers to wasm and records why each tier was dropped', async () => {
    fakeNativePackage(root, 'tfjs-node-gpu', { addon: false });
    fakeNativePackage(root, 'tfjs-node', { addon: true });
    const engine = await selectEngine({ nativePaths: [root] });
    assert.equal(engine.name, 'wasm');
    assert.equal(engine.tf.getBackend(), 'wasm');
    assert.deepEqual(
      engine.tiersTried.map((t) => [t.engine, t.ok]),
      [
        ['node-gpu', false],
        ['node', false],
        ['wasm', true],
      ],
    );
    assert.match(engine.tiersTried[1].reason, /ERR_DLOPEN_FAILED/);
  });

  it('skips wasm when the model needs gradients it lacks, and drops a tier whose smoke test fails', async () => {
    const noWasm = await selectEngine({ nativePaths: [root], wasmUnsupported: 'the model has conv2d' });
    assert.equal(noWasm.name, 'cpu');
    assert.deepEqual(noWasm.tiersTried[2], { engine: 'wasm', ok: false, reason: 'the model has conv2d' });
    const picky = await selectEngine({
      nativePaths: [root],
      smokeTest: async (tf) => {
        if (tf.getBackend() === 'wasm')
          throw new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
      },
    });
    assert.equal(picky.name, 'cpu');
    assert.match(picky.tiersTried[2].reason, /a test training step failed: Kernel 'Conv2DBackpropFilter'/);
  });

  it('fails clearly when a forced tier cannot run', async () => {
    await assert.rejects(
      selectEngine({ force: 'node', nativePaths: [root] }),
      /forced tfjs engine node cannot train this model: node: @tensorflow\/tfjs-node is not installed/,
    );
    assert.equal(parseEngineName('auto'), undefined);
    assert.throws(() => parseEngineName('gpu'), /MLOPS_TFJS_ENGINE=gpu is not an engine/);
  });
});
