/**
 * Installs code-server (which bundles VS Code 1.100.3 and runs on Node 20) into a git-ignored cache folder, once.
 * Nothing here reaches beyond the npm registry: ripgrep comes from the system instead of GitHub.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  renameSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
} from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, codeServerDir, codeServerEntry, hostCacheDir, installMarker, ripgrepPath } from './paths';

/** The ripgrep package VS Code 1.100.3 pins, and the prebuilt archive its postinstall would fetch from GitHub. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

export function isCodeServerInstalled(): boolean {
  return (
    existsSync(codeServerEntry) &&
    existsSync(installMarker) &&
    readFileSync(installMarker, 'utf8').trim() === CODE_SERVER_VERSION
  );
}

/** Installs code-server when it is missing; returns the seconds spent (0 when it was already there). */
export async function ensureCodeServer(log: (line: string) => void = console.log): Promise<number> {
  if (isCodeServerInstalled()) return 0;
  const started = Date.now();
  checkPrerequisites();
  const staging = join(hostCacheDir, `code-server.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'tmp'), { recursive: true });
  seedRipgrepCache(join(staging, 'tmp'));
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (one time, about a minute)…`);
  try {
    await npmInstall(staging);
    rmSync(join(staging, 'tmp'), { recursive: true, force: true });
    writeFileSync(join(staging, '.installed'), CODE_SERVER_VERSION + '\n');
    rmSync(codeServerDir, { recursive: true, force: true });
    renameSync(staging, codeServerDir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const seconds = (Date.now() - started) / 1000;
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds.toFixed(1)} s`);
  return seconds;
}

function checkPrerequisites(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} needs Node 20, this is Node ${process.versions.node}. Run the integration tests with Node 20.`,
    );
  }
  if (!existsSync(ripgrepPath)) {
    throw new Error(
      `ripgrep not found at ${ripgrepPath}. Install it (apt-get install -y ripgrep) or set MLOPS_RIPGREP to its path.`,
    );
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
    throw new Error(
      "Kerberos headers are missing; code-server's native modules need them. Install libkrb5-dev (apt-get install -y libkrb5-dev).",
    );
  }
}

/**
 * @vscode/ripgrep's postinstall downloads a prebuilt rg from GitHub unless its cache folder under the OS temp dir
 * already holds the archive; an archive wrapping the system rg satisfies it.
 */
function seedRipgrepCache(tmpDir: string): void {
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const stage = join(tmpDir, 'rg-stage');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(ripgrepPath, join(stage, 'rg'));
  chmodSync(join(stage, 'rg'), 0o755);
  const archive = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  runSync('tar', ['-czf', archive, '-C', stage, 'rg']);
}

function runSync(cmd: string, args: string[]): void {
  const { status, stderr } = spawnSync(cmd, args, { encoding: 'utf8' });
  if (status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${stderr}`);
}

function npmInstall(prefix: string): Promise<void> {
  const args = [
    'install',
    '--prefix',
    prefix,
    '--no-audit',
    '--no-fund',
    '--no-save',
    '--omit=dev',
    `code-server@${CODE_SERVER_VERSION}`,
  ];
  const env = {
    ...process.env,
    TMPDIR: join(prefix, 'tmp'),
    // code-server's postinstall refuses to run as root without this; node-pty's runs `npx node-gyp`.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_update_notifier: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code}):\n${tail}`));
    });
  });
}

if (require.main === module) {
  ensureCodeServer().then(
    (seconds) => {
      if (seconds === 0) console.log(`code-server ${CODE_SERVER_VERSION} already installed in ${codeServerDir}`);
    },
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
