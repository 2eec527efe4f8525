import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** A separate process that takes the runner's store lock, says so, and then hangs until it is killed. */
export async function holdLockInChild(workspace: string): Promise<ChildProcess> {
  const script = `
    const { withStoreLock } = require(${JSON.stringify(join(REPO, 'src/core/store/storeLock'))});
    withStoreLock(process.argv[1], () => { process.stdout.write('locked\\n'); return new Promise(() => setInterval(() => {}, 1000)); });`;
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script, workspace], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  while (!out.includes('locked')) await once(child.stdout!, 'data');
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
