import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { killGroup, spawnGroup } from '../../../scripts/vscode-host/processGroups';

/** Running, as opposed to gone or a zombie waiting for init to reap it (Linux /proc). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('offline VS Code host: process groups', () => {
  it('kills a started process together with the children it spawned', async () => {
    // The shell prints the pid of a background grandchild, then waits; both must be gone after killGroup.
    const child = spawnGroup('sh', ['-c', 'sleep 60 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const grandchild = await new Promise<number>((resolve) =>
      child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    assert.ok(alive(grandchild));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await killGroup(child.pid as number);
    await exited;
    assert.equal(alive(grandchild), false, 'the grandchild survived');
  });

  it('treats a group that is already gone as stopped', async () => {
    const child = spawnGroup('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await killGroup(child.pid as number);
  });
});
