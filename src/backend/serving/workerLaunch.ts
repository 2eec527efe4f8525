/** How a deployment's serving worker is started: `node dist/serve.js`, or the TypeScript source under tsx. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVE_CONFIG_ENV, type WorkerConfig } from './workerConfig';

function workerEntry(): string[] {
  const bundled = join(__dirname, 'serve.js');
  if (existsSync(bundled)) return [bundled];
  const source = join(__dirname, 'serveMain.ts');
  if (existsSync(source)) return ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href, source];
  throw new Error(`cannot find the serving worker next to ${__dirname}; run npm run build`);
}

export function workerArgv(): string[] {
  return [process.execPath, ...workerEntry()];
}

export function workerEnv(config: WorkerConfig, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, [SERVE_CONFIG_ENV]: JSON.stringify(config) };
}
