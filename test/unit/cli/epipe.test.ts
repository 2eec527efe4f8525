import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../..');

describe('mlops output piped into a reader that closes early', function () {
  this.timeout(60_000);

  it('exits 0 without an EPIPE stack trace when stdout is closed before it writes', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), '--help'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // like `head` exiting: the read end is gone before the CLI has started writing
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.doesNotMatch(stderr, /EPIPE|\n\s+at |Unhandled/, stderr);
    assert.equal(code, 0, stderr);
  });
});
