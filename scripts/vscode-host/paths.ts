/** Where the offline VS Code host (code-server from npm) lives. The folder is git-ignored and reused between runs. */
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export const repoRoot = resolve(__dirname, '..', '..');
export const hostCacheDir = join(repoRoot, '.vscode-test');
export const codeServerDir = join(hostCacheDir, 'code-server');
export const codeServerPackageDir = join(codeServerDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerPackageDir, 'out', 'node', 'entry.js');
export const installMarker = join(codeServerDir, '.installed');

export const chromiumPath = process.env.MLOPS_CHROMIUM ?? '/usr/bin/chromium';
export const ripgrepPath = process.env.MLOPS_RIPGREP ?? '/usr/bin/rg';
