/** Starts code-server on a free loopback port with throw-away state folders, and waits until it answers. */
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry } from './paths';
import { killGroup, spawnGroup } from './processGroups';

export interface CodeServerOptions {
  /** Root of this session's temp folders; code-server's user data, extensions and XDG dirs go below it. */
  stateDir: string;
  /** Leave Workspace Trust on (restricted mode) instead of passing --disable-workspace-trust. */
  workspaceTrust: boolean;
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  origin: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and offline. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const dirs = {
    userData: join(options.stateDir, 'user-data'),
    extensions: join(options.stateDir, 'extensions'),
    xdgConfig: join(options.stateDir, 'xdg', 'config'),
    xdgData: join(options.stateDir, 'xdg', 'data'),
    xdgCache: join(options.stateDir, 'xdg', 'cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));

  const port = await freePort();
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');

  const logFile = join(options.stateDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const child = spawnGroup(process.execPath, args, {
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid !== undefined) await killGroup(child.pid);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  while (!(await healthy(origin))) {
    if (gone !== undefined || Date.now() > deadline) {
      await stop();
      const why = gone !== undefined ? `exited with code ${gone}` : 'did not answer /healthz in time';
      throw new Error(`code-server ${why}. Its log (${logFile}):\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, origin, logFile, stop };
}

export function tail(file: string, chars = 4000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

async function healthy(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
