/**
 * Picks the VS Code that runs the integration suites:
 *   MLOPS_VSCODE unset or "code-server"  → the offline host (code-server + headless chromium), the default;
 *   MLOPS_VSCODE=download                 → VS Code desktop downloaded by @vscode/test-electron
 *                                           (version MLOPS_VSCODE_VERSION, default 1.100.3), falling back to the
 *                                           offline host when the download server cannot be reached;
 *   MLOPS_VSCODE=/path/to/code            → that executable.
 */
import { downloadAndUnzipVSCode, SilentReporter } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, repoRoot } from '../../scripts/vscode-host/paths';

export interface TestHost {
  /** Executable that understands --extensionDevelopmentPath, --extensionTestsPath and a folder argument. */
  executable: string;
  /** Arguments placed before the executable's own (e.g. when it has to run under xvfb-run). */
  wrapper: string[];
  description: string;
}

const offlineLauncher = join(repoRoot, 'scripts', 'vscode-host', 'code-server-vscode');
const DOWNLOAD_PROBE = 'https://update.code.visualstudio.com/api/releases/stable';

function offlineHost(reason?: string): TestHost {
  const why = reason ? ` (${reason})` : '';
  return {
    executable: offlineLauncher,
    wrapper: [],
    description: `offline code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3) with headless chromium${why}`,
  };
}

async function downloadHostReachable(): Promise<boolean> {
  try {
    const res = await fetch(DOWNLOAD_PROBE, { signal: AbortSignal.timeout(5000) });
    return res.ok;
  } catch {
    return false;
  }
}

function desktopHost(executable: string, description: string): TestHost {
  const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const xvfb = ['/usr/bin/xvfb-run', '/usr/local/bin/xvfb-run'].find(existsSync);
  if (needsDisplay && xvfb) return { executable, wrapper: [xvfb, '-a'], description: `${description} under xvfb-run` };
  return { executable, wrapper: [], description };
}

export async function resolveTestHost(choice = process.env.MLOPS_VSCODE ?? 'code-server'): Promise<TestHost> {
  if (choice === 'code-server' || choice === '') return offlineHost();
  if (choice === 'download') {
    if (!(await downloadHostReachable()))
      return offlineHost('update.code.visualstudio.com is unreachable, so no download');
    const version = process.env.MLOPS_VSCODE_VERSION ?? '1.100.3';
    const executable = await downloadAndUnzipVSCode({
      version,
      cachePath: join(repoRoot, '.vscode-test'),
      reporter: new SilentReporter(),
    });
    return desktopHost(executable, `VS Code ${version} desktop downloaded by @vscode/test-electron`);
  }
  if (!existsSync(choice)) {
    throw new Error(
      `MLOPS_VSCODE=${choice}: no such executable. Use "code-server", "download" or the path of a VS Code binary.`,
    );
  }
  return desktopHost(choice, `VS Code at ${choice}`);
}
