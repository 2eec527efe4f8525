/**
 * A stand-in for the `code` executable that runs an extension test suite on the offline host:
 *   code-server-vscode --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--disable-workspace-trust] FOLDER
 * It forwards the suite's output to stdout and exits with the suite's code. Other VS Code flags are accepted and
 * ignored, so it can stand wherever a VS Code path is expected (e.g. @vscode/test-electron's vscodeExecutablePath).
 */
import { cleanupAll, isStopping } from './processGroups';
import { logTail, startWorkbench } from './workbench';

interface LaunchArgs {
  folder: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspaceTrust: boolean;
}

export function parseLaunchArgs(argv: string[]): LaunchArgs {
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  };
  const extensionDevelopmentPath = value('extensionDevelopmentPath');
  const extensionTestsPath = value('extensionTestsPath');
  const valued = new Set(['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir']);
  const positional = argv.filter((a, i) => !a.startsWith('-') && !valued.has(argv[i - 1]));
  if (!extensionDevelopmentPath || !extensionTestsPath || positional.length !== 1) {
    throw new Error(
      'usage: code-server-vscode --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--disable-workspace-trust] FOLDER',
    );
  }
  return {
    folder: positional[0],
    extensionDevelopmentPath,
    extensionTestsPath,
    workspaceTrust: !argv.includes('--disable-workspace-trust'),
  };
}

const LOG_PREFIX = /^\[[^\]]*\]\s*/;

/** Start-up chatter of the web workbench, shown only with MLOPS_HOST_VERBOSE=1. */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /additional builtin extensions/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
];

async function main(): Promise<number> {
  const args = parseLaunchArgs(process.argv.slice(2));
  const timeoutS = Number(process.env.MLOPS_TEST_TIMEOUT_S ?? 600);
  const verbose = Boolean(process.env.MLOPS_HOST_VERBOSE);
  const workbench = await startWorkbench({
    ...args,
    onLog: (level, message) => {
      if (!verbose && WORKBENCH_NOISE.some((re) => re.test(message))) return;
      const line = message.replace(LOG_PREFIX, '');
      if (level === 'error') process.stderr.write(line + '\n');
      else process.stdout.write(line + '\n');
    },
  });
  if (verbose) workbench.page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(
        `\nThe test suite did not finish within ${timeoutS} s (MLOPS_TEST_TIMEOUT_S): stopping code-server and the browser.\n` +
          `Last lines of the code-server log (${workbench.codeServerLog}):\n${logTail(workbench.codeServerLog, 2000)}\n`,
      );
      resolve(124);
    }, timeoutS * 1000);
  });
  const code = await Promise.race([workbench.testsExited, timedOut]);
  clearTimeout(timer);
  await workbench.close();
  return code;
}

if (require.main === module) {
  main()
    .catch((err: Error) => {
      if (!isStopping()) process.stderr.write(`${err.message}\n`);
      return 1;
    })
    .then(async (code) => {
      if (isStopping()) return; // the signal handler owns the exit
      await cleanupAll();
      process.exit(code);
    });
}
