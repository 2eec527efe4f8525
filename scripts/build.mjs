// Bundles every entry point with esbuild. Entries whose source does not exist yet are skipped.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync, readdirSync, chmodSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Native tfjs engines are optional and resolved at run time; vscode is provided by the host.
  external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};

const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'dist/extension.js' },
  { in: 'src/backend/main.ts', out: 'dist/backend.js' },
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node', executable: true },
  { in: 'src/backend/trainer/trainerMain.ts', out: 'dist/trainer.js' },
  { in: 'src/backend/serving/serveMain.ts', out: 'dist/serve.js' },
  { in: 'src/client/node/index.ts', out: 'dist/clients/node/mlops-workbench/client.js' },
  { in: 'src/extension/drift/dataWorkerMain.ts', out: 'dist/dataWorker.js' },
  { in: 'src/core/interop/tensorboard/readWorkerMain.ts', out: 'dist/tbReadWorker.js' },
  { in: 'src/extension/panels/seriesWorkerMain.ts', out: 'dist/seriesWorker.js' },
  { in: 'test/integration/suite/index.ts', out: 'out/integration/suite/index.js', external: ['mocha'] },
  { in: 'test/integration/restricted/index.ts', out: 'out/integration/restricted/index.js', external: ['mocha'] },
  { in: 'test/integration/bench/index.ts', out: 'out/integration/bench/index.js', external: ['mocha'] },
];

function webviewEntries() {
  const dir = join(root, 'webview');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
    .map((d) => ({ in: `webview/${d.name}/main.ts`, out: `dist/webview/${d.name}.js` }));
}

function copyAssets() {
  const copies = [['node_modules/plotly.js-strict-dist-min/plotly-strict.min.js', 'dist/webview/plotly.js']];
  for (const name of [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ]) {
    copies.push([`node_modules/@tensorflow/tfjs-backend-wasm/dist/${name}`, `dist/wasm/${name}`]);
  }
  for (const [from, to] of copies) {
    const src = join(root, from);
    if (!existsSync(src)) continue;
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(src, join(root, to));
  }
  // The TensorBoard importer's .proto files, read by protobufjs at run time (src/core/interop/tensorboard/eventSchema.ts).
  cpSync(join(root, 'src/core/interop/tensorboard/proto'), join(root, 'dist/proto'), { recursive: true });
  const pyPkg = join(root, 'clients/python/mlops_workbench');
  if (existsSync(pyPkg)) {
    rmSync(join(root, 'dist/clients/python'), { recursive: true, force: true });
    cpSync(pyPkg, join(root, 'dist/clients/python/mlops_workbench'), {
      recursive: true,
      filter: (p) => !/__pycache__|\.pyc$/.test(p),
    });
  }
  const clientPkg = join(root, 'dist/clients/node/mlops-workbench/package.json');
  if (existsSync(dirname(clientPkg))) {
    writeFileSync(
      clientPkg,
      JSON.stringify(
        { name: 'mlops-workbench', main: 'client.js', exports: { './client': './client.js', '.': './client.js' } },
        null,
        2,
      ),
    );
  }
}

const jobs = [];
for (const e of nodeEntries) {
  if (!existsSync(join(root, e.in))) continue;
  jobs.push({
    ...nodeCommon,
    entryPoints: [join(root, e.in)],
    outfile: join(root, e.out),
    external: [...nodeCommon.external, ...(e.external ?? [])],
    banner: e.banner ? { js: e.banner } : undefined,
    _executable: e.executable,
  });
}
for (const e of webviewEntries()) {
  jobs.push({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: production ? false : 'linked',
    minify: production,
    entryPoints: [join(root, e.in)],
    outfile: join(root, e.out),
    logLevel: 'warning',
  });
}

const started = Date.now();
if (watch) {
  for (const { _executable, ...opts } of jobs) {
    const ctx = await esbuild.context(opts);
    await ctx.watch();
  }
  copyAssets();
  console.log(`watching ${jobs.length} bundles`);
} else {
  await Promise.all(
    jobs.map(async ({ _executable, ...opts }) => {
      await esbuild.build(opts);
      if (_executable) chmodSync(opts.outfile, 0o755);
    }),
  );
  copyAssets();
  console.log(`built ${jobs.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
